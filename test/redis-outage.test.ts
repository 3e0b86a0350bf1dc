// Redis going away under a running gateway: fields fail fast and say why; readiness turns 503; it recovers.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackUrl } from '../src/events/signature.js';
import { SDKAPPID, startStack, type Stack } from './helpers.js';

/** A Redis of this test's own, on a free loopback port, so it can be stopped without touching the shared one. */
async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 50; i++) {
    await sleep(100);
    const up = await new Promise<boolean>((resolve) => {
      const probe = createServer()
        .once('error', () => resolve(true))
        .listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
    });
    if (up) return child;
  }
  child.kill();
  throw new Error(`redis-server did not start on port ${port}`);
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

let port: number;
let redis: ChildProcess;
let stack: Stack;

beforeAll(async () => {
  port = await freePort();
  redis = await startRedis(port);
  stack = await startStack({ env: { REDIS_URL: `redis://127.0.0.1:${port}` } });
});
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
