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
   * Just before sending: how much longer to wait so that this call goes out at least `intervalMs` after the
   * last call of `key` actually sent, recorded as sent then. Reservations space the plan; this keeps the spacing
   * when a call leaves late (event-loop lag) and the next one does not. `sentAt` is the recorded time, in the
   * store's clock, for `confirm`.
   */
  dispatch(key: string, intervalMs: number): Promise<{ waitMs: number; sentAt: number }>;
  /**
   * The call recorded at `sentAt` actually left `lateMs` later (signing, connecting, a busy pool): move the
   * record there, so the next call is spaced from when this one really went out.
   */
  confirm(key: string, intervalMs: number, sentAt: number, lateMs: number): Promise<void>;
  close(): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();

export function createMemoryQuota(): Quota {
  const nextFree = new Map<string, number>();
  const lastSent = new Map<string, number>();
  return {
    reserve(key, intervalMs, maxWaitMs) {
      const t = now();
      const start = Math.max(t, nextFree.get(key) ?? 0);
      if (start - t > maxWaitMs) return Promise.resolve(null);
      nextFree.set(key, start + intervalMs);
      return Promise.resolve(start - t);
    },
    dispatch(key, intervalMs) {
      const t = now();
      const at = Math.max(t, (lastSent.get(key) ?? -Infinity) + intervalMs);
      lastSent.set(key, at);
      return Promise.resolve({ waitMs: at - t, sentAt: at });
    },
    confirm(key, _intervalMs, sentAt, lateMs) {
      lastSent.set(key, Math.max(lastSent.get(key) ?? -Infinity, sentAt + Math.max(0, lateMs)));
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}
