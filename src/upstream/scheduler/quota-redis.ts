// The quota shared by every replica: the same reservation as the memory quota, made atomically in Redis.
//
// One hash per (SDKAppID, API): `next` (the next free slot) and `sent` (when the last call left). It never
// expires, so a missing hash means Redis lost its data (a restart, a flush): the scripts then assume a call was
// just made rather than none, which keeps the spacing across a reset at the cost of one interval.
import type { Redis, Result } from 'ioredis';
import type { Quota } from './quota.js';

// Redis's own clock decides, so replicas with skewed clocks still agree on the spacing.
const PRELUDE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then
  redis.call('HSET', KEYS[1], 'next', now + interval, 'sent', now)
end
local next = tonumber(redis.call('HGET', KEYS[1], 'next') or '0')
local sent = tonumber(redis.call('HGET', KEYS[1], 'sent') or '0')
`;

const RESERVE = `${PRELUDE}
local start = math.max(now, next)
local wait = start - now
if wait > tonumber(ARGV[2]) then return -1 end
redis.call('HSET', KEYS[1], 'next', start + interval)
return wait`;

const DISPATCH = `${PRELUDE}
local at = math.max(now, sent + interval)
redis.call('HSET', KEYS[1], 'sent', at)
if next < at + interval then redis.call('HSET', KEYS[1], 'next', at + interval) end
return {at - now, at}`;

const CONFIRM = `${PRELUDE}
local at = tonumber(ARGV[2])
if at > sent then redis.call('HSET', KEYS[1], 'sent', at) end
return 0`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    quotaReserve(key: string, intervalMs: number, maxWaitMs: number): Result<number, Context>;
    quotaDispatch(key: string, intervalMs: number): Result<[number, number], Context>;
    quotaConfirm(key: string, intervalMs: number, at: number): Result<number, Context>;
  }
}

export function createRedisQuota(redis: Redis, prefix: string): Quota {
  redis.defineCommand('quotaReserve', { numberOfKeys: 1, lua: RESERVE });
  redis.defineCommand('quotaDispatch', { numberOfKeys: 1, lua: DISPATCH });
  redis.defineCommand('quotaConfirm', { numberOfKeys: 1, lua: CONFIRM });
  const keyOf = (key: string) => `${prefix}slots:${key}`;
  return {
    async reserve(key, intervalMs, maxWaitMs) {
      const wait = await redis.quotaReserve(keyOf(key), Math.ceil(intervalMs), Math.floor(maxWaitMs));
      return wait < 0 ? null : wait;
    },
    async dispatch(key, intervalMs) {
      const [waitMs, sentAt] = await redis.quotaDispatch(keyOf(key), Math.ceil(intervalMs));
      return { waitMs, sentAt };
    },
    async confirm(key, intervalMs, sentAt, lateMs) {
      if (lateMs < 1) return;
      await redis.quotaConfirm(keyOf(key), Math.ceil(intervalMs), Math.ceil(sentAt + lateMs));
    },
    async close() {},
  };
}
