// History: the database opened in the background (the gateway listens meanwhile), the store over it, the
// collector, the write-through of whole-day answers, and answers from the records for windows the upstream
// no longer keeps.
import type { Logger } from 'pino';
import type { HistoryConfig } from '../config.js';
import type { PushApi } from '../upstream/index.js';
import type { BatchPush, BatchPushResult, Loss, Stats, Window } from '../upstream/model.js';
import { startCollector, type Collector } from './collector.js';
import type { HistoryDb } from './db.js';
import { createDays, kept, settled, surelyGone, type Days, type Part } from './days.js';
import { HistoryUnavailableError, MissingDaysError } from './errors.js';
import { mergeLoss, mergeStats } from './merge.js';
import { beyondRetention } from './retention.js';
import type { Kind, TaskRow } from './schema.js';
import { createStore, type Store } from './store.js';

export { HistoryUnavailableError, MissingDaysError } from './errors.js';
export type { DayKey, Store } from './store.js';
export type { DailyRow, DayRow, Kind, TaskRow } from './schema.js';

export interface HistoryOptions {
  config: HistoryConfig;
  utcOffsetMinutes: number;
  /** The database being opened (started before anything else of the runtime: it takes the longest). */
  opening: Promise<HistoryDb>;
  /** The push APIs in the scheduler's background lane, for the collector: a requester of its own per call. */
  background: () => PushApi;
  log: Logger;
  /** The clock days, settling and retention are read from (tests move it). */
  now?: () => number;
}

export interface History {
  days: Days;
  now(): number;
  /** Resolves once the database is open and migrated; rejects if it cannot be. */
  readonly ready: Promise<void>;
  /** The store, waiting at most `waitMs` for the database to open; HistoryUnavailableError otherwise. */
  store(waitMs?: number): Promise<Store>;
  /** The collector, once the database is open. */
  readonly collector: Collector | undefined;
  /** Bytes the history tables take. */
  bytes(): Promise<number>;
  /** Follows a task from now on (and the past days the upstream still keeps), asking for its days at once. */
  track(taskId: string): Promise<TaskRow>;
  /** `api` that records whole-day answers and pushes, and answers windows past retention from the records. */
  wrap(api: PushApi): PushApi;
  close(): Promise<void>;
}

/** How long a history field waits for a database still opening (PGlite's first start takes ~15 s). */
const OPEN_WAIT_MS = 20_000;

