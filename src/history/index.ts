// History: the database opened in the background (the gateway listens meanwhile), the collector, the
// write-through of whole-day answers, answers from the records for windows the upstream no longer keeps, pushes
// recorded through an outbox, so that a slow or absent database never holds a push's answer, and the claims of
// keyed pushes (the idempotency keys' store of record).
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import type { HistoryConfig } from '../config.js';
import type { PushApi } from '../upstream/index.js';
import type { AudiencePush, BatchPush } from '../upstream/model.js';
import type { ClaimRead, ClaimWrite } from './claims.js';
import { startCollector, type Collector } from './collector.js';
import { openDatabase, type DatabaseState } from './database.js';
import type { HistoryDb } from './engine.js';
import { createDays, type Days } from './days.js';
import { createOutbox } from './outbox.js';
import { recordingApi } from './reads.js';
import type { TaskRow } from './schema.js';
import type { PushRecord, Store } from './store.js';

export { HistoryUnavailableError, MissingDaysError } from './errors.js';
export type { ClaimRead, ClaimWrite } from './claims.js';
export type { DatabaseState } from './database.js';
export type { DayKey, Store } from './store.js';
export type { DailyRow, DayRow, Kind, TaskRow } from './schema.js';

export interface HistoryOptions {
  config: HistoryConfig;
  utcOffsetMinutes: number;
  /** Whether windows the upstream surely no longer keeps are refused (UPSTREAM_RETENTION). */
  upstreamRetention: boolean;
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
  /** Prunes `what` too at each of the collector's visits (on the replica that runs it). */
  alsoPrune(what: () => Promise<number>): void;
  /** Another domain's store over the history database (recipients), bounded and failing like `store`. */
  over<T extends object>(make: (db: HistoryDb) => T): (waitMs?: number) => Promise<T>;
  /** The collector, once the database is open. */
  readonly collector: Collector | undefined;
  /** The database's state as its last query or check left it. */
  readonly state: DatabaseState;
  /** What /readyz says of the database, after asking it to answer within `timeoutMs`. */
  check(timeoutMs: number): Promise<DatabaseState>;
  /** Bytes the history tables take. */
  bytes(): Promise<number>;
  /** Follows a task from now on (and the past days the upstream still keeps), asking for its days at once. */
  track(taskId: string): Promise<TaskRow>;
  /** Resolves once every push recorded so far is in the database (tests, bench). */
  pushesRecorded(): Promise<void>;
  /** The claims of keyed pushes, for src/idempotency/database.ts. */
  claims: Claims;
  /** `api` that records whole-day answers and pushes, and answers windows past retention from the records. */
  wrap(api: PushApi): PushApi;
  close(): Promise<void>;
}

/**
 * Idempotency keys in the database. Taking and freeing a key wait for it (a push must not go before its claim
 * holds, and a freed key must be free for the client's immediate retry); each query is bounded by
 * HISTORY_QUERY_TIMEOUT_MS.
 */
export interface Claims {
  /** Takes `key` if it is free and answers null; else answers what holds it. */
  claim(key: string, write: ClaimWrite, ttlMs: number, leaseMs: number): Promise<ClaimRead | null>;
  read(key: string): Promise<ClaimRead | null>;
  /**
   * What became of a claim's push: kept on disk at once and written to the database as soon as it answers, so
   * the push's answer never waits for the database. Until the row says so, a repeat finds the claim, whose lease
   * still holds: it waits for the outcome (or reads it as unknown once the lease ends), it never pushes.
   */
  settle(key: string, write: ClaimWrite, ttlMs: number): void;
  release(key: string, owner: string): Promise<void>;
  /** Resolves once every outcome settled so far is in the database (tests). */
  settled(): Promise<void>;
}

/** An outcome waiting in the claims' outbox. */
interface SettleEntry {
  key: string;
  write: ClaimWrite;
  ttlMs: number;
}

/** How long a history field waits for a database still opening (a fresh DATA_DIR opens in about a second). */
const OPEN_WAIT_MS = 10_000;

/** A push waiting in the outbox: its record and the days it is followed. */
interface PushEntry {
  push: Omit<PushRecord, 'sentAt'> & { sentAt: string };
  followFrom: string;
  followUntil: string;
}

