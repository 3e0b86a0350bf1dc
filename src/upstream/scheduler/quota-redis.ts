// The quota shared by every replica: the same reservation as the memory quota, made atomically in Redis.
//
// One hash per (SDKAppID, API): `next` (the next free slot), `sent` (when the last call left) and `pending` (a
// call recorded as leaving whose departure is not confirmed yet). It never
// expires, so a missing hash means Redis lost its data (a restart, a flush): the scripts then assume a call was
// just made rather than none, which keeps the spacing across a reset at the cost of one interval.
import type { Redis, Result } from 'ioredis';
import { PENDING_CAP_MS, PENDING_POLL_MS, type Quota } from './quota.js';

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

// Records a departure only when it is due and no call is still on its way out; otherwise says how long to wait.
const DEPART = `${PRELUDE}
local pending = tonumber(redis.call('HGET', KEYS[1], 'pending') or '0')
if pending > 0 and now - pending < tonumber(ARGV[2]) then return {tonumber(ARGV[3]), -1} end
local at = math.max(now, sent + interval)
if at > now then return {at - now, -1} end
redis.call('HSET', KEYS[1], 'sent', now, 'pending', now)
if next < now + interval then redis.call('HSET', KEYS[1], 'next', now + interval) end
return {0, now}`;

const CONFIRM = `${PRELUDE}
local left = tonumber(ARGV[3])
if left >= 0 and left > sent then redis.call('HSET', KEYS[1], 'sent', left) end
if tonumber(redis.call('HGET', KEYS[1], 'pending') or '0') == tonumber(ARGV[2]) then
  redis.call('HDEL', KEYS[1], 'pending')
end
return 0`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    quotaReserve(key: string, intervalMs: number, maxWaitMs: number): Result<number, Context>;
    quotaDepart(
      key: string,
      intervalMs: number,
      pendingCapMs: number,
      pollMs: number,
    ): Result<[number, number], Context>;
    quotaConfirm(key: string, intervalMs: number, sentAt: number, leftAt: number): Result<number, Context>;
  }
}

export function createRedisQuota(redis: Redis, prefix: string): Quota {
  redis.defineCommand('quotaReserve', { numberOfKeys: 1, lua: RESERVE });
  redis.defineCommand('quotaDepart', { numberOfKeys: 1, lua: DEPART });
  redis.defineCommand('quotaConfirm', { numberOfKeys: 1, lua: CONFIRM });
  const keyOf = (key: string) => `${prefix}slots:${key}`;
  return {
    async reserve(key, intervalMs, maxWaitMs) {
      const wait = await redis.quotaReserve(keyOf(key), Math.ceil(intervalMs), Math.floor(maxWaitMs));
      return wait < 0 ? null : wait;
    },
    async depart(key, intervalMs) {
      const [waitMs, sentAt] = await redis.quotaDepart(
        keyOf(key),
        Math.ceil(intervalMs),
        PENDING_CAP_MS,
        PENDING_POLL_MS,
      );
      return sentAt < 0 ? { waitMs } : { sentAt };
    },
    async confirm(key, sentAt, lateMs) {
      // The interval only matters if the data was lost meanwhile: then a call is assumed just made.
      const leftAt = lateMs === null ? -1 : Math.ceil(sentAt + Math.max(0, lateMs));
      await redis.quotaConfirm(keyOf(key), 0, sentAt, leftAt);
    },
  };
}
