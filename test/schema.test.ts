// schema.graphql is what the server serves, and the example client operations answer what they promise.
import { readFileSync } from 'node:fs';
import {
  buildClientSchema,
  GraphQLScalarType,
  getIntrospectionQuery,
  Kind,
  parse,
  print,
  printSchema,
  validate,
  visit,
  type DocumentNode,
  type IntrospectionQuery,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as operations from '../client/gql/graphql.js';
import { buildSchema } from '../src/schema/index.js';
import { printSchemaFile } from '../src/schema/print.js';
import { EXAMPLE_QUERY } from '../src/gateway.js';
import type { Loss } from '../src/upstream/model.js';
import {
  DECODED_ALL_MEMBER_PUSH_TRACE,
  DECODED_NORMAL_PUSH_LOSS,
  DECODED_NORMAL_PUSH_TRACE,
  DECODED_TASK_LOSS,
  asJson,
} from './fixtures/index.js';
import { SDKAPPID, collect, startStack, streamAt, subscribeSse, type Stack } from './helpers.js';
import { callbackUrl } from '../src/events/signature.js';

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
    const served = printSchema(buildClientSchema(data));
    expect(sdl(committed)).toBe(served.trim());
    expect(served).toContain('directive @stream');
    expect(served).toContain('directive @defer');
  });

  it('serializes DateTime to its ISO string, so an answer holds no Date for JSON.stringify to convert', () => {
    const dateTime = buildSchema().getType('DateTime');
    expect(dateTime).toBeInstanceOf(GraphQLScalarType);
    const at = new Date('2025-03-13T08:16:29Z');
    const serialize = (value: unknown) => (dateTime as GraphQLScalarType).serialize(value);
    expect(serialize(at)).toBe('2025-03-13T08:16:29.000Z');
    expect(serialize(at)).toBe('2025-03-13T08:16:29.000Z'); // kept with the Date
    expect(serialize(new Date('2025-03-13T08:16:30Z'))).toBe('2025-03-13T08:16:30.000Z');
    expect(() => serialize(new Date(Number.NaN))).toThrow(/invalid Date/);
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

describe('generated types (client/gql)', () => {
  it('list every enum in the order schema.graphql gives it (funnel order, wire order)', () => {
    const generated = readFileSync(new URL('../client/gql/graphql.ts', import.meta.url), 'utf8');
    const unions = new Map(
      [...generated.matchAll(/^export type (\w+) =\n((?:\s*\| '\w+'\n?)+);/gm)].map(([, name, body]) => [
        name!,
        [...body!.matchAll(/'(\w+)'/g)].map((m) => m[1]!),
      ]),
    );
    const enums = parse(committed).definitions.flatMap((d) =>
      d.kind === Kind.ENUM_TYPE_DEFINITION ? [[d.name.value, (d.values ?? []).map((v) => v.name.value)] as const] : [],
    );
    for (const [name, values] of enums) if (unions.has(name)) expect(unions.get(name), name).toEqual(values);
    expect(unions.get('TraceStage')).toEqual([
      'IM_COMMIT',
      'OFFLINE_SUBMIT',
      'OFFLINE_CHANNEL',
      'OFFLINE_DEVICE',
      'OFFLINE_CLICK',
      'ONLINE_CHANNEL',
      'ONLINE_DEVICE',
    ]);
    expect(unions.get('PushPlatform')?.slice(0, 3)).toEqual(['UNKNOWN', 'APNS', 'XIAOMI']);
    expect(unions.get('LossStage')).toEqual(['READY_TO_SEND', 'POST_SEND_DELIVERED']);
  });
});

describe('example client operations (codegen documents)', () => {
  const documents = Object.entries(operations).filter(([name]) => name.endsWith('Document')) as [
    string,
    DocumentNode,
  ][];

  it('has one typed document per example operation', () => {
    expect(documents.map(([name]) => name).sort()).toEqual([
      'DeliveryOverviewDocument',
      'DiagnoseDocument',
      'LossOverviewDocument',
      'NodeByIdDocument',
      'PushTracesDocument',
      'RevokePushDocument',
      'SendBatchPushDocument',
      'TaskEventsDocument',
      'TaskLiveDocument',
      'TaskLossSummaryDocument',
      'TaskOverviewDocument',
      'TaskTracesStreamDocument',
      'TasksLossDocument',
      'WatchTaskDocument',
    ]);
  });

  /**
   * The answer without what the documents add for normalized caches (`__typename`, and the derived ids, which
   * test/identity.test.ts covers), so it compares with the documented examples; Task and Push ids stay.
   */
  const plain = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(plain);
    if (value === null || typeof value !== 'object') return value;
    const { __typename, id, ...rest } = value as Record<string, unknown>;
    const kept = __typename === 'Task' || __typename === 'Push' || __typename === undefined ? { id } : {};
    return Object.fromEntries(
      Object.entries({ ...kept, ...rest })
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, plain(v)]),
    );
  };
  const run = async (name: string, variables: Record<string, unknown> = {}) => {
    const doc = Object.fromEntries(documents)[name]!;
    const answer = collect(await streamAt(stack.url, print(doc), variables));
    return { ...answer, data: plain(answer.data) };
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
    const { task } = data as {
      task: {
        id: string;
        loss: object;
        summary: {
          lossRate: number;
          stats: { total: number };
          topReasons: { diagnosis: { class: string } }[];
        };
        traces: { userId: string; instances: unknown[] }[];
      };
    };
    expect(task.id).toBe('xxx-yyy-zzz');
    expect(task.loss).toMatchObject(documented('xxx-yyy-zzz', 544));
    const [{ outcome, ...device }] = task.traces[0]!.instances as [{ outcome: unknown }];
    expect({ ...task.traces[0], instances: [device] }).toEqual({
      taskId: 'xxx-yyy-zzz',
      userId: 'xyz',
      outcome: 'CLICKED',
      instances: [asJson(DECODED_ALL_MEMBER_PUSH_TRACE)],
    });
    // The documented device clicked: every stage succeeded.
    expect(outcome).toEqual({ result: 'CLICKED', failedStage: null, diagnosis: null });
    expect(task.summary.stats.total).toBeGreaterThan(0);
    expect(task.summary.lossRate).toBeCloseTo(544 / task.summary.stats.total, 12);
    expect(task.summary.topReasons[0]!.diagnosis.class).toMatch(/^[A-Z_]+$/);
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
    expect(data).toMatchObject({
      task: {
        id: 'xxx-yyy-zzz',
        traces: [{ taskId: 'xxx-yyy-zzz', userId: 'xyz', instances: [asJson(DECODED_ALL_MEMBER_PUSH_TRACE)] }],
      },
    });
    const { task } = data as { task: { traces: { outcome: string; instances: { outcome: unknown }[] }[] } };
    expect(task.traces[0]!.outcome).toBe('CLICKED');
    expect(task.traces[0]!.instances[0]!.outcome).toMatchObject({ result: 'CLICKED', failedStage: null });
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
  it('TaskLossSummary: the documented task, its loss rate from one loss and one statistics call', async () => {
    stack.emulator.reset();
    // A window of its own, so the answer is not already in the cache from the overview above.
    const range = { from: '2025-03-10T00:00:00+08:00', to: '2025-03-11T00:00:00+08:00' };
    const { data, errors } = await run('TaskLossSummaryDocument', { taskId: 'xxx-yyy-zzz', range });
    expect(errors).toEqual([]);
    const { summary } = (data as { task: { summary: { lossRate: number; stats: { total: number; sent: number } } } })
      .task;
    expect(summary.lossRate).toBeCloseTo(544 / summary.stats.total, 12);
    expect(stack.emulator.callsTo('all_member_push_loss')).toHaveLength(1);
    expect(stack.emulator.callsTo('all_member_push_statistics')).toHaveLength(1);
  });

  it('DeliveryOverview: the funnels of ordinary pushes and of all tasks', async () => {
    const { data, errors } = await run('DeliveryOverviewDocument', {
      range: { from: '2025-02-11T00:00:00+08:00', to: '2025-03-13T00:00:00+08:00' },
    });
    expect(errors).toEqual([]);
    const funnels = data as Record<
      'pushStats' | 'overallTaskStats',
      { total: number; sent: number; delivered: number }
    >;
    for (const f of Object.values(funnels)) {
      expect(f.total).toBeGreaterThanOrEqual(f.sent);
      expect(f.sent).toBeGreaterThanOrEqual(f.delivered);
    }
  });

  it('Diagnose: APNs 410 is an invalid token to prune', async () => {
    const { data, errors } = await run('DiagnoseDocument', { platform: 'APNS', code: '410' });
    expect(errors).toEqual([]);
    expect(data).toMatchObject({ diagnosis: { class: 'TOKEN_INVALID', pruneToken: true, retryable: false } });
  });

  it('TaskLive: counters from the push callbacks, zero before any arrived', async () => {
    const { data, errors } = await run('TaskLiveDocument', { id: 'no-callbacks-yet' });
    expect(errors).toEqual([]);
    expect(data).toEqual({
      task: { id: 'no-callbacks-yet', live: { sent: 0, delivered: 0, clicked: 0, failed: 0, updatedAt: null } },
    });
  });

  it('WatchTask: the current counters at once over server-sent events', async () => {
    const sub = await subscribeSse(stack.url, print(operations.WatchTaskDocument), { taskId: 'watched-task' });
    try {
      const first = await sub.next();
      expect(first.errors).toBeUndefined();
      expect(first.data).toMatchObject({ taskProgress: { taskId: 'watched-task', sent: 0, failed: 0 } });
    } finally {
      sub.close();
    }
  });

  it('TaskEvents: a callback posted to the webhook reaches the subscriber', async () => {
    const sub = await subscribeSse(stack.url, print(operations.TaskEventsDocument), { taskId: 'example-task' });
    try {
      const webhook = callbackUrl(stack.url.replace(/\/graphql$/, '/callbacks/tencent'), {
        sdkAppId: SDKAPPID,
        command: 'Push.AllMemberPush',
      });
      let first: Awaited<ReturnType<typeof sub.next>> | undefined;
      // The subscription is live once the server has answered; post until its first event arrives.
      for (let i = 0; i < 20 && !first; i++) {
        const event = { TaskId: 'example-task', To_Account: `u${i}`, PushStage: 1, EventTime: 1_700_000_000 };
        await fetch(webhook, { method: 'POST', body: JSON.stringify({ Events: [event] }) });
        first = await sub.next(250).catch(() => undefined);
      }
      expect(first?.errors).toBeUndefined();
      expect(first?.data).toMatchObject({ pushEvents: { stage: 'SENT' } });
    } finally {
      sub.close();
    }
  });

  it('NodeById: a user trace refetched by its global id', async () => {
    const id = Buffer.from('UserTrace:["xxx-yyy-zzz","xyz"]').toString('base64');
    const doc = Object.fromEntries(documents).NodeByIdDocument!;
    const { data, errors } = collect(await streamAt(stack.url, print(doc), { id }));
    expect(errors).toEqual([]);
    expect(data).toMatchObject({ node: { id, taskId: 'xxx-yyy-zzz', userId: 'xyz', outcome: 'CLICKED' } });
  });

  it('RevokePush: revokes a task the upstream issued', async () => {
    const pushed = await run('SendBatchPushDocument', {
      input: { fromAccount: 'administrator', toAccounts: ['user1'] },
    });
    const { taskId } = (pushed.data as { sendBatchPush: { taskId: string } }).sendBatchPush;
    const { data, errors } = await run('RevokePushDocument', { input: { taskId, title: 'Cancelled' } });
    expect(errors).toEqual([]);
    expect(data).toEqual({ revokePush: { taskId, task: { id: taskId } } });
    expect(stack.emulator.callsTo('revoke').map((c) => c.body)).toMatchObject([{ TaskId: taskId }]);
  });
});

describe('the example GraphiQL opens with', () => {
  it('is the TaskOverview operation file, valid against the schema and the one codegen typed', async () => {
    expect(validate(buildSchema(), parse(EXAMPLE_QUERY))).toEqual([]);
    // Codegen's documents also select __typename, as Apollo and urql do (persisted queries need the same text).
    const withoutTypename = (doc: DocumentNode): DocumentNode =>
      visit(doc, { Field: (f) => (f.name.value === '__typename' ? null : undefined) });
    const definitions = (doc: DocumentNode) =>
      withoutTypename(doc)
        .definitions.map((d) => print(d))
        .sort();
    expect(definitions(parse(EXAMPLE_QUERY))).toEqual(definitions(operations.TaskOverviewDocument));
    const page = await fetch(stack.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('TaskOverview($taskId');
  });
});
