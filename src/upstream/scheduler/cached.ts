// Reading through the cache: an answer kept per key is decoded once per entry; across replicas, one replica
// takes the key's fill lock and asks while the others wait for its answer in the shared cache.
import { setTimeout as sleep } from 'node:timers/promises';
import type { DecodeOptions } from '../decode.js';
import type { DataSource } from '../model.js';
import type { Json, ReadApi } from '../apis/types.js';
import { needStore, type Core, type Entry } from './core.js';
import type { Intents } from './intents.js';

/** Figures (statistics, loss) answered from the cache say so in their `source`. */
function fromCache<V>(value: V): V {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return { ...value, origin: 'CACHE' satisfies DataSource };
  return value;
}

/**
 * What a cached answer decodes to, kept with it: the memory cache hands every request the same answer object
 * until it expires, so it is decoded once, not once per request, and every request reads the same decoded value
 * (shared, so never changed by its readers). An answer read from Redis is a new object each time and is decoded
 * each time. Keyed by the cache id as well: one answer object is only ever the part of one key.
 */
const decodedByAnswer = new WeakMap<object, { id: string; value: unknown }>();
export function decodeCached<K, V>(desc: ReadApi<K, V>, cached: Json, id: string, key: K, opts: DecodeOptions): V {
  if (typeof cached !== 'object' || cached === null) return fromCache(desc.decode(cached, key, opts));
  const kept = decodedByAnswer.get(cached);
  if (kept?.id === id) return kept.value as V;
  const value = fromCache(desc.decode(cached, key, opts));
  decodedByAnswer.set(cached, { id, value });
  return value;
}

/** Starts a new read intent: from the shared cache if another replica fills it meanwhile, else into the queue. */
export function createStart(core: Core, intents: Intents): (entry: Entry) => Promise<void> {
  const { cache, callBudgetMs } = core.opts;

  /** Across replicas: one takes the fill lock and asks; the others wait for its answer in the cache. */
  async function lockOrFollow(entry: Entry): Promise<Json | undefined> {
    const giveUpAt = Date.now() + callBudgetMs;
    const get = () => needStore(entry.api, 'cache', () => cache.get(entry.id)) as Promise<Json | undefined>;
    while (!(await needStore(entry.api, 'cache', () => cache.lock(entry.id, callBudgetMs)))) {
      await sleep(25);
      const filled = await get();
      if (filled !== undefined) return filled;
      if (Date.now() > giveUpAt) return undefined;
    }
    entry.locked = true;
    // Another replica may have filled it and let go between our miss and our lock.
    return get();
  }

  return async (entry) => {
    try {
      if (entry.ttlMs > 0 && cache.shared) {
        const filled = await lockOrFollow(entry);
        if (filled !== undefined) return intents.settle(entry, { value: filled });
      }
      intents.enqueue(entry);
    } catch (error) {
      intents.settle(entry, { error });
    }
  };
}
