// GraphQL Code Generator: typed documents (client preset) for the example operations in client/operations and
// for the dashboard's operations in web/operations.
import { readFileSync } from 'node:fs';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { addTypenameSelectionDocumentTransform } from '@graphql-codegen/client-preset';
import { buildSchema } from 'graphql';

const config: CodegenConfig = {
  // schema.graphql, built here rather than named as a path: codegen's loaders sort a schema they load
  // (lexicographicSortSchema, enum values included), while a schema handed over as an object is used as it is.
  // schema.graphql is already printed deterministically, so the generated enums keep its meaningful order
  // (funnel order, wire order) and the output stays the same on every run.
  schema: buildSchema(readFileSync('schema.graphql', 'utf8')),
  ignoreNoDocuments: false,
  // The loaders' default `sort` stays on for the documents: it orders the operation files by path, so the output
  // is the same on every run (without it, files load in whatever order they finish).
  // One operation per file under client/operations: graphql() maps each file's text to its own document.
  hooks: { afterAllFileWrite: ['tsx scripts/export-documents.ts'] },
  // ESM with NodeNext resolution: generated imports carry their .js extension.
  emitLegacyCommonJSImports: false,
  generates: {
    'client/gql/': {
      documents: ['client/operations/**/*.graphql'],
      preset: 'client',
      // persistedDocuments: also writes persisted-documents.json, the store GATEWAY_PERSISTED_ONLY serves from.
      presetConfig: { fragmentMasking: false, persistedDocuments: true },
      // __typename wherever Apollo Client and urql add it, so the documents (and their hashes) are the ones
      // those clients send, and their normalized caches can match fragments.
      documentTransforms: [addTypenameSelectionDocumentTransform],
      config: {
        scalars: { Date: 'string', DateTime: 'string', UInt32: 'number' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
    // The dashboard's own operations: documents as plain strings (TypedDocumentString), so the page needs no
    // GraphQL library at run time; the types come from the same schema.
    'web/gql/': {
      documents: ['web/operations/**/*.graphql'],
      preset: 'client',
      // persistedDocuments: the hashes the dashboard sends (automatic persisted queries), and the store a gateway
      // with GATEWAY_PERSISTED_ONLY=true serves them from beside client/gql's.
      presetConfig: { fragmentMasking: false, persistedDocuments: true },
      config: {
        documentMode: 'string',
        scalars: { Date: 'string', DateTime: 'string', UInt32: 'number' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
