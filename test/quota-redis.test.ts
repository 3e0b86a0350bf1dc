// The shared quota in a real Redis: departures spaced across clients, and a Redis that lost its data taken to
// have just seen a call rather than none.
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectTestRedis, type TestRedis } from './redis.js';
import { createRedisQuota } from '../src/upstream/scheduler/quota-redis.js';

let shared: TestRedis;
let prefix: string;
let redis: Redis;

beforeAll(async () => {
  shared = await connectTestRedis();
  ({ redis, prefix } = shared);
});
afterAll(async () => {
  await shared?.close();
});

describe('shared quota in Redis', () => {
  it('holds a second client until the first one’s call has left an interval ago', async () => {
    const a = createRedisQuota(redis, prefix);
    const b = createRedisQuota(redis, prefix);
    await a.reserve('spaced', 1000, 60_000); // a fresh key assumes a call was just made; let it pass
    await new Promise((r) => setTimeout(r, 1000));
    const first = await a.depart('spaced', 1000);
    expect(first).toHaveProperty('sentAt');
    // Before the first is confirmed as gone, the other client waits.
    expect(await b.depart('spaced', 1000)).toHaveProperty('waitMs');
    await a.confirm('spaced', (first as { sentAt: number }).sentAt, 200);
    const next = await b.depart('spaced', 1000);
    expect('waitMs' in next && next.waitMs).toBeGreaterThan(1100);
  });

  it('assumes a call was just made when Redis lost the data (restart, flush)', async () => {
    const quota = createRedisQuota(redis, prefix);
    await redis.del(`${prefix}slots:reset`);
    const reserved = await quota.reserve('reset', 1000, 60_000);
    expect(reserved).toBeGreaterThan(950);
    await redis.del(`${prefix}slots:reset`);
    const departure = await quota.depart('reset', 1000);
    expect('waitMs' in departure && departure.waitMs).toBeGreaterThan(950);
  });
});
