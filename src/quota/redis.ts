// The quota shared by every replica: the same reservation as the memory quota, made atomically in Redis.
import type { Redis, Result } from 'ioredis';
import type { Quota } from './index.js';

// Redis's own clock decides, so replicas with skewed clocks still agree on the spacing.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local start = math.max(now, tonumber(redis.call('GET', KEYS[1]) or '0'))
local wait = start - now
if wait > tonumber(ARGV[2]) then return -1 end
redis.call('SET', KEYS[1], start + tonumber(ARGV[1]), 'PX', wait + tonumber(ARGV[1]) + 1000)
return wait`;

const DISPATCH = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local last = tonumber(redis.call('GET', KEYS[1]) or '-1e15')
local at = math.max(now, last + tonumber(ARGV[1]))
redis.call('SET', KEYS[1], at, 'PX', at - now + tonumber(ARGV[1]) + 1000)
return at - now`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    quotaReserve(key: string, intervalMs: number, maxWaitMs: number): Result<number, Context>;
    quotaDispatch(key: string, intervalMs: number): Result<number, Context>;
  }
}

export function createRedisQuota(redis: Redis, prefix: string): Quota {
  redis.defineCommand('quotaReserve', { numberOfKeys: 1, lua: RESERVE });
  redis.defineCommand('quotaDispatch', { numberOfKeys: 1, lua: DISPATCH });
  return {
    async reserve(key, intervalMs, maxWaitMs) {
      const wait = await redis.quotaReserve(`${prefix}quota:${key}`, Math.ceil(intervalMs), Math.floor(maxWaitMs));
      return wait < 0 ? null : wait;
    },
    dispatch: (key, intervalMs) => redis.quotaDispatch(`${prefix}sent:${key}`, Math.ceil(intervalMs)),
  };
}
