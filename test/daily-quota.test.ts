// The daily cap of all-user, tag and attribute pushes: Query.pushQuota, refusals before any call, the upstream's
// 90047, and one count for two replicas sharing Redis.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REDIS_URL, connectTestRedis, type TestRedis } from './redis.js';
import { freePort, startRedis, startStack, type GqlResult, type Stack } from './helpers.js';

const QUOTA = `{ pushQuota { dailyLimit used remaining resetsAt } }`;
interface Quota {
  pushQuota: { dailyLimit: number; used: number | null; remaining: number | null; resetsAt: string };
}
const SEND = `mutation($input: SendPushInput!) { sendPush(input: $input) { taskId } }`;
const push = (stack: Stack, extra: object = {}) =>
  stack.gql<{ sendPush: { taskId: string } }>(SEND, {
    input: { fromAccount: 'admin', audience: { tagsOr: ['vip'] }, title: 'Hi', ...extra },
  });
const codeOf = (r: GqlResult<unknown>) => r.errors?.[0]?.extensions?.code;

/** The next midnight at UTC+08:00, where the upstream's day ends. */
function nextUpstreamMidnight(): string {
  const local = new Date(Date.now() + 8 * 3_600_000);
  const midnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1) - 8 * 3_600_000;
  return new Date(midnight).toISOString();
}

describe('Query.pushQuota and the gateway’s own count', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { PUSH_DAILY_LIMIT: '3' } });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  it('counts pushes, gives back the ones that surely failed, and refuses past the cap with no call', async () => {
    expect((await stack.data<Quota>(QUOTA)).pushQuota).toEqual({
      dailyLimit: 3,
      used: 0,
      remaining: 3,
      resetsAt: nextUpstreamMidnight(),
    });
    expect(codeOf(await push(stack))).toBeUndefined();
    stack.emulator.inject('push', { errorCode: 90045 });
    expect(codeOf(await push(stack))).toBe('UPSTREAM_ERROR'); // nothing went out: given back
    expect((await stack.data<Quota>(QUOTA)).pushQuota).toMatchObject({ used: 1, remaining: 2 });
    stack.emulator.inject('push', { dropAfterRequest: true });
    expect(codeOf(await push(stack))).toBe('PUSH_OUTCOME_UNKNOWN'); // it may have gone out: counted
    expect(codeOf(await push(stack, { audience: { all: true } }))).toBeUndefined();
    expect((await stack.data<Quota>(QUOTA)).pushQuota).toMatchObject({ used: 3, remaining: 0 });

    const refused = await push(stack, { idempotencyKey: 'over-the-cap' });
    expect(refused.data).toBeNull();
    expect(refused.errors![0]!.extensions).toEqual({
      code: 'DAILY_QUOTA_EXHAUSTED',
      resetsAt: nextUpstreamMidnight(),
      dailyLimit: 3,
    });
    expect(stack.emulator.callsTo('push')).toHaveLength(4);
    // The refusal sent nothing: it frees the key.
    expect(codeOf(await push(stack, { idempotencyKey: 'over-the-cap' }))).toBe('DAILY_QUOTA_EXHAUSTED');
    expect(stack.emulator.callsTo('push')).toHaveLength(4);
  });

  it('does not count batch pushes', async () => {
    await stack.data(`mutation { sendBatchPush(input: { fromAccount: "a", toAccounts: ["u1"] }) { taskId } }`);
    expect((await stack.data<Quota>(QUOTA)).pushQuota.used).toBe(3);
  });
});

describe('the upstream’s 90047', () => {
  let stack: Stack;
  beforeAll(async () => {
    // Pushes made elsewhere used the upstream's day: it allows 1 more while the gateway thinks 100 are left.
    stack = await startStack({ emulator: { dailyPushLimit: 1 } });
  });
  afterAll(() => stack.close());

  it('answers DAILY_QUOTA_EXHAUSTED and marks the day: later pushes make no call', async () => {
    expect(codeOf(await push(stack))).toBeUndefined();
    const over = await push(stack);
    expect(over.errors![0]!.extensions).toMatchObject({
      code: 'DAILY_QUOTA_EXHAUSTED',
      resetsAt: nextUpstreamMidnight(),
      upstream: { api: 'push', errorCode: 90047 },
    });
    expect((await stack.data<Quota>(QUOTA)).pushQuota).toMatchObject({ used: 1, remaining: 0 });
    expect(codeOf(await push(stack, { audience: { all: true } }))).toBe('DAILY_QUOTA_EXHAUSTED');
    expect(stack.emulator.callsTo('push').map((c) => c.errorCode)).toEqual([0, 90047]);
  });
});

describe('two replicas sharing Redis', () => {
  let shared: TestRedis;
  let a: Stack;
  let b: Stack;
  beforeAll(async () => {
    shared = await connectTestRedis();
    const env = { REDIS_URL, REDIS_PREFIX: shared.prefix, PUSH_DAILY_LIMIT: '3' };
    [a, b] = await Promise.all([startStack({ env }), startStack({ env })]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await shared?.close();
  });

  it('count one cap together: of 6 concurrent pushes at both, 3 go out', async () => {
    const results = await Promise.all([a, b, a, b, a, b].map((s) => push(s)));
    const codes = results.map(codeOf);
    expect(codes.filter((c) => c === undefined)).toHaveLength(3);
    expect(codes.filter((c) => c === 'DAILY_QUOTA_EXHAUSTED')).toHaveLength(3);
    const sent = a.emulator.callsTo('push').length + b.emulator.callsTo('push').length;
    expect(sent).toBe(3);
    for (const s of [a, b]) expect((await s.data<Quota>(QUOTA)).pushQuota).toMatchObject({ used: 3, remaining: 0 });
  });
});

describe('an unreachable quota store', () => {
  let redis: ChildProcess;
  let stack: Stack;
  beforeAll(async () => {
    const port = await freePort();
    redis = await startRedis(port);
    stack = await startStack({ env: { REDIS_URL: `redis://127.0.0.1:${port}`, REDIS_TIMEOUT_MS: '300' } });
    redis.kill('SIGKILL');
    await new Promise((resolve) => redis.once('exit', resolve));
  });
  afterAll(async () => {
    await stack?.close();
    redis?.kill('SIGKILL');
  });

  it('fails only the count’s fields, and refuses a push with nothing sent', async () => {
    const r = await stack.gql<Quota>(QUOTA);
    expect(r.data!.pushQuota).toMatchObject({ dailyLimit: 100, used: null, remaining: null });
    expect(r.errors!.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([
      ['pushQuota.used', 'UPSTREAM_UNAVAILABLE'],
      ['pushQuota.remaining', 'UPSTREAM_UNAVAILABLE'],
    ]);
    const refused = await push(stack);
    expect(refused.errors![0]!.message).toMatch(/daily quota store \(Redis\) is unreachable; nothing was sent/);
    expect(stack.emulator.callsTo('push')).toHaveLength(0);
  });
});
