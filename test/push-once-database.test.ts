// Never twice, even when Redis forgets: idempotency keys kept in the history database outlive a Redis that lost
// its data and a gateway that restarted, on PostgreSQL and on PGlite; a push is refused, with nothing sent, only
// when neither store can be read.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { createStore } from '../src/history/store.js';
import { REDIS_URL, connectTestRedis, type TestRedis } from './redis.js';
import { createPgDatabase, openTestPglite, type TestDatabase } from './history-helpers.js';
import { startGatewayProcess } from '../scripts/gateway-process.js';
import {
  FAST_RATE,
  SDKAPPID,
  SECRET_KEY,
  freePort,
  gqlAt,
  startRedis,
  startStack,
  type GqlResult,
  type Stack,
} from './helpers.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';
import { APIS } from '../src/upstream/wire.js';

const SEND = `mutation($input: SendBatchPushInput!) { sendBatchPush(input: $input) { taskId failedAccounts { account } } }`;
type Sent = { sendBatchPush: { taskId: string; failedAccounts: { account: string }[] } };
const send = (stack: Stack, key: string, extra: object = {}) =>
  stack.gql<Sent>(SEND, { input: { fromAccount: 'a', toAccounts: ['u1'], title: 'T', idempotencyKey: key, ...extra } });
const SEND_PUSH = `mutation($key: String!) { sendPush(input: { fromAccount: "a", audience: { tagsOr: ["vip"] }, title: "T", idempotencyKey: $key }) { taskId } }`;
const codeOf = (r: GqlResult<unknown>) => r.errors?.[0]?.extensions?.code;
const messageOf = (r: GqlResult<unknown>) => r.errors?.[0]?.message;

let emulator: Emulator;
const batchCalls = () => emulator.callsTo('batch').length;
let stacks: Stack[] = [];

/** A gateway on the shared emulator, closed after the test. */
async function gateway(env: Record<string, string>): Promise<Stack> {
  const stack = await startStack({ upstream: emulator, env: { HISTORY_ENABLED: 'true', ...env } });
  stacks.push(stack);
  return stack;
}

/** Closes a gateway now, as a restart does (its last outbox attempt included). */
async function stop(stack: Stack): Promise<void> {
  stacks = stacks.filter((s) => s !== stack);
  await stack.close();
}

beforeAll(async () => {
  emulator = await startEmulator({
    sdkAppId: SDKAPPID,
    secretKey: SECRET_KEY,
    rates: Object.fromEntries(APIS.map((api) => [api, FAST_RATE])),
  });
});
afterAll(() => emulator.close());
beforeEach(() => emulator.reset());
afterEach(async () => {
  await Promise.all(stacks.map((s) => s.close()));
  stacks = [];
});

describe('two replicas on one database and one Redis', () => {
  let pg: TestDatabase;
  let shared: TestRedis;
  let a: Stack;
  let b: Stack;
  /** Redis losing its data, as one without persistence does when it restarts: only this test's keys. */
  const forget = async () => {
    const keys = await shared.redis.keys(`${shared.prefix}*`);
    if (keys.length) await shared.redis.del(...keys);
    return keys.filter((k) => k.includes(':idempotency:')).length;
  };

  beforeAll(async () => {
    [pg, shared] = await Promise.all([createPgDatabase(), connectTestRedis()]);
  });
  afterAll(async () => {
    await shared?.close();
    await pg?.drop();
  });
  beforeEach(async () => {
    const env = { DATABASE_URL: pg.url, REDIS_URL, REDIS_PREFIX: shared.prefix };
    [a, b] = await Promise.all([gateway(env), gateway(env)]);
  });

  it('answer a repeat after Redis lost its keys with the first result, pushing once', async () => {
    const first = await send(a, 'forgotten-done');
    expect(first.data?.sendBatchPush.taskId).toMatch(/^batch_/);
    expect(await forget()).toBeGreaterThan(0);
    expect((await send(b, 'forgotten-done')).data).toEqual(first.data);
    await forget();
    const repeats = await Promise.all([send(a, 'forgotten-done'), send(b, 'forgotten-done')]);
    expect(repeats.map((r) => r.data)).toEqual([first.data, first.data]);
    expect(batchCalls()).toBe(1);
  });

  it('keep an unknown outcome unknown after Redis lost its keys, pushing once', async () => {
    emulator.inject('batch', { answerLateMs: 3_000 }); // UPSTREAM_TIMEOUT_MS is 2 s
    expect(codeOf(await send(a, 'forgotten-unknown'))).toBe('PUSH_OUTCOME_UNKNOWN');
    await forget();
    expect(codeOf(await send(b, 'forgotten-unknown'))).toBe('PUSH_OUTCOME_UNKNOWN');
    expect(batchCalls()).toBe(1);
  });

  it('refuse another input under a key Redis forgot', async () => {
    await send(a, 'forgotten-conflict');
    await forget();
    const other = await send(b, 'forgotten-conflict', { title: 'Other' });
    expect(codeOf(other)).toBe('BAD_USER_INPUT');
    expect(batchCalls()).toBe(1);
  });

  it('push once for concurrent requests at both, and once again after Redis forgot mid-push', async () => {
    emulator.inject('batch', { answerLateMs: 500 });
    const first = send(a, 'forgotten-mid-push');
    while (batchCalls() === 0) await sleep(10);
    // The claim is gone from Redis while its push is under way: the database still holds it.
    await forget();
    const results = await Promise.all([first, send(b, 'forgotten-mid-push'), send(a, 'forgotten-mid-push')]);
    expect(results[0].data?.sendBatchPush.taskId).toMatch(/^batch_/);
    expect(results.map((r) => r.data)).toEqual([results[0].data, results[0].data, results[0].data]);
    const concurrent = await Promise.all([1, 2, 3, 4].map((i) => send(i % 2 ? a : b, 'replicas-concurrent')));
    expect(new Set(concurrent.map((r) => r.data?.sendBatchPush.taskId)).size).toBe(1);
    expect(batchCalls()).toBe(2);
  });

  it('free a key in the database too on a definite failure: the other replica then pushes once', async () => {
    emulator.inject('batch', { errorCode: 90045 });
    expect(codeOf(await send(a, 'failed-then-pushed'))).toBe('UPSTREAM_ERROR');
    await forget();
    const pushed = await send(b, 'failed-then-pushed');
    expect(pushed.data?.sendBatchPush.taskId).toMatch(/^batch_/);
    await forget();
    expect((await send(a, 'failed-then-pushed')).data).toEqual(pushed.data);
    expect(batchCalls()).toBe(2);
  });
});

