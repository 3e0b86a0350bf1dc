// The collector: every HISTORY_COLLECT_INTERVAL_SECONDS, the replica holding the advisory lock asks the
// upstream, in the scheduler's background lane, for each followed task's days not yet settled in the records,
// and for the overall figures; it also prunes records past HISTORY_RETENTION_DAYS.
import type { Logger } from 'pino';
import type { PushApi } from '../upstream/index.js';
import type { Loss, Stats } from '../upstream/model.js';
import type { HistoryDb, Lock } from './db.js';
import { kept, settled, type Days, type Part } from './days.js';
import type { Kind } from './schema.js';
import type { Store } from './store.js';

/** The advisory lock key of the collector ("timp"). */
export const COLLECTOR_LOCK = 0x74696d70;

export interface CollectorOptions {
  db: HistoryDb;
  store: Store;
  /** The push APIs in the background lane: only the quota slots no interactive request wants. */
  api: PushApi;
  days: Days;
  intervalMs: number;
  retentionDays: number;
  now: () => number;
  log: Logger;
}

export interface Visit {
  tasks: number;
  asked: number;
  recorded: number;
  failed: number;
  pruned: number;
  ms: number;
}

export interface Collector {
  /** True while this replica holds the lock and runs the visits. */
  readonly leading: boolean;
  /** Resolves after the next visit this replica completes (tests, bench). */
  nextVisit(): Promise<Visit>;
  close(): Promise<void>;
}

interface Ask {
  kind: Kind;
  subject: string;
  day: string;
  part: Part;
}

export function startCollector(opts: CollectorOptions): Collector {
  const { store, api, days, log } = opts;
  let lock: Lock | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let waiters: ((v: Visit) => void)[] = [];

  /** Which parts of which days the upstream should be asked for now. */
  async function plan(nowMs: number): Promise<{ asks: Ask[]; tasks: number }> {
    const today = days.dayOf(nowMs);
    const askable = (day: string, part: Part) => kept(days.window(day), part, nowMs);
    const followed = await store.followed(days.add(today, -1));
    const earliest = days.add(today, -31);
    const done = new Set(
      (
        await store.settledSince(
          'task',
          followed.map((t) => t.taskId),
          earliest,
        )
      ).flatMap((r) => [
        ...(r.statsSettled ? [`${r.subject}/${r.day}/stats`] : []),
        ...(r.lossSettled ? [`${r.subject}/${r.day}/loss`] : []),
      ]),
    );
    const overallDone = new Set<string>();
    for (const kind of ['tasks', 'pushes'] as const) {
      for (const r of await store.days(kind, '', earliest, today)) {
        if (r.statsSettled) overallDone.add(`${kind}/${r.day}/stats`);
        if (r.lossSettled) overallDone.add(`${kind}/${r.day}/loss`);
      }
    }
    const asks: Ask[] = [];
    for (const task of followed) {
      const from = task.followFrom > earliest ? task.followFrom : earliest;
      const to = task.followUntil < today ? task.followUntil : today;
      for (const day of from <= to ? days.between(from, to) : []) {
        for (const part of ['stats', 'loss'] as const) {
          if (!done.has(`${task.taskId}/${day}/${part}`) && askable(day, part))
            asks.push({ kind: 'task', subject: task.taskId, day, part });
        }
      }
    }
    for (const kind of ['tasks', 'pushes'] as const) {
      for (const day of days.between(earliest, today)) {
        for (const part of ['stats', 'loss'] as const) {
          if (!overallDone.has(`${kind}/${day}/${part}`) && askable(day, part))
            asks.push({ kind, subject: '', day, part });
        }
      }
    }
    return { asks, tasks: followed.length };
  }

  function ask({ kind, subject, day, part }: Ask): Promise<Stats | Loss> {
    const window = days.window(day);
    if (kind === 'task') return part === 'stats' ? api.taskStats(window, subject) : api.taskLoss(window, subject);
    if (kind === 'tasks') return part === 'stats' ? api.overallTaskStats(window) : api.overallTaskLoss(window);
    return part === 'stats' ? api.pushStats(window) : api.pushLoss(window);
  }

  async function visit(): Promise<Visit> {
    const started = opts.now();
    const pruned = await store.prune(days.add(days.dayOf(started), -opts.retentionDays));
    const { asks, tasks } = await plan(started);
    let recorded = 0;
    let failed = 0;
    // All at once: the scheduler batches up to 5 tasks of one day in a call and paces them in the background lane.
    await Promise.all(
      asks.map(async (a) => {
        try {
          const value = await ask(a);
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
    return { tasks, asked: asks.length, recorded, failed, pruned, ms: opts.now() - started };
  }

  async function tick(): Promise<void> {
    try {
      if (lock && !lock.held) {
        await lock.release();
        lock = undefined;
      }
      lock ??= await opts.db.tryLock(COLLECTOR_LOCK);
      if (!lock || stopped) return;
      const result = await visit();
      log.info(result, 'history: collector visit done');
      const done = waiters;
      waiters = [];
      done.forEach((w) => w(result));
    } catch (error) {
      log.warn({ err: error }, 'history: collector visit failed; trying again at the next interval');
    }
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick().finally(() => schedule(opts.intervalMs));
    }, delayMs);
    timer.unref();
  }
  schedule(0);

  return {
    get leading() {
      return Boolean(lock?.held);
    },
    nextVisit: () => new Promise((resolve) => waiters.push(resolve)),
    async close() {
      stopped = true;
      clearTimeout(timer);
      // A visit waiting for background quota slots ends when the upstream client closes; don't wait for it longer.
      let bound: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise((r) => (bound = setTimeout(r, 5_000)))]).catch(() => undefined);
      clearTimeout(bound);
      await lock?.release();
      lock = undefined;
    },
  };
}
