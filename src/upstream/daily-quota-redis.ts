// The daily push count shared by every replica: one counter and one exhausted flag per day in Redis, taken by a
// Lua script so two replicas never both take the last push. A Redis that loses its data forgets the day's count:
// the upstream's 90047 then still stops pushes past its cap.
import type { Redis, Result } from 'ioredis';
import type { DailyQuotaStore } from './daily-quota.js';

// KEYS[1] the count, KEYS[2] the exhausted flag; ARGV[1] the limit, ARGV[2] how long the count is kept.
const TAKE = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
if tonumber(redis.call('GET', KEYS[1]) or '0') >= tonumber(ARGV[1]) then return 0 end
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;

const GIVE_BACK = `
if tonumber(redis.call('GET', KEYS[1]) or '0') > 0 then return redis.call('DECR', KEYS[1]) end
return 0`;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    dailyPushTake(count: string, exhausted: string, limit: number, keepMs: number): Result<number, Context>;
    dailyPushGiveBack(count: string): Result<number, Context>;
  }
}

export function createRedisDailyQuotaStore(redis: Redis, prefix: string): DailyQuotaStore {
  redis.defineCommand('dailyPushTake', { numberOfKeys: 2, lua: TAKE });
  redis.defineCommand('dailyPushGiveBack', { numberOfKeys: 1, lua: GIVE_BACK });
  // One hash tag per day: both keys live in the same slot of a cluster.
  const count = (day: string) => `${prefix}daily-push:{${day}}`;
  const exhausted = (day: string) => `${prefix}daily-push:{${day}}:exhausted`;
  return {
    take: async (day, limit, keepMs) => (await redis.dailyPushTake(count(day), exhausted(day), limit, keepMs)) === 1,
    async giveBack(day) {
      await redis.dailyPushGiveBack(count(day));
    },
    async exhaust(day, keepMs) {
      await redis.set(exhausted(day), '1', 'PX', keepMs);
    },
    async read(day) {
      const [used, flag] = await redis.mget(count(day), exhausted(day));
      return { used: Number(used ?? 0), exhausted: flag !== null };
    },
  };
}
