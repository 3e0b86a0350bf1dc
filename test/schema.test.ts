// schema.graphql is what the server serves, and the example client operations are valid against it.
import { readFileSync } from 'node:fs';
import {
  buildClientSchema,
  getIntrospectionQuery,
  lexicographicSortSchema,
  print,
  printSchema,
  type DocumentNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as operations from '../client/gql/graphql.js';
import { printSchemaFile } from '../src/schema/print.js';
import { callbackUrl } from '../src/events/signature.js';
import { SDKAPPID, startStack, subscribeSse, type Stack } from './helpers.js';

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
    const { data } = await stack.gql(getIntrospectionQuery());
    const served = printSchema(lexicographicSortSchema(buildClientSchema(data)));
    expect(sdl(committed)).toBe(served.trim());
    expect(served).toContain('directive @stream');
    expect(served).toContain('directive @defer');
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
      'PushTracesDocument',
      'SendBatchPushDocument',
      'TaskEventsDocument',
      'TaskLiveDocument',
      'TaskOverviewDocument',
      'TaskTracesStreamDocument',
      'TasksLossDocument',
      'WatchTaskDocument',
    ]);
  });

  const variables: Record<string, Record<string, unknown>> = {
    TaskOverviewDocument: { taskId: 'xxx-yyy-zzz', userIds: ['xyz', 'alice'] },
    TaskTracesStreamDocument: { taskId: 'xxx-yyy-zzz', userIds: ['xyz'] },
    TasksLossDocument: { ids: ['xxx-yyy-zzz', 'aaa-bbb-ccc'] },
    PushTracesDocument: { pushId: 'xxx-yyy-zzz' },
    LossOverviewDocument: { range: { from: '2025-03-12T00:00:00+08:00', to: '2025-03-13T00:00:00+08:00' } },
    SendBatchPushDocument: { input: { fromAccount: 'administrator', toAccounts: ['user1'] } },
    TaskLiveDocument: { id: 'xxx-yyy-zzz' },
    WatchTaskDocument: { taskId: 'xxx-yyy-zzz' },
    TaskEventsDocument: { taskId: 'example-task' },
  };
  const isSubscription = (doc: DocumentNode) =>
    doc.definitions.some((d) => d.kind === 'OperationDefinition' && d.operation === 'subscription');

  it.each(documents.map(([name, doc]) => [name, doc] as const))('%s runs without errors', async (name, doc) => {
    if (isSubscription(doc)) {
      const sub = await subscribeSse(stack.url, print(doc), variables[name]);
      try {
        // An event for pushEvents: an unsigned callback (no token configured), posted until it is seen.
        const webhook = stack.url.replace(/\/graphql$/, '/callbacks/tencent');
        const event = { TaskId: 'example-task', To_Account: 'u1', PushStage: 1, EventTime: 1_700_000_000 };
        let first;
        for (let i = 0; i < 20 && !first; i++) {
          if (name === 'TaskEventsDocument') {
            const url = callbackUrl(webhook, { sdkAppId: SDKAPPID, command: 'Push.AllMemberPush' });
            await fetch(url, { method: 'POST', body: JSON.stringify({ Events: [{ ...event, To_Account: `u${i}` }] }) });
          }
          first = await sub.next(250).catch(() => undefined);
        }
        expect(first?.errors).toBeUndefined();
        expect(first?.data).toBeDefined();
      } finally {
        sub.close();
      }
      return;
    }
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
