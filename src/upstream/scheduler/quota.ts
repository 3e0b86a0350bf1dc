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
   * Just before sending: when the last call of `key` actually left at least `intervalMs` ago and no call is
   * still on its way out, records this one as leaving now and resolves `{ sentAt }` (in the store's clock, for
   * `confirm`); otherwise records nothing and resolves how long to wait before asking again. Reservations space
   * the plan; this keeps the spacing when a call leaves late (event-loop lag, a slow connection) and the next
   * one does not, whichever replica sends it.
   */
  depart(key: string, intervalMs: number): Promise<{ sentAt: number } | { waitMs: number }>;
  /**
   * The call recorded at `sentAt` actually left `lateMs` later (signing, connecting, a free connection), or
   * never left (`lateMs` null): the next call is spaced from when this one really went out.
   */
  confirm(key: string, sentAt: number, lateMs: number | null): Promise<void>;
}

const now = () => performance.timeOrigin + performance.now();

/** A call still unconfirmed after this long is taken to have failed before leaving (connect timeout + 1 s). */
export const PENDING_CAP_MS = 6_000;
/** How often to ask again while a call is on its way out. */
export const PENDING_POLL_MS = 10;

export function createMemoryQuota(): Quota {
  const nextFree = new Map<string, number>();
  const lastSent = new Map<string, number>();
  const pending = new Map<string, number>();
  return {
    reserve(key, intervalMs, maxWaitMs) {
      const t = now();
      const start = Math.max(t, nextFree.get(key) ?? 0);
      if (start - t > maxWaitMs) return Promise.resolve(null);
      nextFree.set(key, start + intervalMs);
      return Promise.resolve(start - t);
    },
    depart(key, intervalMs) {
      const t = now();
      const out = pending.get(key);
      if (out !== undefined && t - out < PENDING_CAP_MS) return Promise.resolve({ waitMs: PENDING_POLL_MS });
      const at = Math.max(t, (lastSent.get(key) ?? -Infinity) + intervalMs);
      if (at > t) return Promise.resolve({ waitMs: at - t });
      lastSent.set(key, t);
      pending.set(key, t);
      return Promise.resolve({ sentAt: t });
    },
    confirm(key, sentAt, lateMs) {
      if (lateMs !== null) lastSent.set(key, Math.max(lastSent.get(key) ?? -Infinity, sentAt + Math.max(0, lateMs)));
      if (pending.get(key) === sentAt) pending.delete(key);
      return Promise.resolve();
    },
  };
}
