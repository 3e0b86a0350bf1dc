// Whole answers kept in front of GraphQL: hits, scoping by caller, what is never kept, TTL and invalidation.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { capturedLog, startStack, type Stack } from './helpers.js';

const STATS_KEY = 'cache-stats-key-0123456789ab';
const ALL_KEY = 'cache-all-key-0123456789abcd';
const env = {
  GATEWAY_API_KEYS: `${STATS_KEY}=stats:read,${ALL_KEY}=stats:read+stats:tokens+push:send`,
  CACHE_TTL_TRACE_SECONDS: '2',
  // The default window's end moves once an hour here, so an answer over it is kept (its TTL ends with the step).
  DEFAULT_WINDOW_STEP_SECONDS: '3600',
};
const key = (k: string) => ({ 'x-api-key': k });
type TraceData = { task: { trace: { instances: { instanceId: string; token: string | null }[] } } };
const token = (r: { data?: TraceData | null }) => r.data?.task.trace.instances[0]?.token;
const TRACE = `query Trace { task(id: "xxx-yyy-zzz") { trace(userId: "xyz") { instances { instanceId token } } } }`;
const to = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const RANGE = { from: new Date(to.getTime() - 86_400_000).toISOString(), to: to.toISOString() };
const OVERALL = `query Overall($r: TimeRange!) { overallTaskLoss(range: $r) { total } }`;
const SEND = `mutation { sendBatchPush(input: { fromAccount: "admin", toAccounts: ["u1"] }) { taskId } }`;

let stack: Stack;
const { log, lines } = capturedLog();
beforeAll(async () => (stack = await startStack({ env, log })));
afterAll(() => stack.close());
beforeEach(() => {
  stack.emulator.reset();
  lines.length = 0;
});

/** How the last operation was answered, from its log line. */
const lastAnswer = () => {
  const line = lines.filter((l) => typeof l.msg === 'string' && l.msg.startsWith('operation')).at(-1);
  return line?.cache === 'hit' ? 'hit' : 'executed';
};

