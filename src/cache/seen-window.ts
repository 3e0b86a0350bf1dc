// The ids seen within a time window, 8 bytes each: how one process counts a replayed push callback once.
//
// Written by hand because nothing kept does it compactly. lru-cache, which bounds the other in-memory stores, keeps
// per id a JS string, a Map entry and its link slots: about 200 bytes for a 22-character event id. That is
// 200 MB at the 1,000,000 bound, and every full garbage collection scans all of it. De-duplication needs neither
// the id back nor exact recency. So this keeps a 60-bit fingerprint in an open-addressed typed array: 8 bytes a
// slot, 16 MiB a generation at the bound, outside the V8 heap's object graph. Two generations, turned over by
// time, remember each id for at least the window. A fingerprint can collide too, once in about 10^12 lookups at
// the bound; Bloom and cuckoo filters of a useful size answer a false "seen" (a real event dropped) far more often.

export interface SeenWindow {
  /** True when `id` is new, and is remembered from now on; false when it was seen within the window. */
  add(id: string, now?: number): boolean;
  /** The ids remembered: those of the last one to two windows, or of the last two generations at the bound. */
  readonly size: number;
}

const FIRST_SLOTS = 1 << 10;

/** base64url's alphabet → its 6-bit values (other characters fold into the same range). */
const SIXBITS = new Uint8Array(128);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('').forEach((c, i) => {
  SIXBITS[c.charCodeAt(0)] = i;
});
const six = (id: string, i: number) => SIXBITS[id.charCodeAt(i) & 127]!;
const thirtyBits = (id: string, from: number) =>
  (six(id, from) << 24) |
  (six(id, from + 1) << 18) |
  (six(id, from + 2) << 12) |
  (six(id, from + 3) << 6) |
  six(id, from + 4);

/** An open-addressed table of fingerprints (two 30-bit halves); (0, 0) marks an empty slot. */
class Generation {
  keys = new Uint32Array(FIRST_SLOTS * 2);
  count = 0;

  /** The slot holding (hi, lo), or the empty slot where it would go. */
  private slotOf(hi: number, lo: number): number {
    const mask = this.keys.length / 2 - 1;
    for (let slot = lo & mask; ; slot = (slot + 1) & mask) {
      const h = this.keys[slot * 2]!;
      const l = this.keys[slot * 2 + 1]!;
      if ((h === hi && l === lo) || (h === 0 && l === 0)) return slot;
    }
  }

  has(hi: number, lo: number): boolean {
    const slot = this.slotOf(hi, lo);
    return this.keys[slot * 2] === hi && this.keys[slot * 2 + 1] === lo;
  }

  /** Adds a fingerprint known to be absent; the table doubles at half full, so probes stay short. */
  insert(hi: number, lo: number): void {
    if ((this.count + 1) * 2 > this.keys.length / 2) this.grow();
    const slot = this.slotOf(hi, lo);
    this.keys[slot * 2] = hi;
    this.keys[slot * 2 + 1] = lo;
    this.count++;
  }

  private grow(): void {
    const old = this.keys;
    this.keys = new Uint32Array(old.length * 2);
    for (let i = 0; i < old.length; i += 2) {
      const hi = old[i]!;
      const lo = old[i + 1]!;
      if (hi === 0 && lo === 0) continue;
      const slot = this.slotOf(hi, lo);
      this.keys[slot * 2] = hi;
      this.keys[slot * 2 + 1] = lo;
    }
  }
}

/**
 * Ids seen within `windowMs`, at most `perGeneration` ids a generation. An id is remembered for at least the
 * window and less than twice it, unless more than `perGeneration` new ids arrive within one window: then the
 * oldest generation goes early, as an LRU drops its oldest at its bound. Ids must be uniformly random in base64url,
 * as digests are: the first ten characters are the fingerprint.
 */
export function seenWindow(windowMs: number, perGeneration: number, clock: () => number = Date.now): SeenWindow {
  let current = new Generation();
  let previous: Generation | undefined;
  let startedAt = clock();

  /**
   * A new generation. By time, generations start at whole windows from the first: the one turning over holds ids
   * of one window, kept one window more as `previous` (and none past two). At the bound, at once.
   */
  const turnOver = (now: number, byTime: boolean) => {
    const elapsed = now - startedAt;
    previous = byTime && elapsed >= 2 * windowMs ? undefined : current;
    current = new Generation();
    startedAt = byTime ? startedAt + Math.floor(elapsed / windowMs) * windowMs : now;
  };

  return {
    add(id, now = clock()) {
      if (now - startedAt >= windowMs) turnOver(now, true);
      const hi = thirtyBits(id, 0);
      const lo = thirtyBits(id, 5) || 1; // (0, 0) is the empty slot
      if (current.has(hi, lo) || previous?.has(hi, lo)) return false;
      if (current.count >= perGeneration) turnOver(now, false);
      current.insert(hi, lo);
      return true;
    },
    get size() {
      return current.count + (previous?.count ?? 0);
    },
  };
}
