// Idempotency keys in Redis: claimed, read and freed by Lua scripts, so every replica sees one state per key.
import type { Redis, Result } from 'ioredis';
import { seen, type Entry, type IdempotencyStore } from './index.js';

// KEYS[1] the entry, KEYS[2] its lease. Returns nil when the claim is ours, else {entry, lease alive}.
const CLAIM = `
local v = redis.call('GET', KEYS[1])
if v then return {v, redis.call('EXISTS', KEYS[2])} end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
return false`;

const READ = `
local v = redis.call('GET', KEYS[1])
if not v then return false end
return {v, redis.call('EXISTS', KEYS[2])}`;

const RELEASE = `
local v = redis.call('GET', KEYS[1])
if not v then return 0 end
local e = cjson.decode(v)
if e.state ~= 'claimed' or e.owner ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1], KEYS[2])`;

type Found = [string, number] | null;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    idempotencyClaim(key: string, lease: string, entry: string, ttlMs: number, leaseMs: number): Result<Found, Context>;
    idempotencyRead(key: string, lease: string): Result<Found, Context>;
    idempotencyRelease(key: string, lease: string, owner: string): Result<number, Context>;
  }
}

export function createRedisIdempotencyStore(redis: Redis, prefix: string): IdempotencyStore {
  redis.defineCommand('idempotencyClaim', { numberOfKeys: 2, lua: CLAIM });
  redis.defineCommand('idempotencyRead', { numberOfKeys: 2, lua: READ });
  redis.defineCommand('idempotencyRelease', { numberOfKeys: 2, lua: RELEASE });
  // One hash tag per key: entry and lease live in the same slot of a cluster.
  const k = (key: string) => `${prefix}idempotency:{${key}}`;
  const lease = (key: string) => `${prefix}idempotency:{${key}}:lease`;
  const read = (found: Found): Entry | null =>
    found === null ? null : seen(JSON.parse(found[0]) as Entry, found[1] === 1);
  return {
    unreachable: 'the idempotency store (Redis) is unreachable',
    claim: async (key, claim, ttlMs, leaseMs) =>
      read(await redis.idempotencyClaim(k(key), lease(key), JSON.stringify(claim), ttlMs, leaseMs)),
    get: async (key) => read(await redis.idempotencyRead(k(key), lease(key))),
    async settle(key, entry, ttlMs) {
      const replies = await redis.multi().set(k(key), JSON.stringify(entry), 'PX', ttlMs).del(lease(key)).exec();
      const failed = replies?.find(([error]) => error)?.[0];
      if (!replies || failed) throw failed ?? new Error('the transaction was discarded');
    },
    async release(key, owner) {
      await redis.idempotencyRelease(k(key), lease(key), owner);
    },
  };
}