describe('response cache, by default', () => {
  let fresh: Stack;
  beforeAll(async () => (fresh = await startStack({ env: { ...env, RESPONSE_CACHE_KEEP_FROM: '2' } })));
  afterAll(() => fresh.close());

  it('keeps an answer from its second sighting: a one-off request costs no copy and evicts nothing', async () => {
    const metric = async (result: string) => {
      const text = await (await fetch(fresh.url.replace('/graphql', '/metrics'))).text();
      return Number(new RegExp(`timpush_response_cache_total\\{result="${result}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
    };
    const q = `query Once { task(id: "xxx-yyy-zzz") { trace(userId: "xyz") { userId } } }`;
    // Two one-off requests (other bytes: variables the operation does not read): answered, neither kept.
    await fresh.gql(q, { n: 1 }, key(STATS_KEY));
    await fresh.gql(q, { n: 2 }, key(STATS_KEY));
    await new Promise((r) => setTimeout(r, 50));
    expect(await metric('first')).toBe(2);
    expect(await metric('stored')).toBe(0);
    // The first one asked again: kept now, answered from the cache the time after.
    const second = await fresh.gql(q, { n: 1 }, key(STATS_KEY));
    await new Promise((r) => setTimeout(r, 50));
    expect(await metric('stored')).toBe(1);
    expect(await metric('hit')).toBe(0);
    const third = await fresh.gql(q, { n: 1 }, key(STATS_KEY));
    expect(await metric('hit')).toBe(1);
    expect(third.text).toBe(second.text);
    expect(fresh.emulator.calls).toHaveLength(1); // the trace itself came from the upstream cache each time
  });
});

describe('response cache', () => {
  it('answers a repeated query from the cache, byte for byte, without executing it', async () => {
    const first = await stack.gql(TRACE, {}, key(STATS_KEY));
    expect(lastAnswer()).toBe('executed');
    await new Promise((r) => setTimeout(r, 50)); // the answer is kept once its response is out
    const second = await stack.gql(TRACE, {}, key(STATS_KEY));
    expect(lastAnswer()).toBe('hit');
    expect(second.text).toBe(first.text);
    expect(stack.emulator.calls).toHaveLength(1);
  });

  it('keeps a non-ASCII answer byte for byte, with its length and content type', async () => {
    const ask = () =>
      fetch(stack.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...key(STATS_KEY) },
        body: JSON.stringify({ query: `{ task(id: "xxx-yyy-zzz") { trace(userId: "zoë-雪") { userId } } }` }),
      });
    const executed = await ask();
    const first = await executed.text();
    expect(lastAnswer()).toBe('executed');
    expect(executed.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(first).toContain('zoë-雪');
    await new Promise((r) => setTimeout(r, 50));
    const res = await ask();
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(lastAnswer()).toBe('hit');
    expect(bytes.toString('utf8')).toBe(first);
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('passes every body it reads to yoga as yoga would read it: JSON, GraphQL-typed JSON, bad JSON', async () => {
    const post = (contentType: string, body: string) =>
      fetch(stack.url, { method: 'POST', headers: { 'content-type': contentType, ...key(STATS_KEY) }, body });
    const query = JSON.stringify({ query: '{ __typename }' });
    const json = await post('application/json; charset=utf-8', query);
    expect(await json.json()).toEqual({ data: { __typename: 'Query' } });
    const typed = await post('application/graphql+json', query);
    expect(await typed.json()).toEqual({ data: { __typename: 'Query' } });
    const bad = await post('application/json', '{ "query": ');
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('POST body sent invalid JSON.');
    const notObject = await post('application/json', '"{ __typename }"');
    expect(notObject.status).toBe(400);
    expect(JSON.stringify(await notObject.json())).toContain('POST body is expected to be object');
  });

  it('answers a repeated query over the default window from the cache until that window moves on', async () => {
    const LOSS = `query DefaultLoss { task(id: "xxx-yyy-zzz") { loss { total } } }`;
    await stack.gql(LOSS, {}, key(STATS_KEY));
    expect(lastAnswer()).toBe('executed');
    await new Promise((r) => setTimeout(r, 50));
    await stack.gql(LOSS, {}, key(STATS_KEY));
    expect(lastAnswer()).toBe('hit');
  });

  it('never gives a caller without stats:tokens an answer cached for one with it', async () => {
    const all = await stack.gql<TraceData>(TRACE, {}, key(ALL_KEY));
    expect(token(all)).toBe('aabbc');
    await new Promise((r) => setTimeout(r, 50));
    const stats = await stack.gql<TraceData>(TRACE, {}, key(STATS_KEY));
    expect(token(stats)).toBeNull();
    const again = await stack.gql<TraceData>(TRACE, {}, key(STATS_KEY));
    expect(token(again)).toBeNull();
  });

  it('keeps no answer with an error', async () => {
    const q = `query Failing { task(id: "cache-err") { trace(userId: "u") { userId } } }`;
    stack.emulator.inject('all_member_push_trace', { errorCode: 90100 });
    const failed = await stack.gql(q, {}, key(STATS_KEY));
    expect(failed.errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
    await new Promise((r) => setTimeout(r, 50));
    const retried = await stack.gql(q, {}, key(STATS_KEY));
    expect(lastAnswer()).toBe('executed');
    expect(retried.errors).toBeUndefined();
  });

  it('keeps no streamed answer', async () => {
    const q = `query Streamed { task(id: "cache-stream") { traces(userIds: ["a", "b"]) @stream(initialCount: 0) { userId } } }`;
    const stream = () =>
      fetch(stack.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...key(STATS_KEY) },
        body: JSON.stringify({ query: q }),
      }).then((res) => res.text());
    expect((await stream()).match(/^event: next/gm)!.length).toBeGreaterThan(1);
    await new Promise((r) => setTimeout(r, 50));
    expect((await stream()).match(/^event: next/gm)!.length).toBeGreaterThan(1);
    expect(lastAnswer()).toBe('executed');
  });

  it('keeps an answer no longer than the shortest TTL of the upstream data it used', async () => {
    const q = `query Short { task(id: "cache-ttl") { trace(userId: "u") { userId } } }`;
    await stack.gql(q, {}, key(STATS_KEY));
    await new Promise((r) => setTimeout(r, 50));
    await stack.gql(q, {}, key(STATS_KEY));
    expect(lastAnswer()).toBe('hit');
    await new Promise((r) => setTimeout(r, 2100)); // CACHE_TTL_TRACE_SECONDS=2
    await stack.gql(q, {}, key(STATS_KEY));
    expect(lastAnswer()).toBe('executed');
  });

  it('drops answers over every task once sendBatchPush has pushed', async () => {
    await stack.gql(OVERALL, { r: RANGE }, key(STATS_KEY));
    await new Promise((r) => setTimeout(r, 50));
    await stack.gql(OVERALL, { r: RANGE }, key(STATS_KEY));
    expect(lastAnswer()).toBe('hit');
    const sent = await stack.gql(SEND, {}, key(ALL_KEY));
    expect(sent.errors).toBeUndefined();
    await stack.gql(OVERALL, { r: RANGE }, key(STATS_KEY));
    expect(lastAnswer()).toBe('executed');
  });

  it('drops the answers about the task a push created', async () => {
    const sent = await stack.gql<{ sendBatchPush: { taskId: string } }>(SEND, {}, key(ALL_KEY));
    const taskId = sent.data!.sendBatchPush.taskId;
    const q = `query Pushed($id: ID!) { task(id: $id) { trace(userId: "u1") { userId } } }`;
    await stack.gql(q, { id: taskId }, key(STATS_KEY));
    await new Promise((r) => setTimeout(r, 50));
    await stack.gql(q, { id: taskId }, key(STATS_KEY));
    expect(lastAnswer()).toBe('hit');
    await stack.gateway.invalidateTask(taskId);
    await stack.gql(q, { id: taskId }, key(STATS_KEY));
    expect(lastAnswer()).toBe('executed');
  });

  it('keeps statistics answers, as it keeps loss answers', async () => {
    const q = `query Stats($r: StatsRange!) { pushStats(range: $r) { total } }`;
    await stack.gql(q, { r: RANGE }, key(STATS_KEY));
    await new Promise((r) => setTimeout(r, 50));
    const again = await stack.gql(q, { r: RANGE }, key(STATS_KEY));
    expect(again.errors).toBeUndefined();
    expect(lastAnswer()).toBe('hit');
    expect(stack.emulator.calls).toHaveLength(1);
  });

  it('drops the answers about a task, and those over every task, once revokePush has run', async () => {
    const sent = await stack.gql<{ sendBatchPush: { taskId: string } }>(SEND, {}, key(ALL_KEY));
    const taskId = sent.data!.sendBatchPush.taskId;
    const q = `query Pushed($id: ID!) { task(id: $id) { trace(userId: "u1") { userId } } }`;
    for (const [query, variables] of [
      [q, { id: taskId }],
      [OVERALL, { r: RANGE }],
    ] as const) {
      await stack.gql(query, variables, key(STATS_KEY));
      await new Promise((r) => setTimeout(r, 50));
      await stack.gql(query, variables, key(STATS_KEY));
      expect(lastAnswer()).toBe('hit');
    }
    const revoked = await stack.gql(
      `mutation($id: ID!) { revokePush(input: { taskId: $id }) { taskId } }`,
      { id: taskId },
      key(ALL_KEY),
    );
    expect(revoked.errors).toBeUndefined();
    await stack.gql(q, { id: taskId }, key(STATS_KEY));
    expect(lastAnswer()).toBe('executed');
    await stack.gql(OVERALL, { r: RANGE }, key(STATS_KEY));
    expect(lastAnswer()).toBe('executed');
  });

  it('never keeps an answer that reads the live counters: they move with the callbacks, not the upstream', async () => {
    const q = `query Live { task(id: "cache-live") { id live { sent delivered } trace(userId: "u") { userId } } }`;
    for (let i = 0; i < 2; i++) {
      const r = await stack.gql(q, {}, key(STATS_KEY));
      expect(r.errors).toBeUndefined();
      expect(lastAnswer()).toBe('executed');
      await new Promise((r) => setTimeout(r, 50));
    }
    // The same query without `live` is kept: it is the live field that made the answer uncacheable.
    const without = `query NotLive { task(id: "cache-live") { id trace(userId: "u") { userId } } }`;
    await stack.gql(without, {}, key(STATS_KEY));
    await new Promise((r) => setTimeout(r, 50));
    await stack.gql(without, {}, key(STATS_KEY));
    expect(lastAnswer()).toBe('hit');
  });
});

describe('response cache in Redis', () => {
  const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const prefix = `timpush-test:${randomUUID()}:`;
  const a = capturedLog();
  const b = capturedLog();
  let one: Stack;
  let two: Stack;
  beforeAll(async () => {
    const shared = { ...env, REDIS_URL, REDIS_PREFIX: prefix };
    [one, two] = await Promise.all([startStack({ env: shared, log: a.log }), startStack({ env: shared, log: b.log })]);
  });
  afterAll(async () => {
    await Promise.all([one.close(), two.close()]);
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('shares answers across replicas, per caller', async () => {
    const first = await one.gql(TRACE, {}, key(STATS_KEY));
    await new Promise((r) => setTimeout(r, 100));
    const second = await two.gql(TRACE, {}, key(STATS_KEY));
    expect(second.text).toBe(first.text);
    expect(b.lines.some((l) => l.cache === 'hit')).toBe(true);
    const tokens = await two.gql<TraceData>(TRACE, {}, key(ALL_KEY));
    expect(token(tokens)).toBe('aabbc');
  });
});
