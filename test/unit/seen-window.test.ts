import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seenWindow } from '../../src/cache/seen-window.js';

/** Ids as the event decoder makes them: a SHA-256 digest in base64url, 22 characters. */
const id = (n: number) => createHash('sha256').update(String(n)).digest('base64url').slice(0, 22);

describe('seenWindow', () => {
  it('answers new once, then seen, for every id of a large set', () => {
    const seen = seenWindow(60_000, 1_000_000, () => 0);
    for (let i = 0; i < 200_000; i++) expect(seen.add(id(i))).toBe(true);
    for (let i = 0; i < 200_000; i++) expect(seen.add(id(i))).toBe(false);
    expect(seen.size).toBe(200_000);
  });

  it('remembers an id for at least the window, and forgets it within two', () => {
    let now = 0;
    const seen = seenWindow(1_000, 100, () => now);
    seen.add(id(1));
    now = 999;
    expect(seen.add(id(1))).toBe(false);
    now = 1_500; // a new generation begins; the id is in the one before
    expect(seen.add(id(2))).toBe(true);
    expect(seen.add(id(1))).toBe(false);
    now = 2_000; // two windows past the id's
    expect(seen.add(id(1))).toBe(true);
  });

  it('starts generations at whole windows, however late the next id comes', () => {
    let now = 0;
    const seen = seenWindow(1_000, 100, () => now);
    seen.add(id(1)); // in the window [0, 1000)
    now = 1_999; // the first id after it: the window [1000, 2000) begins
    expect(seen.add(id(2))).toBe(true);
    expect(seen.add(id(1))).toBe(false);
    now = 2_000; // id(1) is two windows old: forgotten; id(2), a millisecond old, is not
    expect(seen.add(id(1))).toBe(true);
    expect(seen.add(id(2))).toBe(false);
  });

  it('forgets everything after a quiet spell of two windows', () => {
    let now = 0;
    const seen = seenWindow(1_000, 100, () => now);
    seen.add(id(1));
    now = 2_000;
    expect(seen.add(id(1))).toBe(true);
    expect(seen.size).toBe(1);
  });

  it('holds at most two generations at its bound, dropping the oldest first', () => {
    const seen = seenWindow(60_000, 1_000, () => 0);
    for (let i = 0; i < 2_500; i++) seen.add(id(i));
    expect(seen.size).toBeLessThanOrEqual(2_000);
    expect(seen.add(id(2_499))).toBe(false); // the newest are kept
    expect(seen.add(id(0))).toBe(true); // the oldest went
  });

  it('takes ids of any text without failing, though only digests spread evenly', () => {
    const seen = seenWindow(60_000, 10, () => 0);
    expect(seen.add('')).toBe(true);
    expect(seen.add('')).toBe(false);
    expect(seen.add('☃ not base64')).toBe(true);
  });
});