export function createHistory(opts: HistoryOptions): History {
  const { config, log } = opts;
  const now = opts.now ?? Date.now;
  const days = createDays(opts.utcOffsetMinutes);
  const started = Date.now();
  const database = openDatabase(opts.opening, { queryTimeoutMs: config.queryTimeoutMs, openWaitMs: OPEN_WAIT_MS, log });
  let collector: Collector | undefined;
  const pruners: (() => Promise<number>)[] = [];

  const ready = database.opened.then(
    async (db) => {
      collector = startCollector({
        db,
        store: await database.store(),
        api: opts.background,
        days,
        intervalMs: config.collectIntervalSeconds * 1000,
        retentionDays: config.retentionDays,
        pruners,
        now,
        log,
      });
      log.info(
        { engine: db.engine, ms: Date.now() - started, seeded: db.seeded },
        `history: ${db.engine} database ready`,
      );
    },
    (error: Error) => {
      log.error({ err: error }, 'history: cannot open the database; history fields will fail');
      throw error;
    },
  );
  ready.catch(() => undefined);

  // The process's own, in DATA_DIR, whichever the engine: written to the database as soon as it answers.
  const pushes = createOutbox<PushEntry>({
    dir: join(resolve(config.dataDir), 'outbox'),
    log,
    async write(entries) {
      const store = await database.store(config.queryTimeoutMs);
      for (const { push, followFrom, followUntil } of entries) {
        await store.recordPush({ ...push, sentAt: new Date(push.sentAt) }, followFrom, followUntil);
        void collector?.prompt(push.taskId).catch(() => undefined);
      }
    },
  });

  const settling = createOutbox<SettleEntry>({
    dir: join(resolve(config.dataDir), 'outbox-claims'),
    log,
    async write(entries) {
      const store = await database.store(config.queryTimeoutMs);
      for (const { key, write, ttlMs } of entries) await store.settleClaim(key, write, ttlMs);
    },
  });
  // A push arriving while the database still opens waits for it, as history fields do: refusing it would say
  // the store is unreachable when it is only starting.
  const claimStore = () => database.store();
  const claims: Claims = {
    claim: async (key, write, ttlMs, leaseMs) => (await claimStore()).claim(key, write, ttlMs, leaseMs),
    read: async (key) => (await claimStore()).readClaim(key),
    settle: (key, write, ttlMs) => settling.put({ key, write, ttlMs }),
    release: async (key, owner) => (await claimStore()).releaseClaim(key, owner),
    settled: () => settling.flushed(),
  };

  /** A push just made (to accounts, or to an audience: its recipients unknown until it is delivered). */
  function recordPush(push: BatchPush | AudiencePush, taskId: string): void {
    const sentAt = new Date(now());
    const day = days.dayOf(sentAt.getTime());
    pushes.put({
      push: {
        taskId,
        sentAt: sentAt.toISOString(),
        title: push.title,
        recipientCount: 'toAccounts' in push ? push.toAccounts.length : null,
        dataId: push.dataId,
      },
      followFrom: day,
      followUntil: days.add(day, config.followDays),
    });
  }

  return {
    days,
    now,
    ready,
    store: (waitMs) => database.store(waitMs),
    over: (make) => database.over(make),
    alsoPrune: (what) => void pruners.push(what),
    get collector() {
      return collector;
    },
    get state() {
      return database.state;
    },
    check: (timeoutMs) => database.check(timeoutMs),
    bytes: async () => (await database.opened).bytes(),
    async track(taskId) {
      const today = days.dayOf(now());
      const row = await (
        await database.store()
      ).track(taskId, days.add(today, -29), days.add(today, config.followDays));
      void collector?.prompt(taskId).catch(() => undefined);
      return row;
    },
    pushesRecorded: () => pushes.flushed(),
    claims,
    wrap: (api) => ({
      ...recordingApi(api, {
        days,
        now,
        store: () => database.store(),
        refuseGone: opts.upstreamRetention,
        log,
      }),
      async sendBatch(push) {
        const result = await api.sendBatch(push);
        // Kept on disk at once, in the database as soon as it answers: the answer never waits for it.
        recordPush(push, result.taskId);
        return result;
      },
      async sendPush(push) {
        const result = await api.sendPush(push);
        recordPush(push, result.taskId);
        return result;
      },
    }),
    async close() {
      // The outbox first: its last attempt is quick, and what still waits is left to the next process.
      await Promise.all([pushes.close(), settling.close()]);
      await collector?.close();
      await database.close();
    },
  };
}
