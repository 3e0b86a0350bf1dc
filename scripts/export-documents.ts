// After codegen: the client preset's index exports only graphql(); make it export every typed document and
// type too, so `import { TaskOverviewDocument } from './client/gql/index.js'` works.
import { readFileSync, writeFileSync } from 'node:fs';

const index = new URL('../client/gql/index.ts', import.meta.url);
const line = 'export * from "./graphql.js";';
const text = readFileSync(index, 'utf8');
if (!text.includes(line)) writeFileSync(index, `${text.trimEnd()}\n${line}\n`);
