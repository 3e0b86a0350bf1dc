// schema.graphql is what the server serves, and the example client operations answer what they promise.
import { readFileSync } from 'node:fs';
import {
  buildClientSchema,
  getIntrospectionQuery,
  lexicographicSortSchema,
  parse,
  print,
  printSchema,
  validate,
  type DocumentNode,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as operations from '../client/gql/graphql.js';
import { buildSchema } from '../src/schema/index.js';
import { printSchemaFile } from '../src/schema/print.js';
import { EXAMPLE_QUERY } from '../src/server.js';
import type { Loss } from '../src/upstream/model.js';
import {
  DECODED_ALL_MEMBER_PUSH_TRACE,
  DECODED_NORMAL_PUSH_LOSS,
  DECODED_NORMAL_PUSH_TRACE,
  DECODED_TASK_LOSS,
  asJson,
} from './fixtures/index.js';
import { collect, startStack, streamAt, type Stack } from './helpers.js';

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
    const data = await stack.data<IntrospectionQuery>(getIntrospectionQuery());
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
      'TaskOverviewDocument',
      'TaskTracesStreamDocument',
      'TasksLossDocument',
    ]);
  });

  const run = async (name: string, variables: Record<string, unknown> = {}) => {
    const doc = Object.fromEntries(documents)[name]!;
    return collect(await streamAt(stack.url, print(doc), variables));
  };
  const loss = (l: Loss) => ({
    readyToSend: l.readyToSend.map(({ errorCode, errorInfo, count }) => ({ errorCode, errorInfo, count })),
    postSendDelivered: l.postSendDelivered.map(({ errorCode, errorInfo, count }) => ({ errorCode, errorInfo, count })),
    byPlatform: l.byPlatform.map(({ stage, platform, eventType, errorCode, errorInfo, count }) => ({
      stage,
      platform,
      eventType,
      errorCode,
      errorInfo,
      count,
    })),
  });
  const documented = (taskId: keyof typeof DECODED_TASK_LOSS, total: number) => ({
    taskId,
    total,
    ...loss(DECODED_TASK_LOSS[taskId]),
  });

  it('TaskOverview: the documented task loss and user trace, with no variables given', async () => {
    stack.emulator.reset();
    const { data, errors } = await run('TaskOverviewDocument');
    expect(errors).toEqual([]);
    const { task } = data as { task: { id: string; loss: object; traces: { userId: string; instances: unknown[] }[] } };
    expect(task.id).toBe('xxx-yyy-zzz');
    expect(task.loss).toMatchObject(documented('xxx-yyy-zzz', 544));
    expect(task.traces[0]).toEqual({
      taskId: 'xxx-yyy-zzz',
      userId: 'xyz',
      instances: [asJson(DECODED_ALL_MEMBER_PUSH_TRACE)],
    });
    expect(task.traces[1]!.userId).toBe('alice');
    expect(task.traces[1]!.instances.length).toBeGreaterThan(0);
  });

  it('TaskTracesStream: the documented trace, streamed', async () => {
    const { data, errors, payloads } = await run('TaskTracesStreamDocument', {
      taskId: 'xxx-yyy-zzz',
      userIds: ['xyz'],
    });
    expect(errors).toEqual([]);
    expect(payloads).toBeGreaterThan(1);
    expect(data).toEqual({
      task: {
        id: 'xxx-yyy-zzz',
        traces: [{ taskId: 'xxx-yyy-zzz', userId: 'xyz', instances: [asJson(DECODED_ALL_MEMBER_PUSH_TRACE)] }],
      },
    });
  });

  it('TasksLoss: both documented tasks', async () => {
    const { data, errors } = await run('TasksLossDocument', { ids: ['xxx-yyy-zzz', 'aaa-bbb-ccc'] });
    expect(errors).toEqual([]);
    const { tasks } = data as { tasks: { id: string; loss: object }[] };
    expect(tasks.map((t) => t.id)).toEqual(['xxx-yyy-zzz', 'aaa-bbb-ccc']);
    expect(tasks[0]!.loss).toMatchObject(documented('xxx-yyy-zzz', 544));
    expect(tasks[1]!.loss).toMatchObject(documented('aaa-bbb-ccc', 432));
  });

  it('PushTraces: the documented push trace', async () => {
    const { data, errors } = await run('PushTracesDocument', { pushId: 'xxx-yyy-zzz' });
    expect(errors).toEqual([]);
    const { instanceId, platform, pushTime, stages } = asJson(DECODED_NORMAL_PUSH_TRACE);
    expect(data).toEqual({ push: { id: 'xxx-yyy-zzz', traces: [{ instanceId, platform, pushTime, stages }] } });
  });

  it('LossOverview: the documented push loss at once, the overall task loss deferred', async () => {
    const { data, errors, payloads } = await run('LossOverviewDocument', {
      range: { from: '2025-03-12T00:00:00+08:00', to: '2025-03-13T00:00:00+08:00' },
    });
    expect(errors).toEqual([]);
    expect(payloads).toBe(2);
    const { pushLoss, overallTaskLoss } = data as { pushLoss: unknown; overallTaskLoss: { total: number } };
    expect(pushLoss).toEqual({
      total: 544,
      byPlatform: DECODED_NORMAL_PUSH_LOSS.byPlatform
        .filter((b) => b.stage === 'POST_SEND_DELIVERED')
        .map(({ platform, errorCode, errorInfo, count }) => ({ platform, errorCode, errorInfo, count })),
    });
    expect(overallTaskLoss.total).toBeGreaterThan(0);
  });

  it('SendBatchPush: one push, its task id and its task', async () => {
    stack.emulator.reset();
    const { data, errors } = await run('SendBatchPushDocument', {
      input: { fromAccount: 'administrator', toAccounts: ['user1', 'ghost1'] },
    });
    expect(errors).toEqual([]);
    const { sendBatchPush } = data as { sendBatchPush: { taskId: string; task: { id: string } } };
    expect(sendBatchPush.taskId).toMatch(/^batch_/);
    expect(sendBatchPush).toEqual({
      taskId: sendBatchPush.taskId,
      task: { id: sendBatchPush.taskId },
      failedAccounts: [{ account: 'ghost1', errorCode: 70107, errorInfo: null }],
    });
    expect(stack.emulator.callsTo('batch').map((c) => c.body)).toMatchObject([{ To_Account: ['user1', 'ghost1'] }]);
  });
});

describe('the example GraphiQL opens with', () => {
  it('is the TaskOverview operation file, valid against the schema and the one codegen typed', async () => {
    expect(validate(buildSchema(), parse(EXAMPLE_QUERY))).toEqual([]);
    const definitions = (doc: DocumentNode) => doc.definitions.map((d) => print(d)).sort();
    expect(definitions(parse(EXAMPLE_QUERY))).toEqual(definitions(operations.TaskOverviewDocument));
    const page = await fetch(stack.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('TaskOverview($taskId');
  });
});
