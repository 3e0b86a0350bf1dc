// The machine's Redis, for tests that share state through it: connected, or a clear failure naming what is missing;
// every key the test writes sits under a prefix of its own, deleted when it closes.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestRedis {
  redis: Redis;
  /** This test's key prefix, for REDIS_PREFIX or the stores' own prefix argument. */
  prefix: string;
  /** Deletes the test's keys and disconnects. */
  close(): Promise<void>;
}

export async function connectTestRedis(): Promise<TestRedis> {
  const prefix = `timpush-test:${randomUUID()}:`;
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  await redis.connect().catch((error: Error) => {
    throw new Error(
      `Redis is not answering at ${REDIS_URL} (${error.message}): these tests need a real Redis; start one or set REDIS_URL`,
    );
  });
  return {
    redis,
    prefix,
    async close() {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      await redis.quit();
    },
  };
}
