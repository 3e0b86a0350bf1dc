// Work that one replica does for all: every `intervalMs`, the replica holding a PostgreSQL advisory lock runs
// it; the others try to take the lock at each interval, so when the holder stops (or its connection breaks),
// another takes over at its next one. The collector and the alert evaluator run this way.
import type { HistoryDb, Lock } from './engine.js';

export interface LeaderOptions<T> {
  db: HistoryDb;
  /** The advisory lock's key, one per kind of work. */
  lockKey: number;
  intervalMs: number;
  /** One round of the work, run only while this replica holds the lock. */
  run: () => Promise<T>;
  /** A round that failed: it is tried again at the next interval. */
  failed: (error: unknown) => void;
}

export interface Leader<T> {
  /** True while this replica holds the lock and runs the rounds. */
  readonly leading: boolean;
  /** False once closing began: work in progress may look at it to end early. */
  readonly running: boolean;
  /** Resolves with the next round this replica completes (tests, bench). */
  next(): Promise<T>;
  /** Stops the rounds, waits for the one in progress up to `boundMs` (and for `also`), then gives up the lock. */
  close(boundMs: number, also?: Promise<unknown>): Promise<void>;
}

export function leadEvery<T>({ db, lockKey, intervalMs, run, failed }: LeaderOptions<T>): Leader<T> {
  let lock: Lock | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let round: Promise<void> = Promise.resolve();
  let waiters: ((value: T) => void)[] = [];

  async function tick(): Promise<void> {
    try {
      // A lock whose connection broke may be another replica's by now: let it go, and try to take it again.
      if (lock && !lock.held) {
        await lock.release();
        lock = undefined;
      }
      lock ??= await db.tryLock(lockKey);
      if (!lock || stopped) return;
      const value = await run();
      const done = waiters;
      waiters = [];
      done.forEach((w) => w(value));
    } catch (error) {
      failed(error);
    }
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      round = tick().finally(() => schedule(intervalMs));
    }, delayMs);
    timer.unref();
  }
  schedule(0);

  return {
    get leading() {
      return Boolean(lock?.held);
    },
    get running() {
      return !stopped;
    },
    next: () => new Promise((resolve) => waiters.push(resolve)),
    async close(boundMs, also) {
      stopped = true;
      clearTimeout(timer);
      let bound: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([round, also]),
        new Promise((resolve) => (bound = setTimeout(resolve, boundMs))),
      ]).catch(() => undefined);
      clearTimeout(bound);
      await lock?.release().catch(() => undefined);
      lock = undefined;
    },
  };
}
