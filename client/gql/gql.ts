/* eslint-disable */
import * as types from './graphql.js';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "query LossOverview($range: TimeRange!) {\n  pushLoss(range: $range) {\n    total\n    byPlatform(stage: POST_SEND_DELIVERED) {\n      platform\n      errorCode\n      errorInfo\n      count\n    }\n  }\n  ... @defer {\n    overallTaskLoss(range: $range) {\n      total\n      byPlatform {\n        stage\n        platform\n        errorCode\n        errorInfo\n        count\n      }\n    }\n  }\n}": typeof types.LossOverviewDocument,
    "fragment LossSummary on LossReport {\n  taskId\n  from\n  to\n  total\n  readyToSend {\n    errorCode\n    errorInfo\n    count\n  }\n  postSendDelivered {\n    errorCode\n    errorInfo\n    count\n  }\n  byPlatform {\n    stage\n    platform\n    eventType\n    errorCode\n    errorInfo\n    count\n  }\n}": typeof types.LossSummaryFragmentDoc,
    "query PushTraces($pushId: ID!) {\n  push(id: $pushId) {\n    id\n    traces {\n      instanceId\n      platform\n      pushTime\n      stages {\n        stage\n        status\n        errorCode\n        errorInfo\n        eventTime\n      }\n    }\n  }\n}": typeof types.PushTracesDocument,
    "mutation SendBatchPush($input: SendBatchPushInput!) {\n  sendBatchPush(input: $input) {\n    taskId\n    task {\n      id\n    }\n    failedAccounts {\n      account\n      errorCode\n      errorInfo\n    }\n  }\n}": typeof types.SendBatchPushDocument,
    "query TaskOverview($taskId: ID!, $userIds: [ID!]!, $range: TimeRange) {\n  task(id: $taskId) {\n    id\n    loss(range: $range) {\n      ...LossSummary\n    }\n    traces(userIds: $userIds) {\n      ...UserTraceDetail\n    }\n  }\n}": typeof types.TaskOverviewDocument,
    "query TaskTracesStream($taskId: ID!, $userIds: [ID!]!) {\n  task(id: $taskId) {\n    id\n    traces(userIds: $userIds) @stream(initialCount: 0) {\n      ...UserTraceDetail\n    }\n  }\n}": typeof types.TaskTracesStreamDocument,
    "query TasksLoss($ids: [ID!]!, $range: TimeRange) {\n  tasks(ids: $ids) {\n    id\n    loss(range: $range) {\n      ...LossSummary\n    }\n  }\n}": typeof types.TasksLossDocument,
    "fragment UserTraceDetail on UserTrace {\n  taskId\n  userId\n  instances {\n    instanceId\n    pushTime\n    eventType\n    platform\n    deviceModel\n    system\n    systemVersion\n    token\n    certId\n    sdkVersion\n    pushVersion\n    notificationEnabled\n    recentlyActive\n    stages {\n      stage\n      status\n      errorCode\n      errorInfo\n      eventTime\n    }\n  }\n}": typeof types.UserTraceDetailFragmentDoc,
};
const documents: Documents = {
    "query LossOverview($range: TimeRange!) {\n  pushLoss(range: $range) {\n    total\n    byPlatform(stage: POST_SEND_DELIVERED) {\n      platform\n      errorCode\n      errorInfo\n      count\n    }\n  }\n  ... @defer {\n    overallTaskLoss(range: $range) {\n      total\n      byPlatform {\n        stage\n        platform\n        errorCode\n        errorInfo\n        count\n      }\n    }\n  }\n}": types.LossOverviewDocument,
    "fragment LossSummary on LossReport {\n  taskId\n  from\n  to\n  total\n  readyToSend {\n    errorCode\n    errorInfo\n    count\n  }\n  postSendDelivered {\n    errorCode\n    errorInfo\n    count\n  }\n  byPlatform {\n    stage\n    platform\n    eventType\n    errorCode\n    errorInfo\n    count\n  }\n}": types.LossSummaryFragmentDoc,
    "query PushTraces($pushId: ID!) {\n  push(id: $pushId) {\n    id\n    traces {\n      instanceId\n      platform\n      pushTime\n      stages {\n        stage\n        status\n        errorCode\n        errorInfo\n        eventTime\n      }\n    }\n  }\n}": types.PushTracesDocument,
    "mutation SendBatchPush($input: SendBatchPushInput!) {\n  sendBatchPush(input: $input) {\n    taskId\n    task {\n      id\n    }\n    failedAccounts {\n      account\n      errorCode\n      errorInfo\n    }\n  }\n}": types.SendBatchPushDocument,
    "query TaskOverview($taskId: ID!, $userIds: [ID!]!, $range: TimeRange) {\n  task(id: $taskId) {\n    id\n    loss(range: $range) {\n      ...LossSummary\n    }\n    traces(userIds: $userIds) {\n      ...UserTraceDetail\n    }\n  }\n}": types.TaskOverviewDocument,
    "query TaskTracesStream($taskId: ID!, $userIds: [ID!]!) {\n  task(id: $taskId) {\n    id\n    traces(userIds: $userIds) @stream(initialCount: 0) {\n      ...UserTraceDetail\n    }\n  }\n}": types.TaskTracesStreamDocument,
    "query TasksLoss($ids: [ID!]!, $range: TimeRange) {\n  tasks(ids: $ids) {\n    id\n    loss(range: $range) {\n      ...LossSummary\n    }\n  }\n}": types.TasksLossDocument,
    "fragment UserTraceDetail on UserTrace {\n  taskId\n  userId\n  instances {\n    instanceId\n    pushTime\n    eventType\n    platform\n    deviceModel\n    system\n    systemVersion\n    token\n    certId\n    sdkVersion\n    pushVersion\n    notificationEnabled\n    recentlyActive\n    stages {\n      stage\n      status\n      errorCode\n      errorInfo\n      eventTime\n    }\n  }\n}": types.UserTraceDetailFragmentDoc,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query LossOverview($range: TimeRange!) {\n  pushLoss(range: $range) {\n    total\n    byPlatform(stage: POST_SEND_DELIVERED) {\n      platform\n      errorCode\n      errorInfo\n      count\n    }\n  }\n  ... @defer {\n    overallTaskLoss(range: $range) {\n      total\n      byPlatform {\n        stage\n        platform\n        errorCode\n        errorInfo\n        count\n      }\n    }\n  }\n}"): (typeof documents)["query LossOverview($range: TimeRange!) {\n  pushLoss(range: $range) {\n    total\n    byPlatform(stage: POST_SEND_DELIVERED) {\n      platform\n      errorCode\n      errorInfo\n      count\n    }\n  }\n  ... @defer {\n    overallTaskLoss(range: $range) {\n      total\n      byPlatform {\n        stage\n        platform\n        errorCode\n        errorInfo\n        count\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment LossSummary on LossReport {\n  taskId\n  from\n  to\n  total\n  readyToSend {\n    errorCode\n    errorInfo\n    count\n  }\n  postSendDelivered {\n    errorCode\n    errorInfo\n    count\n  }\n  byPlatform {\n    stage\n    platform\n    eventType\n    errorCode\n    errorInfo\n    count\n  }\n}"): (typeof documents)["fragment LossSummary on LossReport {\n  taskId\n  from\n  to\n  total\n  readyToSend {\n    errorCode\n    errorInfo\n    count\n  }\n  postSendDelivered {\n    errorCode\n    errorInfo\n    count\n  }\n  byPlatform {\n    stage\n    platform\n    eventType\n    errorCode\n    errorInfo\n    count\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query PushTraces($pushId: ID!) {\n  push(id: $pushId) {\n    id\n    traces {\n      instanceId\n      platform\n      pushTime\n      stages {\n        stage\n        status\n        errorCode\n        errorInfo\n        eventTime\n      }\n    }\n  }\n}"): (typeof documents)["query PushTraces($pushId: ID!) {\n  push(id: $pushId) {\n    id\n    traces {\n      instanceId\n      platform\n      pushTime\n      stages {\n        stage\n        status\n        errorCode\n        errorInfo\n        eventTime\n      }\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SendBatchPush($input: SendBatchPushInput!) {\n  sendBatchPush(input: $input) {\n    taskId\n    task {\n      id\n    }\n    failedAccounts {\n      account\n      errorCode\n      errorInfo\n    }\n  }\n}"): (typeof documents)["mutation SendBatchPush($input: SendBatchPushInput!) {\n  sendBatchPush(input: $input) {\n    taskId\n    task {\n      id\n    }\n    failedAccounts {\n      account\n      errorCode\n      errorInfo\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query TaskOverview($taskId: ID!, $userIds: [ID!]!, $range: TimeRange) {\n  task(id: $taskId) {\n    id\n    loss(range: $range) {\n      ...LossSummary\n    }\n    traces(userIds: $userIds) {\n      ...UserTraceDetail\n    }\n  }\n}"): (typeof documents)["query TaskOverview($taskId: ID!, $userIds: [ID!]!, $range: TimeRange) {\n  task(id: $taskId) {\n    id\n    loss(range: $range) {\n      ...LossSummary\n    }\n    traces(userIds: $userIds) {\n      ...UserTraceDetail\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query TaskTracesStream($taskId: ID!, $userIds: [ID!]!) {\n  task(id: $taskId) {\n    id\n    traces(userIds: $userIds) @stream(initialCount: 0) {\n      ...UserTraceDetail\n    }\n  }\n}"): (typeof documents)["query TaskTracesStream($taskId: ID!, $userIds: [ID!]!) {\n  task(id: $taskId) {\n    id\n    traces(userIds: $userIds) @stream(initialCount: 0) {\n      ...UserTraceDetail\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query TasksLoss($ids: [ID!]!, $range: TimeRange) {\n  tasks(ids: $ids) {\n    id\n    loss(range: $range) {\n      ...LossSummary\n    }\n  }\n}"): (typeof documents)["query TasksLoss($ids: [ID!]!, $range: TimeRange) {\n  tasks(ids: $ids) {\n    id\n    loss(range: $range) {\n      ...LossSummary\n    }\n  }\n}"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "fragment UserTraceDetail on UserTrace {\n  taskId\n  userId\n  instances {\n    instanceId\n    pushTime\n    eventType\n    platform\n    deviceModel\n    system\n    systemVersion\n    token\n    certId\n    sdkVersion\n    pushVersion\n    notificationEnabled\n    recentlyActive\n    stages {\n      stage\n      status\n      errorCode\n      errorInfo\n      eventTime\n    }\n  }\n}"): (typeof documents)["fragment UserTraceDetail on UserTrace {\n  taskId\n  userId\n  instances {\n    instanceId\n    pushTime\n    eventType\n    platform\n    deviceModel\n    system\n    systemVersion\n    token\n    certId\n    sdkVersion\n    pushVersion\n    notificationEnabled\n    recentlyActive\n    stages {\n      stage\n      status\n      errorCode\n      errorInfo\n      eventTime\n    }\n  }\n}"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;