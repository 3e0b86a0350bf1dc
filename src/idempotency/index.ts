// Idempotent sendBatchPush: the same idempotencyKey with the same input returns the first result instead of
// pushing again; with another input it is refused. Kept in memory, or in Redis so every replica agrees.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { LRUCache } from 'lru-cache';

/** What is kept per key: the input's fingerprint, and the result once the push is done. */
export interface Entry {
  fingerprint: string;
  result?: unknown;
}

export interface IdempotencyStore {
  /** Claims `key` for `fingerprint` if nobody has; otherwise returns what is there. */
  claim(key: string, entry: Entry, ttlMs: number): Promise<Entry | null>;
  get(key: string): Promise<Entry | null>;
  complete(key: string, entry: Entry, ttlMs: number): Promise<void>;
  release(key: string): Promise<void>;
}

export class IdempotencyConflict extends Error {}

export interface Idempotency {
  /**
   * Runs `push` once per (owner, key, input): a repeat returns the stored result, a concurrent repeat waits
   * for it, a different input under the same key throws IdempotencyConflict. A failed push frees the key.
   */
  run<T>(owner: string, key: string, input: unknown, push: () => Promise<T>): Promise<T>;
}

export const fingerprintOf = (input: unknown): string =>
  createHash('sha256').update(JSON.stringify(input)).digest('hex');

export function createIdempotency(store: IdempotencyStore, ttlMs: number, waitMs = 30_000): Idempotency {
  async function awaitResult(id: string, fingerprint: string): Promise<unknown> {
    const giveUpAt = Date.now() + waitMs;
    while (Date.now() < giveUpAt) {
      await sleep(50);
      const entry = await store.get(id);
      if (!entry) return undefined; // the first attempt failed and freed the key
      if (entry.fingerprint !== fingerprint) throw new IdempotencyConflict();
      if (entry.result !== undefined) return entry.result;
    }
    throw new IdempotencyConflict('still in progress');
  }

  return {
    async run<T>(owner: string, key: string, input: unknown, push: () => Promise<T>): Promise<T> {
      const id = createHash('sha256').update(`${owner}\u0000${key}`).digest('hex');
      const fingerprint = fingerprintOf(input);
      for (;;) {
        // A claim without a result expires soon: a replica that dies mid-push must not block the key for a day.
        const existing = await store.claim(id, { fingerprint }, Math.min(ttlMs, 120_000));
        if (existing) {
          if (existing.fingerprint !== fingerprint) throw new IdempotencyConflict();
          const result = existing.result ?? (await awaitResult(id, fingerprint));
          if (result !== undefined) return result as T;
          continue; // freed by a failed attempt: claim it ourselves
        }
        try {
          const result = await push();
          await store.complete(id, { fingerprint, result }, ttlMs);
          return result;
        } catch (error) {
          await store.release(id);
          throw error;
        }
      }
    },
  };
}

export function createMemoryIdempotencyStore(): IdempotencyStore {
  const entries = new LRUCache<string, Entry>({ max: 100_000 });
  return {
    async claim(key, entry, ttlMs) {
      const existing = entries.get(key);
      if (existing) return existing;
      entries.set(key, entry, { ttl: ttlMs });
      return null;
    },
    async get(key) {
      return entries.get(key) ?? null;
    },
    async complete(key, entry, ttlMs) {
      entries.set(key, entry, { ttl: ttlMs });
    },
    async release(key) {
      entries.delete(key);
    },
  };
}
