// Where events are de-duplicated and counted: one small interface, in memory (one process) or in Redis (shared).
import { growingLru } from '../cache/lru.js';
import { seenWindow } from '../cache/seen-window.js';
import { UPDATED_AT, changesOf, counterKeyOf } from './counters.js';
import type { PushEvent } from './model.js';

export interface EventStore {
  /** Counts the events not seen within the de-duplication window; answers those (the fresh ones). */
  record(events: PushEvent[]): Promise<PushEvent[]>;
  /** The counter fields of a task (`task:<id>`) or push (`push:<id>`); empty when nothing was counted. */
  counters(key: string): Promise<Record<string, string>>;
}

export interface StoreOptions {
  ttlMs: number;
  dedupeTtlMs: number;
}

export function createMemoryEventStore({ ttlMs, dedupeTtlMs }: StoreOptions): EventStore {
  // Bounded: 1,000,000 new ids a generation is ten minutes of 1,650 events/s; a heavier flood forgets its oldest
  // early (REDIS_URL has no such bound). Event ids are digests, as the window wants them.
  const seen = seenWindow(dedupeTtlMs, 1_000_000);
  const counters = growingLru<string, Record<string, string>>(100_000, { ttl: ttlMs });
  return {
    record(events) {
      const fresh = events.filter((e) => seen.add(e.eventId));
      for (const e of fresh) {
        const key = counterKeyOf(e);
        const fields = counters.get(key) ?? {};
        const { incr, set } = changesOf(e);
        for (const f of incr) fields[f] = String(Number(fields[f] ?? 0) + 1);
        for (const [f, v] of set) fields[f] = v;
        fields[UPDATED_AT] = String(e.receivedAt);
        counters.set(key, fields); // refreshes the TTL: counters live LIVE_TTL_SECONDS after the last event
      }
      return Promise.resolve(fresh);
    },
    counters: (key) => Promise.resolve({ ...counters.get(key) }),
  };
}
