// /metrics, /healthz, /readyz and the request id, as an operator scrapes them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET_KEY, capturedLog, startStack, type Stack } from './helpers.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const base = () => stack.url.replace(/\/graphql$/, '');
const metric = (text: string, line: string) =>
  Number(new RegExp(`^${line.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN);

describe('/metrics', () => {
  it('counts upstream calls, cache lookups, quota waits and operations', async () => {
    const q = `query TasksLoss { tasks(ids: ["m1", "m2"]) { loss { total } trace(userId: "u") { userId } } }`;
    await stack.gql(q);
    // Another spelling of the same query: not a whole-answer hit, so it reads the upstream cache.
    await stack.gql(`${q} `);
    stack.emulator.inject('normal_push_trace', { errorCode: 90100 });
    await stack.gql(`{ push(id: "m") { traces { instanceId } } }`);
    const text = await (await fetch(`${base()}/metrics`)).text();
    expect(metric(text, 'timpush_upstream_calls_total{api="all_member_push_trace",outcome="ok"}')).toBe(2);
    expect(metric(text, 'timpush_upstream_calls_total{api="all_member_push_loss",outcome="ok"}')).toBe(1);
    expect(metric(text, 'timpush_upstream_calls_total{api="normal_push_trace",outcome="upstream_error"}')).toBe(1);
    expect(metric(text, 'timpush_cache_lookups_total{api="all_member_push_trace",result="hit"}')).toBe(2);
    expect(metric(text, 'timpush_cache_lookups_total{api="all_member_push_trace",result="miss"}')).toBe(2);
    expect(metric(text, 'timpush_quota_wait_seconds_count{api="all_member_push_trace"}')).toBe(2);
    expect(metric(text, 'timpush_graphql_operation_duration_seconds_count{operation="TasksLoss",type="query"}')).toBe(
      2,
    );
    expect(text).toContain('timpush_quota_queue_depth');
    expect(text).toContain('timpush_upstream_latency_seconds_bucket');
    expect(text).not.toContain(SECRET_KEY);
    expect(text).not.toMatch(/usersig/i);
  });
});

describe('operation names in metrics', () => {
  it('are those of registered documents; any other name is counted as other', async () => {
    for (let i = 0; i < 30; i++) await stack.gql(`query Minted${i} { __typename }`);
    await stack.gql(`query TaskOverview { __typename }`);
    const text = await (await fetch(`${base()}/metrics`)).text();
    expect(text).not.toMatch(/Minted/);
    expect(metric(text, 'timpush_graphql_operation_duration_seconds_count{operation="other",type="query"}')).toBe(30);
    expect(
      metric(text, 'timpush_graphql_operation_duration_seconds_count{operation="TaskOverview",type="query"}'),
    ).toBe(1);
  });
});

describe('the log', () => {
  const KEY = 'observability-test-key-0123456789';
  let guarded: Stack;
  const { log, lines } = capturedLog();
  beforeAll(async () => {
    guarded = await startStack({ env: { GATEWAY_API_KEYS: `${KEY}=stats:read` }, log });
  });
  afterAll(() => guarded.close());
  const operationLines = () => lines.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('operation'));

  it('has one line per operation, refused ones included with their codes, client mistakes below error', async () => {
    await guarded.gql('query Anonymous { task(id: "t") { id } }');
    await guarded.gql(
      'mutation Forbidden { sendBatchPush(input: { fromAccount: "a", toAccounts: ["b"] }) { taskId } }',
      {},
      { 'x-api-key': KEY },
    );
    await guarded.gql('query Invalid { nope }', {}, { 'x-api-key': KEY });
    await guarded.gql('query BadInput { task(id: "") { loss { total } } }', {}, { 'x-api-key': KEY });
    await guarded.gql('query Fine { task(id: "t") { id } }', {}, { 'x-api-key': KEY });

    const byName = new Map(operationLines().map((l) => [l.operation, l]));
    expect(operationLines()).toHaveLength(5);
    expect(byName.get('Anonymous')).toMatchObject({ level: 30, codes: ['UNAUTHENTICATED'] });
    expect(byName.get('Forbidden')).toMatchObject({ level: 30, codes: ['FORBIDDEN'] });
    expect(byName.get('Invalid')).toMatchObject({ level: 30, codes: ['GRAPHQL_VALIDATION_FAILED'] });
    expect(byName.get('BadInput')).toMatchObject({ level: 30, codes: ['BAD_USER_INPUT'] });
    expect(byName.get('Fine')).toMatchObject({ level: 30, msg: 'operation' });
    expect(lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
  });

  it('names the codes the client received, also for errors coded as they are masked', async () => {
    guarded.emulator.inject('normal_push_trace', { httpStatus: 503 }, { httpStatus: 503 }, { httpStatus: 503 });
    guarded.emulator.inject('all_member_push_trace', { errorCode: 90100 });
    const answer = await guarded.gql(
      'query Failing { push(id: "p-down") { traces { instanceId } } task(id: "t") { trace(userId: "u") { userId } } }',
      {},
      { 'x-api-key': KEY },
    );
    const received = answer.errors!.map((e) => e.extensions!.code).sort();
    expect(received).toEqual(['UPSTREAM_ERROR', 'UPSTREAM_UNAVAILABLE']);
    const line = operationLines().find((l) => l.operation === 'Failing');
    expect(line).toMatchObject({ level: 40, codes: expect.arrayContaining(received) as unknown });
    expect((line!.codes as string[]).sort()).toEqual(received);
  });
});

describe('health', () => {
  it('is live and ready while the upstream is reachable', async () => {
    expect((await fetch(`${base()}/healthz`)).status).toBe(200);
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ready: true, redis: 'not used', upstream: 'ok', history: 'off' });
  });

  it('echoes or assigns a request id', async () => {
    const given = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-42' },
      body: '{"query":"{ __typename }"}',
    });
    expect(given.headers.get('x-request-id')).toBe('req-42');
    const assigned = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":"{ __typename }"}',
    });
    expect(assigned.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('reports the upstream unreachable when it is gone', async () => {
    await stack.emulator.close();
    const ready = await fetch(`${base()}/readyz`);
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ready: false, upstream: 'unreachable' });
  });
});
