// Two gateway processes behind one load balancer: one quota and one cache, shared through Redis.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REDIS_URL, connectTestRedis, type TestRedis } from './redis.js';
import { startEmulator, type Emulator } from '../emulator/server.js';
import { startGatewayProcess, type GatewayProcess } from '../scripts/gateway-process.js';
import { SDKAPPID, SECRET_KEY, gqlAt } from './helpers.js';

let shared: TestRedis;
let prefix: string;
let emulator: Emulator;
const gateways: GatewayProcess[] = [];

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
  };
  gateways.push(...(await Promise.all([startGatewayProcess(env), startGatewayProcess(env)])));
}, 40_000);

afterAll(async () => {
  await Promise.all(gateways.map((g) => g.stop()));
  await emulator?.close();
  await shared?.close();
});

beforeEach(() => emulator.reset());

describe('two replicas sharing Redis', () => {
  it('keep the 1 call/s quota together: no frequency FAIL, calls ≥ 1 s apart', async () => {
    const [a, b] = gateways;
    const results = await Promise.all([
      gqlAt(a!.url, `{ task(id: "shared") { traces(userIds: ["a1", "a2", "a3"]) { userId } } }`),
      gqlAt(b!.url, `{ task(id: "shared") { traces(userIds: ["b1", "b2", "b3"]) { userId } } }`),
    ]);
    for (const r of results) expect(r.errors).toBeUndefined();
    const times = emulator.callsTo('all_member_push_trace').map((c) => c.at);
    expect(times).toHaveLength(6);
    expect(emulator.quotaViolations()).toBe(0);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(1000);
  });

  it("share the cache: one replica answers from the other's call", async () => {
    const [a, b] = gateways;
    const q = `{ tasks(ids: ["c1", "c2"]) { loss { total } } }`;
    const first = await gqlAt(a!.url, q);
    expect(emulator.calls).toHaveLength(1);
    const second = await gqlAt(b!.url, q);
    expect(emulator.calls).toHaveLength(1);
    expect(second.data).toEqual(first.data);
  });

  it('make concurrent identical misses one upstream call across replicas', async () => {
    const [a, b] = gateways;
    const q = `{ push(id: "single-flight") { traces { instanceId } } }`;
    const [x, y] = await Promise.all([gqlAt(a!.url, q), gqlAt(b!.url, q)]);
    expect(x.data).toEqual(y.data);
    expect(emulator.callsTo('normal_push_trace')).toHaveLength(1);
  });

  it('agree on an idempotencyKey: the same push sent to both is pushed once', async () => {
    const [a, b] = gateways;
    const q = `mutation { sendBatchPush(input: { fromAccount: "a", toAccounts: ["u1"], idempotencyKey: "shared-order" }) { taskId } }`;
    type Sent = { sendBatchPush: { taskId: string } };
    const [x, y] = await Promise.all([gqlAt<Sent>(a!.url, q), gqlAt<Sent>(b!.url, q)]);
    expect(x.data!.sendBatchPush.taskId).toBe(y.data!.sendBatchPush.taskId);
    expect(emulator.callsTo('batch')).toHaveLength(1);
  });

  it('report Redis and the upstream in readiness', async () => {
    const res = await fetch(gateways[0]!.url.replace(/\/graphql$/, '/readyz'));
    expect(await res.json()).toEqual({ ready: true, redis: 'ok', upstream: 'ok', history: 'off' });
  });
});
