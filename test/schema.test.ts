// schema.graphql is what the server serves, and the example client operations are valid against it.
import { readFileSync } from 'node:fs';
import {
  buildClientSchema,
  getIntrospectionQuery,
  print,
  printSchema,
  type DocumentNode,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as operations from '../client/gql/graphql.js';
import { printSchemaFile } from '../src/schema/print.js';
import { startStack, type Stack } from './helpers.js';

const committed = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
const sdl = (text: string) => text.replace(/^#.*\n\n/, '').trim();

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

describe('schema.graphql', () => {
  it('is up to date with the Pothos schema (run `npm run schema`)', () => {
    expect(committed).toBe(printSchemaFile());
  });

  it('equals the schema the server serves, @defer and @stream included', async () => {
    const { data } = await stack.gql<IntrospectionQuery>(getIntrospectionQuery());
    const served = printSchema(buildClientSchema(data!));
    expect(sdl(committed)).toBe(served.trim());
    expect(served).toContain('directive @stream');
    expect(served).toContain('directive @defer');
  });
});

describe('enum values over introspection', () => {
  const valuesOf = async (name: string) => {
    const { data } = await stack.gql<{ __type: { enumValues: { name: string }[] } }>(
      `query ($name: String!) { __type(name: $name) { enumValues { name } } }`,
      { name },
    );
    return data!.__type.enumValues.map((v) => v.name);
  };

  it('lists TraceStage in funnel order', async () => {
    expect(await valuesOf('TraceStage')).toEqual([
      'IM_COMMIT',
      'OFFLINE_SUBMIT',
      'OFFLINE_CHANNEL',
      'OFFLINE_DEVICE',
      'OFFLINE_CLICK',
      'ONLINE_CHANNEL',
      'ONLINE_DEVICE',
    ]);
  });

  it('lists PushPlatform in wire order, 0 to 8', async () => {
    expect(await valuesOf('PushPlatform')).toEqual([
      'UNKNOWN',
      'APNS',
      'XIAOMI',
      'HUAWEI',
      'FCM',
      'MEIZU',
      'OPPO',
      'VIVO',
      'HONOR',
    ]);
  });

  it('lists LossStage from READY_TO_SEND, and the wire-coded enums in wire order', async () => {
    expect(await valuesOf('LossStage')).toEqual(['READY_TO_SEND', 'POST_SEND_DELIVERED']);
    expect(await valuesOf('PushEventType')).toEqual(['OFFLINE', 'ONLINE']);
    expect(await valuesOf('PushStatus')).toEqual(['SUCCESS', 'FAILURE']);
  });
});

describe('example client operations (codegen documents)', () => {
  const documents = Object.entries(operations).filter(([name]) => name.endsWith('Document')) as [
    string,
    DocumentNode,
  ][];

  it('has one typed document per example operation', () => {
    expect(documents.map(([name]) => name).sort()).toEqual([
      'LossOverviewDocument',
      'NodeByIdDocument',
      'PushTracesDocument',
      'SendBatchPushDocument',
      'TaskOverviewDocument',
      'TaskTracesStreamDocument',
      'TasksLossDocument',
    ]);
  });

  const variables: Record<string, Record<string, unknown>> = {
    TaskOverviewDocument: { taskId: 'xxx-yyy-zzz', userIds: ['xyz', 'alice'] },
    TaskTracesStreamDocument: { taskId: 'xxx-yyy-zzz', userIds: ['xyz'] },
    TasksLossDocument: { ids: ['xxx-yyy-zzz', 'aaa-bbb-ccc'] },
    PushTracesDocument: { pushId: 'xxx-yyy-zzz' },
    NodeByIdDocument: { id: Buffer.from('UserTrace:["xxx-yyy-zzz","xyz"]').toString('base64') },
    LossOverviewDocument: { range: { from: '2025-03-12T00:00:00+08:00', to: '2025-03-13T00:00:00+08:00' } },
    SendBatchPushDocument: { input: { fromAccount: 'administrator', toAccounts: ['user1'] } },
  };

  it.each(documents.map(([name, doc]) => [name, doc] as const))('%s runs without errors', async (name, doc) => {
    const res = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'multipart/mixed, application/json' },
      body: JSON.stringify({ query: print(doc), variables: variables[name] }),
    });
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).not.toContain('"errors"');
    expect(text).toContain('"data"');
  });
});
