import { describe, expect, it } from 'vitest';
import { growingLru } from '../../src/cache/lru.js';

describe('growingLru', () => {
  it('holds at most its bound, evicting the least recently used', () => {
    const lru = growingLru<string, number>(3);
    for (const [i, k] of ['a', 'b', 'c'].entries()) lru.set(k, i);
    expect(lru.get('a')).toBe(0); // now the most recently used
    lru.set('d', 3);
    expect([...lru.keys()].sort()).toEqual(['a', 'c', 'd']);
    expect(lru.size).toBe(3);
  });

  it('keeps a TTL', () => {
    let now = 1_000;
    const lru = growingLru<string, true>(10, { ttl: 100, ttlResolution: 0, perf: { now: () => now } });
    lru.set('k', true);
    now += 99;
    expect(lru.has('k')).toBe(true);
    now += 2;
    expect(lru.has('k')).toBe(false);
  });

  it('bounds a store of a million entries', () => {
    const lru = growingLru<number, true>(1_000_000);
    expect(lru.max).toBe(0); // no slots allocated up front
    for (let i = 0; i < 1_000_010; i++) lru.set(i, true);
    expect(lru.size).toBe(1_000_000);
    expect(lru.has(9)).toBe(false);
    expect(lru.has(10)).toBe(true);
  });
});
