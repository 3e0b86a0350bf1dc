// The cache shared by every replica, in Redis: JSON values with a TTL, and a SET NX fill lock.
// Bounded by Redis's own maxmemory policy, not here.
import { randomUUID } from 'node:crypto';
import type { Redis, Result } from 'ioredis';
import type { Cache } from './index.js';

// Delete the lock only if we still hold it (it may have expired and been taken by another replica).
const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    cacheUnlock(key: string, token: string): Result<number, Context>;
  }
}

export function createRedisCache(redis: Redis, prefix: string): Cache {
  redis.defineCommand('cacheUnlock', { numberOfKeys: 1, lua: UNLOCK });
  const token = randomUUID();
  return {
    shared: true,
    async get(key) {
      const text = await redis.get(`${prefix}cache:${key}`);
      return text === null ? undefined : (JSON.parse(text) as unknown);
    },
    async set(key, value, ttlMs) {
      await redis.set(`${prefix}cache:${key}`, JSON.stringify(value), 'PX', Math.max(1, Math.round(ttlMs)));
    },
    async lock(key, ttlMs) {
      return (await redis.set(`${prefix}lock:${key}`, token, 'PX', Math.round(ttlMs), 'NX')) === 'OK';
    },
    async unlock(key) {
      await redis.cacheUnlock(`${prefix}lock:${key}`, token);
    },
  };
}
