/* eslint-disable */
export * from "./gql.js";
export * from "./graphql.js";
