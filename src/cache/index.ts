// Response cache beneath the DataLoaders: upstream answers by (API, body), plus the fill lock that makes
// concurrent identical misses one upstream call across replicas.
import { LRUCache } from 'lru-cache';

export interface Cache {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  /** Takes the right to fill `key` for `ttlMs`; false while someone else holds it. */
  lock(key: string, ttlMs: number): Promise<boolean>;
  unlock(key: string): Promise<void>;
}

export function createMemoryCache(maxEntries = 10_000): Cache {
  const entries = new LRUCache<string, { value: unknown }>({ max: maxEntries, ttlAutopurge: false });
  return {
    async get(key) {
      return entries.get(key)?.value;
    },
    async set(key, value, ttlMs) {
      entries.set(key, { value }, { ttl: ttlMs });
    },
    // In one process the client's in-flight map already makes identical misses one call.
    async lock() {
      return true;
    },
    async unlock() {},
  };
}
