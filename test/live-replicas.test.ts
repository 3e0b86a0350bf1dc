// Two gateways on one Redis: an event received by one replica reaches subscribers and counters on the other.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REDIS_URL, connectTestRedis, type TestRedis } from './redis.js';
import { callbackUrl } from '../src/events/signature.js';
import { SDKAPPID, startStack, subscribeSse, type Progress, type Stack } from './helpers.js';

let shared: TestRedis;
let prefix: string;
const TOKEN = 'replica-callback-token';
let redis: Redis;
let a: Stack;
let b: Stack;

beforeAll(async () => {
  shared = await connectTestRedis();
  ({ redis, prefix } = shared);
  const env = { REDIS_URL, REDIS_PREFIX: prefix, TIM_CALLBACK_TOKEN: TOKEN };
  [a, b] = await Promise.all([startStack({ env }), startStack({ env })]);
}, 30_000);

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
  await shared?.close();
});

const event = (taskId: string, account: string, over: Record<string, unknown> = {}) => ({
  CallbackCommand: 'Push.AllMemberPush',
  EventType: 1,
  TaskId: taskId,
  EventTime: Math.floor(Date.now() / 1000),
  To_Account: account,
  PushPlatform: 4,
  PushStage: 2,
  ErrCode: 0,
  ...over,
});

async function postTo(stack: Stack, events: unknown[]): Promise<number> {
  const webhook = stack.url.replace(/\/graphql$/, '/callbacks/tencent');
  const res = await fetch(callbackUrl(webhook, { sdkAppId: SDKAPPID, command: 'Push.AllMemberPush', token: TOKEN }), {
    method: 'POST',
    body: JSON.stringify({ Events: events }),
  });
  return res.status;
}

/** Redis SUBSCRIBE is asynchronous: wait until the replica's subscription reached Redis. */
async function subscribedInRedis(channel: string) {
  for (let i = 0; i < 100; i++) {
    const [, count] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
    if (Number(count) > 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`nobody subscribed to ${channel}`);
}

describe('live events across replicas (Redis)', () => {
  it('a pushEvents subscriber on replica B sees an event posted to replica A', async () => {
    const sub = await subscribeSse<{ pushEvents: unknown }>(
      b.url,
      `subscription { pushEvents(taskId: "rep-1") { taskId account stage platform } }`,
    );
    try {
      await subscribedInRedis(`${prefix}${SDKAPPID}:events:task:rep-1`);
      expect(await postTo(a, [event('rep-1', 'carol')])).toBe(200);
      const { data } = await sub.next(5_000);
      expect(data?.pushEvents).toEqual({ taskId: 'rep-1', account: 'carol', stage: 'DELIVERED', platform: 'FCM' });
    } finally {
      sub.close();
    }
  });

  it('taskProgress on B counts events posted to A, and Task.live agrees on both', async () => {
    const sub = await subscribeSse<{ taskProgress: Pick<Progress, 'delivered' | 'failed'> }>(
      b.url,
      `subscription { taskProgress(taskId: "rep-2") { delivered failed } }`,
    );
    try {
      expect((await sub.next()).data?.taskProgress).toEqual({ delivered: 0, failed: 0 });
      await subscribedInRedis(`${prefix}${SDKAPPID}:progress:rep-2`);
      expect(
        await postTo(a, [event('rep-2', 'u1'), event('rep-2', 'u2', { ErrCode: 404, ErrInfo: 'UNREGISTERED' })]),
      ).toBe(200);
      const seen = await sub.until((d) => d.taskProgress.delivered === 1 && d.taskProgress.failed === 1, 5_000);
      expect(seen.taskProgress).toEqual({ delivered: 1, failed: 1 });
    } finally {
      sub.close();
    }
    const q = `{ task(id: "rep-2") { live { delivered failed topReasons { errorCode count } } } }`;
    type Live = { task: { live: Pick<Progress, 'delivered' | 'failed' | 'topReasons'> | null } };
    const [onA, onB] = await Promise.all([a.gql<Live>(q), b.gql<Live>(q)]);
    expect(onA.data).toEqual(onB.data);
    expect(onB.data?.task.live?.topReasons).toEqual([{ errorCode: 404, count: 1 }]);
  });

  it('counts once an event replayed to the other replica', async () => {
    const once = event('rep-3', 'dave');
    expect(await postTo(a, [once])).toBe(200);
    expect(await postTo(b, [once])).toBe(200);
    expect(await postTo(b, [event('rep-3', 'erin')])).toBe(200);
    const q = `{ task(id: "rep-3") { live { delivered } } }`;
    type Live = { task: { live: Pick<Progress, 'delivered'> | null } };
    let delivered = 0;
    for (let i = 0; i < 100 && delivered < 2; i++) {
      delivered = (await a.gql<Live>(q)).data?.task.live?.delivered ?? 0;
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 100));
    expect((await b.gql<Live>(q)).data?.task.live?.delivered).toBe(2);
  });
});
