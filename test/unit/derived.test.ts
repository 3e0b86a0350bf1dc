import { describe, expect, it } from 'vitest';
import { perObject, perObjectIn } from '../../src/schema/derived.js';

describe('values derived from upstream data', () => {
  it('are computed once per object, and anew for another object with the same content', () => {
    let computed = 0;
    const idOf = perObject((o: { id: string }) => (computed++, `id:${o.id}`));
    const answer = { id: 'a' };
    expect([idOf(answer), idOf(answer), idOf(answer)]).toEqual(['id:a', 'id:a', 'id:a']);
    expect(computed).toBe(1);
    // A new answer (the cache entry expired and was fetched again) is derived again, even if it looks the same.
    expect(idOf({ id: 'a' })).toBe('id:a');
    expect(computed).toBe(2);
  });

  it('keep a falsy or null result instead of computing it again', () => {
    let computed = 0;
    const none = perObject(() => (computed++, null));
    const o = {};
    expect([none(o), none(o)]).toEqual([null, null]);
    expect(computed).toBe(1);
  });

  it('are kept apart per context: the same data in two reports gives two values', () => {
    let computed = 0;
    const kept = perObjectIn<string[]>();
    const buckets = [{ code: '1' }];
    const inA = kept(buckets, 'report A', () => (computed++, ['A']));
    const inB = kept(buckets, 'report B', () => (computed++, ['B']));
    expect(kept(buckets, 'report A', () => ['never'])).toBe(inA);
    expect(inB).toEqual(['B']);
    expect(computed).toBe(2);
  });
});