export function createHistory(opts: HistoryOptions): History {
  const { config, log } = opts;
  const now = opts.now ?? Date.now;
  const days = createDays(opts.utcOffsetMinutes);
  const started = Date.now();
  let db: HistoryDb | undefined;
  let store: Store | undefined;
  let collector: Collector | undefined;
  let failure: string | undefined;
  let closing = false;

  const opening = opts.opening.then(
    async (opened) => {
      if (closing) {
        await opened.close();
        throw new Error('closed while opening');
      }
      db = opened;
      store = createStore(opened);
      collector = startCollector({
        db: opened,
        store,
        api: opts.background,
        days,
        intervalMs: config.collectIntervalSeconds * 1000,
        retentionDays: config.retentionDays,
        now,
        log,
      });
      log.info(
        { engine: opened.engine, ms: Date.now() - started, seeded: opened.seeded },
        `history: ${opened.engine} database ready`,
      );
    },
    (error: Error) => {
      failure = error.message;
      log.error({ err: error }, 'history: cannot open the database; history fields will fail');
      throw error;
    },
  );
  opening.catch(() => undefined);

  // The driver's reason (a host, a user name, a path) goes to the log, not to callers.
  const unopened = () => new HistoryUnavailableError("the database could not be opened; the gateway's log says why");

  async function storeWithin(waitMs = OPEN_WAIT_MS): Promise<Store> {
    if (store) return store;
    if (failure) throw unopened();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), waitMs)));
    const outcome = await Promise.race([opening.then(() => 'open' as const), late])
      .catch(() => 'failed' as const)
      .finally(() => clearTimeout(timer));
    if (outcome === 'open' && store) return store;
    if (outcome === 'late') throw new HistoryUnavailableError('the database is still opening; try again shortly');
    throw failure ? unopened() : new HistoryUnavailableError('the database is closed');
  }

  /** A whole-day answer the upstream gave: recorded once the database is open, never failing the request. */
  function through<T extends Stats | Loss>(kind: Kind, subject: string, part: Part, w: Window, answer: Promise<T>) {
    const day = days.wholeDay(w);
    if (!day) return answer;
    void answer.then(
      (value) =>
        opening
          .then(() => {
            const observedAt = new Date(now());
            return store!.record(
              { kind, subject, day, observedAt, settled: settled(w, observedAt.getTime()) },
              part,
              value,
            );
          })
          .catch((error: unknown) => log.warn({ err: error, kind, day }, 'history: an answer could not be recorded')),
      () => undefined,
    );
    return answer;
  }

  /** The records' answer for a window of whole days the upstream no longer keeps; undefined: ask the upstream. */
  async function recorded(kind: Kind, subject: string, part: Part, w: Window): Promise<Stats | Loss | undefined> {
    if (kept(w, part, now())) return undefined;
    const wanted = days.wholeDays(w);
    if (!wanted) {
      if (surelyGone(w, part, now())) throw beyondRetention(w, part, days);
      return undefined;
    }
    const found = await (
      await storeWithin()
    ).figures(
      part,
      wanted.map((day) => ({ kind, subject, day })),
    );
    const byDay = new Map(found.map((r) => [r.day, r.value]));
    const missing = wanted.filter((d) => !byDay.has(d));
    if (missing.length > 0) throw new MissingDaysError(part, missing);
    const values = wanted.map((d) => byDay.get(d)!);
    const merged = part === 'stats' ? mergeStats(values as Stats[]) : mergeLoss(values as Loss[]);
    return { ...merged, origin: 'HISTORY' };
  }

  function read<T extends Stats | Loss>(
    kind: Kind,
    subject: string,
    part: Part,
    w: Window,
    upstream: () => Promise<T>,
  ): Promise<T> {
    return recorded(kind, subject, part, w).then(
      (answer) => (answer as T | undefined) ?? through(kind, subject, part, w, upstream()),
    );
  }

  async function recordPush(push: BatchPush, result: BatchPushResult): Promise<void> {
    const sentAt = new Date(now());
    const day = days.dayOf(sentAt.getTime());
    try {
      const s = await storeWithin(2_000);
      await s.recordPush(
        {
          taskId: result.taskId,
          sentAt,
          title: push.title,
          recipientCount: push.toAccounts.length,
          dataId: push.dataId,
        },
        day,
        days.add(day, config.followDays),
      );
      void collector?.prompt(result.taskId).catch(() => undefined);
    } catch (error) {
      // The push went out: its answer must not fail because the history could not note it.
      log.warn({ err: error, taskId: result.taskId }, 'history: a push could not be recorded');
    }
  }

  return {
    days,
    now,
    ready: opening,
    store: storeWithin,
    get collector() {
      return collector;
    },
    bytes: async () => (db ? db.bytes() : 0),
    async track(taskId) {
      const today = days.dayOf(now());
      const row = await (await storeWithin()).track(taskId, days.add(today, -29), days.add(today, config.followDays));
      void collector?.prompt(taskId).catch(() => undefined);
      return row;
    },
    wrap: (api) => ({
      ...api,
      taskStats: (w, taskId) => read('task', taskId, 'stats', w, () => api.taskStats(w, taskId)),
      taskLoss: (w, taskId) => read('task', taskId, 'loss', w, () => api.taskLoss(w, taskId)),
      overallTaskStats: (w) => read('tasks', '', 'stats', w, () => api.overallTaskStats(w)),
      overallTaskLoss: (w) => read('tasks', '', 'loss', w, () => api.overallTaskLoss(w)),
      pushStats: (w) => read('pushes', '', 'stats', w, () => api.pushStats(w)),
      pushLoss: (w) => read('pushes', '', 'loss', w, () => api.pushLoss(w)),
      async sendBatch(push) {
        const result = await api.sendBatch(push);
        await recordPush(push, result);
        return result;
      },
    }),
    async close() {
      closing = true;
      await collector?.close();
      await opening.catch(() => undefined);
      await db?.close();
    },
  };
}
