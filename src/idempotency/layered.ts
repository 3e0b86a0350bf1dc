// Idempotency keys in Redis and in the history database together: Redis the fast path (a repeat is answered
// from it, an outcome is there the moment the push answers), the database the store of record (a key is claimed
// there too, so a key Redis forgot in a restart is still found). A push goes when either store holds its claim,
// refused only when neither can be read: a database outage alone stops no keyed push. The guarantee then rests
// on Redis alone until the database answers again and takes the outcomes waiting in the history's outbox.
import type { Logger } from 'pino';
import type { Claim, Entry, IdempotencyStore } from './index.js';

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

const attempt = <T>(work: Promise<T>): Promise<Outcome<T>> =>
  work.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );

/** Both settled; rejects with the first failure, so that it is logged. */
async function both(a: Promise<void>, b: Promise<void>): Promise<void> {
  const failed = (await Promise.allSettled([a, b])).find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
}

export function createLayeredIdempotencyStore(
  fast: IdempotencyStore,
  record: IdempotencyStore,
  log: Logger,
): IdempotencyStore {
  /**
   * Redis had forgotten a key the database holds (it restarted empty, or missed it while down): it learns the
   * database's state, and a claim it gave this request is taken back. Best effort: the database decides anyway.
   */
  async function teach(key: string, held: Entry, mine: Claim, ttlMs: number): Promise<void> {
    const taught = held.state === 'claimed' ? fast.release(key, mine.owner) : fast.settle(key, held, ttlMs, mine);
    await taught.catch((error: unknown) => log.debug({ err: error }, 'Redis could not learn a key of the database'));
  }

  return {
    unreachable: 'neither idempotency store (Redis, the history database) can be reached',

    async claim(key, claim, ttlMs, leaseMs) {
      const quick = await attempt(fast.claim(key, claim, ttlMs, leaseMs));
      // What Redis holds, some request claimed or settled: it stands, and the database need not be asked.
      if (quick.ok && quick.value) return quick.value;
      const held = await attempt(record.claim(key, claim, ttlMs, leaseMs));
      if (!held.ok) {
        if (!quick.ok) throw held.error;
        log.warn({ err: held.error }, 'the history database is unreachable; this key is claimed in Redis only');
        return null;
      }
      if (held.value && quick.ok) await teach(key, held.value, claim, ttlMs);
      return held.value;
    },

    async get(key) {
      const quick = await attempt(fast.get(key));
      if (quick.ok && quick.value) return quick.value;
      const held = await attempt(record.get(key));
      if (held.ok) return held.value;
      // Free in Redis and the database unreadable: as free as claim() would find it.
      if (quick.ok) return null;
      throw held.error;
    },

    settle: (key, entry, ttlMs, claim) =>
      both(fast.settle(key, entry, ttlMs, claim), record.settle(key, entry, ttlMs, claim)),

    release: (key, owner) => both(fast.release(key, owner), record.release(key, owner)),
  };
}
