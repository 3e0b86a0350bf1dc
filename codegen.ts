// GraphQL Code Generator: typed documents (client preset) for the example operations in client/operations.
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema.graphql',
  documents: ['client/operations/**/*.graphql'],
  ignoreNoDocuments: false,
  // One operation per file under client/operations: graphql() maps each file's text to its own document.
  hooks: { afterAllFileWrite: ['tsx scripts/export-documents.ts'] },
  // ESM with NodeNext resolution: generated imports carry their .js extension.
  emitLegacyCommonJSImports: false,
  generates: {
    'client/gql/': {
      preset: 'client',
      // persistedDocuments: also writes persisted-documents.json, the store GATEWAY_PERSISTED_ONLY serves from.
      presetConfig: { fragmentMasking: false, persistedDocuments: true },
      config: {
        scalars: { DateTime: 'string', UInt32: 'number' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
    },
  },
};

export default config;
