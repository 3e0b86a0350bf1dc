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
  /**
   * Just before sending: resolves with how much longer to wait so that this call goes out at least
   * `intervalMs` after the last call of `key` actually sent, and records it as sent then. Reservations space
   * the plan; this keeps the spacing when a call leaves late (event-loop lag, a slow connection) and the
   * next one does not.
   */
  dispatch(key: string, intervalMs: number): Promise<number>;
}

const now = () => performance.timeOrigin + performance.now();

export function createMemoryQuota(): Quota {
  const nextFree = new Map<string, number>();
  const lastSent = new Map<string, number>();
  return {
    async reserve(key, intervalMs, maxWaitMs) {
      const t = now();
      const start = Math.max(t, nextFree.get(key) ?? 0);
      if (start - t > maxWaitMs) return null;
      nextFree.set(key, start + intervalMs);
      return start - t;
    },
    async dispatch(key, intervalMs) {
      const t = now();
      const at = Math.max(t, (lastSent.get(key) ?? -Infinity) + intervalMs);
      lastSent.set(key, at);
      return at - t;
    },
  };
}
