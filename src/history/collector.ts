// The collector: every HISTORY_COLLECT_INTERVAL_SECONDS, the replica holding the advisory lock asks the
// upstream, in the scheduler's background lane, for each followed task's days not yet settled in the records,
// and for the overall figures; it also prunes records past HISTORY_RETENTION_DAYS and expired idempotency keys.
// Work a user waits for goes first: a task just pushed or tracked is asked at once, by whichever replica saw it,
// taking turns with a visit in progress; within a visit, the latest days before older ones, and the overall
// figures' catch-up last.
import type { Logger } from 'pino';
import type { PushApi } from '../upstream/index.js';
import type { HistoryDb } from './engine.js';
import { leadEvery } from './leader.js';
import { settled, type Days } from './days.js';
import { PRUNE_BATCH } from './claims.js';
import { ask, createPlanner, type Ask } from './plan.js';
import type { Store } from './store.js';

/** The advisory lock key of the collector ("timp"). */
export const COLLECTOR_LOCK = 0x74696d70;

export interface CollectorOptions {
  db: HistoryDb;
  store: Store;
  /**
   * The push APIs in the background lane (only the quota slots no interactive request wants), one requester
   * each time it is called: a visit and each prompt take turns at the quota queue.
   */
  api: () => PushApi;
  days: Days;
  intervalMs: number;
  retentionDays: number;
  /** Other records of the database to prune at each visit (recipients past RECIPIENT_RETENTION_DAYS). */
  pruners?: readonly (() => Promise<number>)[];
  now: () => number;
  log: Logger;
}

export interface Visit {
  tasks: number;
  asked: number;
  recorded: number;
  failed: number;
  pruned: number;
  /** Idempotency keys past their TTL, deleted. */
  expiredKeys: number;
  ms: number;
}

export interface Collector {
  /** True while this replica holds the lock and runs the visits. */
  readonly leading: boolean;
  /** Resolves after the next visit this replica completes (tests, bench). */
  nextVisit(): Promise<Visit>;
  /** Asks now for a task just pushed or tracked: its latest days first, whatever a visit is doing. */
  prompt(taskId: string): Promise<Visit>;
  close(): Promise<void>;
}

export function startCollector(opts: CollectorOptions): Collector {
  const { store, days, log } = opts;
  const plan = createPlanner(store, days);

  /** Asks every planned ask at once (queued in plan order) and records each answer as it comes. */
  async function collect(asks: Ask[]): Promise<{ recorded: number; failed: number }> {
    const api = opts.api();
    let recorded = 0;
    let failed = 0;
    // All at once: the scheduler batches up to 5 tasks of one day in a call and paces them in the background lane.
    await Promise.all(
      asks.map(async (a) => {
        try {
          const value = await ask(api, days, a);
          const observedAt = new Date(opts.now());
          await store.record(
            { ...a, observedAt, settled: settled(days.window(a.day), observedAt.getTime()) },
            a.part,
            value,
          );
          recorded++;
        } catch (error) {
          failed++;
          log.debug({ err: error, ask: a }, 'history: a day could not be collected; the next visit asks again');
        }
      }),
    );
    return { recorded, failed };
  }

  /** Expired keys, a batch per statement: each stays short (bounded by the query timeout) however many there are. */
  async function pruneKeys(): Promise<number> {
    let total = 0;
    let gone: number;
    do {
      gone = await store.pruneClaims();
      total += gone;
    } while (gone === PRUNE_BATCH && leader.running);
    return total;
  }

  async function visit(): Promise<Visit> {
    const started = opts.now();
    let pruned = await store.prune(days.add(days.dayOf(started), -opts.retentionDays));
    for (const prune of opts.pruners ?? []) pruned += await prune();
    const expiredKeys = await pruneKeys();
    const { asks, tasks } = await plan(started);
    const { recorded, failed } = await collect(asks);
    return { tasks, asked: asks.length, recorded, failed, pruned, expiredKeys, ms: opts.now() - started };
  }

  const leader = leadEvery({
    db: opts.db,
    lockKey: COLLECTOR_LOCK,
    intervalMs: opts.intervalMs,
    run: async () => {
      const result = await visit();
      log.info(result, 'history: collector visit done');
      return result;
    },
    failed: (error) => log.warn({ err: error }, 'history: collector visit failed; trying again at the next interval'),
  });

  return {
    get leading() {
      return leader.leading;
    },
    nextVisit: () => leader.next(),
    async prompt(taskId) {
      const started = opts.now();
      const { asks, tasks } = await plan(started, taskId);
      const { recorded, failed } = await collect(asks);
      const result = {
        tasks,
        asked: asks.length,
        recorded,
        failed,
        pruned: 0,
        expiredKeys: 0,
        ms: opts.now() - started,
      };
      log.debug({ taskId, ...result }, 'history: a new task collected');
      return result;
    },
    // A visit waiting for background quota slots ends when the upstream client closes; don't wait for it longer.
    close: () => leader.close(5_000),
  };
}
