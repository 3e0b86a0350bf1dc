// Redis going away or stalling under a running gateway: fields fail fast and say why; readiness turns 503 in
// time; it recovers. And replicas sharing a Redis that restarts, losing its data, still keep the quota.
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGatewayProcess, type GatewayProcess } from '../scripts/gateway-process.js';
import { startEmulator } from '../emulator/server.js';
import { callbackUrl } from '../src/events/signature.js';
import { SDKAPPID, SECRET_KEY, freePort, gqlAt, startRedis, startStack, type Stack } from './helpers.js';

let port: number;
let redis: ChildProcess;
let stack: Stack;

beforeAll(async () => {
  port = await freePort();
  redis = await startRedis(port);
  stack = await startStack({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
}, 30_000);
afterAll(async () => {
  await stack?.close().catch(() => undefined);
  redis?.kill();
});

/** A push callback to the gateway's webhook (unsigned: no token configured here); answers its HTTP status. */
const callback = async () => {
  const url = callbackUrl(stack.url.replace(/\/graphql$/, '/callbacks/tencent'), {
    sdkAppId: SDKAPPID,
    command: 'Push.AllMemberPush',
  });
  const body = { Events: [{ TaskId: 'outage', To_Account: 'u', PushStage: 1, EventTime: 1_700_000_000 }] };
  return (await fetch(url, { method: 'POST', body: JSON.stringify(body) })).status;
};

const ready = async (): Promise<unknown> => (await fetch(stack.url.replace(/\/graphql$/, '/readyz'))).json();

describe('when Redis goes away', () => {
  it('fails fields fast with UPSTREAM_UNAVAILABLE naming Redis, and recovers when it is back', async () => {
    expect((await stack.gql(`{ push(id: "before") { traces { instanceId } } }`)).errors).toBeUndefined();

    redis.kill('SIGKILL');
    await sleep(200);
    const started = Date.now();
    const down = await stack.gql<{ push: { id: string } }>(`{ push(id: "during") { id traces { instanceId } } }`);
    expect(down.data!.push.id).toBe('during');
    expect(down.errors![0]!.extensions!.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(down.errors![0]!.message).toMatch(/shared (cache|quota) store \(Redis\) is unreachable/);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(await ready()).toMatchObject({ ready: false, redis: 'down' });
    // Push callbacks are refused rather than acknowledged and lost, so a retrying Tencent can deliver them later.
    expect(await callback()).toBe(503);

    redis = await startRedis(port);
    let back = false;
    for (let i = 0; i < 50 && !back; i++) {
      await sleep(200);
      back = (await stack.gql(`{ push(id: "after-${i}") { traces { instanceId } } }`)).errors === undefined;
    }
    expect(back).toBe(true);
    expect(await callback()).toBe(200);
  });

  it('fails fields within about a second naming Redis when Redis stalls, and /readyz answers 503 in time', async () => {
    expect((await stack.gql(`{ push(id: "before-stall") { traces { instanceId } } }`)).errors).toBeUndefined();
    redis.kill('SIGSTOP');
    try {
      let started = Date.now();
      const stalled = await stack.gql<{ push: { id: string } }>(
        `{ push(id: "during-stall") { id traces { instanceId } } }`,
      );
      expect(Date.now() - started).toBeLessThan(2500);
      expect(stalled.data!.push.id).toBe('during-stall');
      expect(stalled.errors![0]!.extensions!.code).toBe('UPSTREAM_UNAVAILABLE');
      expect(stalled.errors![0]!.message).toMatch(/shared (cache|quota) store \(Redis\) is unreachable/);
      started = Date.now();
      const res = await fetch(stack.url.replace(/\/graphql$/, '/readyz'));
      expect(Date.now() - started).toBeLessThan(3000); // READYZ_TIMEOUT_MS is 2 s
      expect(res.status).toBe(503);
      expect(await res.json()).toMatchObject({ ready: false, redis: 'down' });
    } finally {
      redis.kill('SIGCONT');
    }
    let back = false;
    for (let i = 0; i < 50 && !back; i++) {
      await sleep(200);
      back = (await stack.gql(`{ push(id: "after-stall-${i}") { traces { instanceId } } }`)).errors === undefined;
    }
    expect(back).toBe(true);
  });
});

describe('replicas sharing a Redis that restarts', () => {
  it('keep every API at 1 call/s at the upstream: 3 replicas, 24 clients, Redis restarted twice', async () => {
    const emulator = await startEmulator({ sdkAppId: SDKAPPID, secretKey: SECRET_KEY });
    const env = {
      TIM_SDKAPPID: String(SDKAPPID),
      TIM_SECRET_KEY: SECRET_KEY,
      TIM_BASE_URL: emulator.url,
      REDIS_URL: `redis://127.0.0.1:${port}`,
      REDIS_PREFIX: `restarts:`,
      GATEWAY_ALLOW_ANONYMOUS: 'true',
      UPSTREAM_MAX_ATTEMPTS: '1',
      // This process hosts the emulator beside 24 clients: on a busy machine its event loop sees calls some
      // tens of milliseconds late, unevenly. A wider margin keeps that noise out of what is tested here, the
      // spacing across replicas and restarts; the bench measures the default margin.
      QUOTA_MARGIN_MS: '150',
    };
    const replicas: GatewayProcess[] = [];
    try {
      // One after another: three TypeScript processes compiling at once can take long on a small machine.
      for (let i = 0; i < 3; i++) replicas.push(await startGatewayProcess(env));
      let running = true;
      let n = 0;
      const client = async (c: number) => {
        while (running) {
          const url = replicas[c % replicas.length]!.url;
          const i = n++;
          // Every request a new key: each is an upstream call, none is answered from the cache.
          const r = await gqlAt(
            url,
            `{ task(id: "restarts") { trace(userId: "c${c}-${i}") { userId } } push(id: "r-${i}") { traces { instanceId } } }`,
          ).catch(() => undefined);
          // Like a real client, do not spin on failures: this process also hosts the emulator, whose clock
          // must not lag behind a saturated event loop.
          if (!r || r.errors) await sleep(200);
        }
      };
      const clients = Array.from({ length: 24 }, (_, c) => client(c));
      while (emulator.calls.length < 4) await sleep(50);
      for (let restart = 0; restart < 2; restart++) {
        await sleep(2500);
        redis.kill('SIGKILL');
        await sleep(300);
        redis = await startRedis(port);
      }
      await sleep(2500);
      running = false;
      await Promise.all(clients);
      for (const api of ['all_member_push_trace', 'normal_push_trace'] as const) {
        const times = emulator.callsTo(api).map((c) => c.at);
        expect(times.length).toBeGreaterThan(3);
        for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);
      }
      expect(emulator.quotaViolations()).toBe(0);
    } finally {
      await Promise.all(replicas.map((r) => r.stop()));
      await emulator.close();
    }
  }, 90_000);
});

describe('when Redis dies mid-push', () => {
  const SEND = `mutation($key: String!) { sendBatchPush(input: { fromAccount: "a", toAccounts: ["u1"], idempotencyKey: $key }) { taskId } }`;
  type Sent = { sendBatchPush: { taskId: string } };
  const send = (key: string) => stack.gql<Sent>(SEND, { key });
  const batchCalls = () => stack.emulator.callsTo('batch').length;
  const until = async (n: number) => {
    for (let i = 0; i < 100 && batchCalls() < n; i++) await sleep(20);
    expect(batchCalls()).toBe(n);
  };

  it('answers the real result, refuses new pushes while down, and never pushes a key twice after it is back', async () => {
    stack.emulator.reset();
    // The first push is answered within the timeout (2 s), the second after it: done and unknown.
    stack.emulator.inject('batch', { answerLateMs: 1_000 }, { answerLateMs: 3_000 });
    const done = send('outage-done');
    await until(1);
    const unknown = send('outage-unknown');
    await until(2);
    redis.kill('SIGKILL');

    const pushed = await done;
    expect(pushed.errors).toBeUndefined();
    expect(pushed.data?.sendBatchPush.taskId).toMatch(/^batch_/);
    expect((await unknown).errors![0]!.extensions!.code).toBe('PUSH_OUTCOME_UNKNOWN');

    expect((await send('outage-done')).data).toEqual(pushed.data);
    expect((await send('outage-unknown')).errors![0]!.extensions!.code).toBe('PUSH_OUTCOME_UNKNOWN');
    const refused = await send('outage-new');
    expect(refused.errors![0]!.extensions!.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(refused.errors![0]!.message).toMatch(/idempotency store \(Redis\) is unreachable; nothing was sent/);
    expect(batchCalls()).toBe(2);

    // Back, and empty: the outcomes this replica saw still hold.
    redis = await startRedis(port);
    let back = false;
    for (let i = 0; i < 50 && !back; i++) {
      await sleep(200);
      back = (await stack.gql(`{ push(id: "back-${i}") { traces { instanceId } } }`)).errors === undefined;
    }
    expect(back).toBe(true);
    expect((await send('outage-done')).data).toEqual(pushed.data);
    expect((await send('outage-unknown')).errors![0]!.extensions!.code).toBe('PUSH_OUTCOME_UNKNOWN');
    expect(batchCalls()).toBe(2);
  }, 30_000);
});
