// Upstream quota: each (SDKAppID, API) gets slots spaced at least `intervalMs` apart, in reservation order.
//
// Written by hand on purpose (a dozen lines of GCRA), not with rate-limiter-flexible: its Redis store keeps
// whole-second windows (SET … EX), so it can neither hold a 1 s + margin spacing nor spread 10 calls/s evenly
// (it lets 10 through at once, then 10 more at the window edge), and its queue polls. A reservation tells every
// caller, on every replica, exactly when its slot is, with one atomic round trip.
export interface Quota {
  /**
   * Takes the next free slot of `key`: resolves with the milliseconds to wait before using it,
   * or null (taking nothing) when that slot is further away than `maxWaitMs`.
   */
  reserve(key: string, intervalMs: number, maxWaitMs: number): Promise<number | null>;
  close(): Promise<void>;
}

export function createMemoryQuota(): Quota {
  const nextFree = new Map<string, number>();
  return {
    async reserve(key, intervalMs, maxWaitMs) {
      const now = performance.timeOrigin + performance.now();
      const start = Math.max(now, nextFree.get(key) ?? 0);
      if (start - now > maxWaitMs) return null;
      nextFree.set(key, start + intervalMs);
      return start - now;
    },
    async close() {},
  };
}
