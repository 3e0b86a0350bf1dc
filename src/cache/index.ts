// Answer cache beneath the scheduler: each key's part of an upstream answer, by (API, key), plus the fill lock
// that makes concurrent identical misses one upstream call across replicas.
import { LRUCache } from 'lru-cache';

export interface Cache {
  /** Shared by several processes (Redis): identical misses are then coordinated with the fill lock. */
  readonly shared: boolean;
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  /** Takes the right to fill `key` for `ttlMs`; false while someone else holds it. */
  lock(key: string, ttlMs: number): Promise<boolean>;
  unlock(key: string): Promise<void>;
}

/** Roughly what a JSON value and its key hold in memory: UTF-16 text is the bulk of it. */
const sizeOf = (key: string, value: unknown): number => 2 * (key.length + (JSON.stringify(value)?.length ?? 0)) + 64;

/**
 * In this process, bounded by total size rather than entry count: a few huge answers evict many small ones
 * instead of growing the process, and an answer larger than the whole budget is simply not kept.
 */
export function createMemoryCache(maxBytes = 64 * 1024 * 1024): Cache {
  const entries = new LRUCache<string, { value: unknown; size: number }>({
    maxSize: maxBytes,
    sizeCalculation: (entry) => entry.size,
    ttlAutopurge: false,
  });
  return {
    shared: false,
    get: (key) => Promise.resolve(entries.get(key)?.value),
    set(key, value, ttlMs) {
      const size = sizeOf(key, value);
      if (size <= maxBytes) entries.set(key, { value, size }, { ttl: ttlMs });
      return Promise.resolve();
    },
    // In one process the scheduler already makes identical misses one call.
    lock: () => Promise.resolve(true),
    unlock: () => Promise.resolve(),
  };
}
