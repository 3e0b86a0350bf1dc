// In-memory LRU maps bounded by entry count, for the stores that may hold up to hundreds of thousands of keys.
import { LRUCache } from 'lru-cache';

/** lru-cache's keys and values: anything but null and undefined. */
type Present = NonNullable<unknown>;
type Options<K extends Present, V extends Present> = Omit<
  LRUCache.Options<K, V, unknown>,
  'max' | 'maxSize' | 'sizeCalculation'
>;

/**
 * At most `entries` entries, in storage that grows as they come. lru-cache's `max` allocates its arrays (keys,
 * values, links, and two more with a TTL) for every slot at construction: a 1,000,000-entry bound held 32 MB
 * of heap from start-up, for a store that may never see an entry, and every full garbage collection scanned it.
 * Counting each entry as size 1 against `maxSize` evicts at the same bound without the preallocation. A store
 * that does fill up holds a little more than a preallocated one (plain arrays for the links, and the sizes):
 * the saving is for the stores that stay small, as most do.
 */
export function growingLru<K extends Present, V extends Present>(
  entries: number,
  options: Options<K, V> = {},
): LRUCache<K, V> {
  return new LRUCache<K, V>({ ...options, maxSize: entries, sizeCalculation: () => 1 });
}
