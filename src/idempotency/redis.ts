// Idempotency keys in Redis: SET NX claims a key for every replica at once.
import type { Redis } from 'ioredis';
import type { Entry, IdempotencyStore } from './index.js';

export function createRedisIdempotencyStore(redis: Redis, prefix: string): IdempotencyStore {
  const k = (key: string) => `${prefix}idempotency:${key}`;
  const read = (text: string | null): Entry | null => (text === null ? null : (JSON.parse(text) as Entry));
  return {
    async claim(key, entry, ttlMs) {
      // The holder may free the key between our SET NX and GET: then try to claim it again.
      for (;;) {
        if ((await redis.set(k(key), JSON.stringify(entry), 'PX', ttlMs, 'NX')) === 'OK') return null;
        const existing = read(await redis.get(k(key)));
        if (existing) return existing;
      }
    },
    get: async (key) => read(await redis.get(k(key))),
    async complete(key, entry, ttlMs) {
      await redis.set(k(key), JSON.stringify(entry), 'PX', ttlMs);
    },
    async release(key) {
      await redis.del(k(key));
    },
  };
}
