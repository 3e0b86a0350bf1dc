// The event store in Redis: de-duplication and counting in one script per batch, so replicas that receive
// the same replayed event count it once.
import type { Redis } from 'ioredis';
import { changesOf, counterKeyOf } from './counters.js';
import type { EventStore, StoreOptions } from './store.js';

// KEYS: n "seen" keys, then n counter hashes. ARGV: counters TTL (s), dedupe TTL (s), then per event
// its updatedAt and its changes as JSON [[incr…], [[field, value]…]]. Returns the indexes (1-based) counted.
const RECORD = `
local n = #KEYS / 2
local fresh = {}
for i = 1, n do
  if redis.call('SET', KEYS[i], '1', 'NX', 'EX', ARGV[2]) then
    local key = KEYS[n + i]
    local c = cjson.decode(ARGV[2 + 2 * i])
    for _, f in ipairs(c[1]) do redis.call('HINCRBY', key, f, 1) end
    for _, kv in ipairs(c[2]) do redis.call('HSET', key, kv[1], kv[2]) end
    redis.call('HSET', key, 'u', ARGV[1 + 2 * i])
    redis.call('EXPIRE', key, ARGV[1])
    fresh[#fresh + 1] = i
  end
end
return fresh
`;

type RecordScript = (keyCount: number, ...args: (string | number)[]) => Promise<number[]>;

export function createRedisEventStore(redis: Redis, prefix: string, opts: StoreOptions): EventStore {
  if (!('recordPushEvents' in redis)) redis.defineCommand('recordPushEvents', { lua: RECORD });
  const run = (redis as unknown as { recordPushEvents: RecordScript }).recordPushEvents.bind(redis);
  const ttl = Math.ceil(opts.ttlMs / 1000);
  const dedupeTtl = Math.ceil(opts.dedupeTtlMs / 1000);
  return {
    async record(events) {
      if (events.length === 0) return [];
      const keys = [
        ...events.map((e) => `${prefix}seen:${e.eventId}`),
        ...events.map((e) => `${prefix}live:${counterKeyOf(e)}`),
      ];
      const args = events.flatMap((e) => {
        const { incr, set } = changesOf(e);
        return [String(e.receivedAt), JSON.stringify([incr, set])];
      });
      const counted = await run(keys.length, ...keys, ttl, dedupeTtl, ...args);
      return counted.map((i) => events[i - 1]!);
    },
    counters: (key) => redis.hgetall(`${prefix}live:${key}`),
  };
}