describe('a repeat after the gateway restarts, without Redis', () => {
  /** A database for both gateways: its settings, and how to remove it after. */
  interface Database {
    env: Record<string, string>;
    drop: () => Promise<void>;
  }
  const postgres = async (): Promise<Database> => {
    const pg = await createPgDatabase();
    return { env: { DATABASE_URL: pg.url }, drop: () => pg.drop() };
  };
  const pglite = async (): Promise<Database> => {
    const dir = mkdtempSync(join(tmpdir(), 'timpush-claims-'));
    return { env: { DATA_DIR: dir }, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  };
  const engines: [string, () => Promise<Database>][] = [
    ['PostgreSQL', postgres],
    ['PGlite', pglite],
  ];

  it.each(engines)(
    'on %s: answers the first result, keeps unknown outcomes, pushes once',
    async (_, database) => {
      const { env, drop } = await database();
      try {
        const before = await gateway(env);
        const done = await send(before, 'restart-done');
        expect(done.data?.sendBatchPush.taskId).toMatch(/^batch_/);
        const audience = await before.gql<{ sendPush: { taskId: string } }>(SEND_PUSH, { key: 'restart-push' });
        expect(audience.data?.sendPush.taskId).toBeTruthy();
        emulator.inject('batch', { dropAfterRequest: true });
        expect(codeOf(await send(before, 'restart-unknown'))).toBe('PUSH_OUTCOME_UNKNOWN');
        await stop(before);

        const after = await gateway(env);
        expect((await send(after, 'restart-done')).data).toEqual(done.data);
        expect((await after.gql(SEND_PUSH, { key: 'restart-push' })).data).toEqual(audience.data);
        expect(codeOf(await send(after, 'restart-unknown'))).toBe('PUSH_OUTCOME_UNKNOWN');
        expect(codeOf(await send(after, 'restart-done', { title: 'Other' }))).toBe('BAD_USER_INPUT');
        expect(batchCalls()).toBe(2);
        expect(emulator.callsTo('push')).toHaveLength(1);
        // A new key still pushes.
        expect((await send(after, 'restart-new')).data?.sendBatchPush.taskId).toMatch(/^batch_/);
        expect(batchCalls()).toBe(3);
      } finally {
        await Promise.all(stacks.map((s) => stop(s)));
        await drop();
      }
    },
    60_000,
  );
});

describe('a gateway killed and started again on the same DATA_DIR (PGlite)', () => {
  it('answers the first result and pushes once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'timpush-claims-'));
    const env = {
      TIM_SDKAPPID: String(SDKAPPID),
      TIM_SECRET_KEY: SECRET_KEY,
      TIM_BASE_URL: emulator.url,
      GATEWAY_ALLOW_ANONYMOUS: 'true',
      HISTORY_ENABLED: 'true',
      DATA_DIR: dir,
    };
    const push = (url: string) =>
      gqlAt<Sent>(url, SEND, { input: { fromAccount: 'a', toAccounts: ['u1'], idempotencyKey: 'killed' } });
    try {
      const first = await startGatewayProcess(env);
      const pushed = await push(first.url);
      expect(pushed.data?.sendBatchPush.taskId).toMatch(/^batch_/);
      first.child.kill('SIGKILL');
      await new Promise((exited) => first.child.once('exit', exited));
      const second = await startGatewayProcess(env);
      try {
        expect((await push(second.url)).data).toEqual(pushed.data);
      } finally {
        await second.stop();
      }
      expect(batchCalls()).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});

describe('when Redis or the database goes away', () => {
  let pg: TestDatabase;
  let proxy: TcpProxy;
  let redisPort: number;
  let redis: ChildProcess;
  let stack: Stack;
  /** A new key per test run: the database outlives each gateway. */
  let n = 0;
  const key = (name: string) => `${name}-${++n}`;

  beforeAll(async () => {
    [pg, redisPort] = await Promise.all([createPgDatabase(), freePort()]);
    proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
  });
  afterAll(async () => {
    await proxy?.close();
    await pg?.drop();
  });
  beforeEach(async () => {
    proxy.revive();
    redis = await startRedis(redisPort);
    stack = await gateway({
      DATABASE_URL: pg.url.replace(':5432/', `:${proxy.port}/`),
      REDIS_URL: `redis://127.0.0.1:${redisPort}`,
      REDIS_TIMEOUT_MS: '500',
      HISTORY_QUERY_TIMEOUT_MS: '1000',
    });
    // Open before the database goes away: a database that cannot be opened at the start stays unavailable.
    await stack.gateway.runtime.history!.ready;
  });
  afterEach(() => void redis.kill('SIGKILL'));

  it('refuses a keyed push with nothing sent when neither Redis nor the database answers', async () => {
    redis.kill('SIGKILL');
    proxy.kill();
    await sleep(200);
    const started = Date.now();
    const refused = await send(stack, key('both-down'));
    expect(codeOf(refused)).toBe('UPSTREAM_UNAVAILABLE');
    expect(messageOf(refused)).toMatch(
      /neither idempotency store \(Redis, the history database\) can be reached; nothing was sent/,
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(batchCalls()).toBe(0);
  });

  it('answers a repeat at another replica after Redis restarted empty with the first result', async () => {
    const k = key('redis-restarted');
    const pushed = await send(stack, k);
    expect(pushed.data?.sendBatchPush.taskId).toMatch(/^batch_/);
    redis.kill('SIGKILL');
    await sleep(200);
    redis = await startRedis(redisPort);
    const other = await gateway({ DATABASE_URL: pg.url, REDIS_URL: `redis://127.0.0.1:${redisPort}` });
    expect((await send(other, k)).data).toEqual(pushed.data);
    expect(batchCalls()).toBe(1);
  });

  it('pushes through Redis while the database is down; the outcome reaches the database when it is back', async () => {
    proxy.kill();
    await sleep(200);
    const k = key('database-down');
    const pushed = await send(stack, k);
    expect(pushed.data?.sendBatchPush.taskId).toMatch(/^batch_/);
    expect((await send(stack, k)).data).toEqual(pushed.data);
    proxy.revive();
    // Written by the outbox, which retries until the database answers again.
    await expect
      .poll(() =>
        stack.gateway.runtime.history!.claims.settled().then(
          () => true,
          () => false,
        ),
      )
      .toBe(true);
    const fresh = await gateway({ DATABASE_URL: pg.url });
    expect((await send(fresh, k)).data).toEqual(pushed.data);
    expect(batchCalls()).toBe(1);
  });

  it('pushes after at most the query timeout while the database stalls', async () => {
    proxy.pause();
    try {
      const started = Date.now();
      const pushed = await send(stack, key('database-stalled'));
      expect(pushed.data?.sendBatchPush.taskId).toMatch(/^batch_/);
      expect(Date.now() - started).toBeLessThan(1_000 + 1_000);
    } finally {
      proxy.resume();
    }
  });

  it('refuses a keyed push with nothing sent when the database is its only store and is down', async () => {
    const alone = await gateway({ DATABASE_URL: pg.url.replace(':5432/', `:${proxy.port}/`) });
    await alone.gateway.runtime.history!.ready;
    proxy.kill();
    const refused = await send(alone, key('alone-down'));
    expect(codeOf(refused)).toBe('UPSTREAM_UNAVAILABLE');
    expect(messageOf(refused)).toMatch(/idempotency store \(the history database\) is unreachable; nothing was sent/);
    expect(batchCalls()).toBe(0);
    // An unkeyed push does not need the store.
    const unkeyed = await alone.gql<Sent>(SEND, { input: { fromAccount: 'a', toAccounts: ['u1'], title: 'T' } });
    expect(unkeyed.data?.sendBatchPush.taskId).toMatch(/^batch_/);
  });
});

describe('push_claims', () => {
  it('frees a key past its TTL and prunes it', async () => {
    const db = await openTestPglite();
    try {
      const store = createStore(db);
      const claim = { state: 'claimed' as const, fingerprint: 'f', owner: 'o1', attemptedAt: new Date().toISOString() };
      // Long enough for the second claim to come first on a busy machine.
      expect(await store.claim('short', claim, 1_000, 1_000)).toBeNull();
      expect((await store.claim('short', { ...claim, owner: 'o2' }, 1_000, 1_000))?.owner).toBe('o1');
      await sleep(1_100);
      expect(await store.readClaim('short')).toBeNull();
      expect(await store.pruneClaims()).toBe(1);
      expect(await store.claim('short', { ...claim, owner: 'o3' }, 60_000, 1_000)).toBeNull();
    } finally {
      await db.close();
    }
  });
});
