// Two gateway processes on one Redis: an unknown push stays unknown for both, and a replica that dies
// mid-push leaves a claim that resolves to PUSH_OUTCOME_UNKNOWN, never to a second push.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REDIS_URL, connectTestRedis, type TestRedis } from './redis.js';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { startGatewayProcess, type GatewayProcess } from '../scripts/gateway-process.js';
import { SDKAPPID, SECRET_KEY, gqlAt, type GqlResult } from './helpers.js';

let shared: TestRedis;
let prefix: string;
// A push waits at most 1 s for a quota slot and 1.5 s for its answer: a claim's lease is 7.5 s.
const TIMEOUT_MS = 1_500;
const LEASE_MS = 1_000 + TIMEOUT_MS + 5_000;
let emulator: Emulator;
let a: GatewayProcess;
let b: GatewayProcess;

beforeAll(async () => {
  shared = await connectTestRedis();
  ({ prefix } = shared);
  emulator = await startEmulator({ sdkAppId: SDKAPPID, secretKey: SECRET_KEY });
  const env = {
    TIM_SDKAPPID: String(SDKAPPID),
    TIM_SECRET_KEY: SECRET_KEY,
    TIM_BASE_URL: emulator.url,
    REDIS_URL,
    REDIS_PREFIX: prefix,
    GATEWAY_ALLOW_ANONYMOUS: 'true',
    UPSTREAM_TIMEOUT_MS: String(TIMEOUT_MS),
    QUOTA_DEADLINE_MS: '1000',
  };
  [a, b] = await Promise.all([startGatewayProcess(env), startGatewayProcess(env)]);
}, 90_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await emulator?.close();
  await shared?.close();
});

beforeEach(() => emulator.reset());

type Sent = { sendBatchPush: { taskId: string } };
const send = (gateway: GatewayProcess, key: string) =>
  gqlAt<Sent>(
    gateway.url,
    `mutation($key: String!) { sendBatchPush(input: { fromAccount: "a", toAccounts: ["u1"], idempotencyKey: $key }) { taskId } }`,
    { key },
  );
const codeOf = (r: GqlResult<Sent>) => r.errors?.[0]?.extensions?.code;

async function untilBatchCalled(): Promise<void> {
  for (let i = 0; i < 100 && emulator.callsTo('batch').length === 0; i++) await sleep(20);
  expect(emulator.callsTo('batch')).toHaveLength(1);
}

describe('an unknown push across replicas', () => {
  it.each([
    ['answers late', { answerLateMs: 3_000 }],
    ['drops the connection', { dropAfterRequest: true as const }],
  ])(
    'when the upstream %s, concurrent and later repeats at both replicas make no second batch call',
    async (name, fault) => {
      const key = `replicas-${name}`;
      emulator.inject('batch', fault);
      const first = await Promise.all([send(a, key), send(b, key), send(a, key), send(b, key)]);
      expect(first.map(codeOf)).toEqual(Array(4).fill('PUSH_OUTCOME_UNKNOWN'));
      const later = await Promise.all([send(a, key), send(b, key)]);
      expect(later.map(codeOf)).toEqual(['PUSH_OUTCOME_UNKNOWN', 'PUSH_OUTCOME_UNKNOWN']);
      expect(emulator.callsTo('batch')).toHaveLength(1);
    },
  );

  it('after a FAIL 90045 at one replica, the key pushes once at the other', async () => {
    emulator.inject('batch', { errorCode: 90045 });
    expect(codeOf(await send(a, 'replicas-fail'))).toBe('UPSTREAM_ERROR');
    const [x, y] = await Promise.all([send(b, 'replicas-fail'), send(a, 'replicas-fail')]);
    expect(x.data?.sendBatchPush.taskId).toMatch(/^batch_/);
    expect(y.data).toEqual(x.data);
    expect(emulator.callsTo('batch')).toHaveLength(2);
  });
});

describe('a replica that dies mid-push', () => {
  it('leaves a claim that resolves to PUSH_OUTCOME_UNKNOWN at the other replica, with no second push', async () => {
    emulator.inject('batch', { answerLateMs: 60_000 });
    const dying = send(a, 'replicas-owner-died').catch(() => undefined);
    await untilBatchCalled();
    a.child.kill('SIGKILL');
    await dying;
    const started = Date.now();
    const repeat = await send(b, 'replicas-owner-died');
    expect(codeOf(repeat)).toBe('PUSH_OUTCOME_UNKNOWN');
    // It waited for the dead owner's lease to run out rather than pushing or answering at once.
    expect(Date.now() - started).toBeGreaterThan(1_000);
    expect(Date.now() - started).toBeLessThan(LEASE_MS + 5_000);
    expect(codeOf(await send(b, 'replicas-owner-died'))).toBe('PUSH_OUTCOME_UNKNOWN');
    expect(emulator.callsTo('batch')).toHaveLength(1);
  }, 30_000);
});
