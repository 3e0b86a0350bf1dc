// The history database as the rest of the gateway meets it: opened in the background, and a store whose every
// query is bounded by HISTORY_QUERY_TIMEOUT_MS and fails as HistoryUnavailableError, saying whether the database
// is unreachable, slow or refused the query (its cause goes to the log). Its state is watched from the outcomes
// (logged when it changes) and reported by /readyz.
import { sql } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { HistoryDb } from './engine.js';
import { HistoryUnavailableError } from './errors.js';
import { createStore, type Store } from './store.js';

/** What /readyz says of the history database. */
export type DatabaseState = 'opening' | 'ok' | 'unreachable' | 'slow' | 'failed' | 'closed';

export interface Database {
  /** Resolves with the open database; rejects if it cannot be opened. */
  readonly opened: Promise<HistoryDb>;
  /** The store, waiting at most `waitMs` for a database still opening. */
  store(waitMs?: number): Promise<Store>;
  /**
   * Another domain's store over the same database (made by `make` once it is open), its methods bounded and
   * failing like the history store's.
   */
  over<T extends object>(make: (db: HistoryDb) => T): (waitMs?: number) => Promise<T>;
  readonly state: DatabaseState;
  /** Asks the database to answer within `timeoutMs`; its state follows. */
  check(timeoutMs: number): Promise<DatabaseState>;
  close(): Promise<void>;
}

/** Errors of the drivers that mean the database could not be reached (not a query it refused). */
const UNREACHABLE =
  /ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENOTFOUND|Connection terminated|connection (is )?closed|terminating connection|timeout exceeded when trying to connect|the embedded database (stopped|is closed)/i;

class QueryTimeout extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueryTimeout(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, late]).finally(() => clearTimeout(timer));
}

/** The root cause of a driver's error (drizzle wraps it in a DrizzleQueryError). */
const causeOf = (error: unknown): unknown =>
  error instanceof Error && error.cause instanceof Error ? causeOf(error.cause) : error;

export function openDatabase(
  opening: Promise<HistoryDb>,
  opts: { queryTimeoutMs: number; openWaitMs: number; log: Logger },
) {
  const { queryTimeoutMs, log } = opts;
  let state: DatabaseState = 'opening';
  let db: HistoryDb | undefined;

  const set = (next: DatabaseState, reason?: unknown) => {
    if (next === state) return;
    const was = state;
    state = next;
    if (next === 'ok' && (was === 'unreachable' || was === 'slow')) log.info('history: the database answers again');
    if (next === 'unreachable' || next === 'slow')
      log.warn(
        { err: reason },
        `history: the database is ${next === 'slow' ? 'slow' : 'unreachable'}; history fields fail with HISTORY_UNAVAILABLE until it answers`,
      );
  };

  /** A failed query as the callers see it; a query the database refused (a bug) is logged with its cause. */
  function failure(error: unknown, method: string): HistoryUnavailableError {
    const cause = causeOf(error);
    const message = cause instanceof Error ? cause.message : String(cause);
    if (cause instanceof QueryTimeout || /timeout|did not answer/i.test(message)) {
      set('slow', cause);
      return new HistoryUnavailableError(`the database did not answer within ${queryTimeoutMs} ms`, false, { cause });
    }
    if (UNREACHABLE.test(message)) {
      set('unreachable', cause);
      return new HistoryUnavailableError('the database is unreachable', false, { cause });
    }
    log.error({ err: error, method }, 'history: the database refused a query');
    return new HistoryUnavailableError("the database refused a query; the gateway's log says why", false, { cause });
  }

  /** Every method of a store bounded in time, its failures made HistoryUnavailableError. */
  function guarded<T extends object>(inner: T): T {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(inner)) {
      if (typeof value !== 'function') {
        out[name] = value; // a property (the store's own settings), not a query
        continue;
      }
      const method = value as (...args: unknown[]) => Promise<unknown>;
      out[name] = (...args: unknown[]) =>
        withTimeout(method(...args), queryTimeoutMs).then(
          (result) => (set('ok'), result),
          (error: unknown) => Promise.reject(failure(error, name)),
        );
    }
    return out as T;
  }

  const opened = opening.then(
    (open) => {
      db = open;
      state = 'ok';
      return open;
    },
    (error: unknown) => {
      state = 'failed';
      throw error;
    },
  );
  opened.catch(() => undefined);

  /** The open database, waiting at most `waitMs` for it; HistoryUnavailableError saying why not. */
  async function openWithin(waitMs = opts.openWaitMs): Promise<HistoryDb> {
    // The driver's reason (a host, a user name, a path) goes to the log, not to callers.
    if (state === 'failed')
      throw new HistoryUnavailableError("the database could not be opened; the gateway's log says why");
    if (state === 'closed') throw new HistoryUnavailableError('the gateway is stopping');
    if (db) return db;
    const outcome = await withTimeout(opened, waitMs).then(
      () => 'open' as const,
      (error: unknown) => (error instanceof QueryTimeout ? ('late' as const) : ('failed' as const)),
    );
    if (outcome === 'late') throw new HistoryUnavailableError('the database is still opening; try again shortly');
    return openWithin(0);
  }

  function over<T extends object>(make: (db: HistoryDb) => T): (waitMs?: number) => Promise<T> {
    let made: T | undefined;
    return async (waitMs) => {
      const open = await openWithin(waitMs);
      return (made ??= guarded(make(open)));
    };
  }
  const store = over(createStore);

  return {
    opened,
    store,
    over,
    get state() {
      return state;
    },
    async check(timeoutMs) {
      if (!db || state === 'closed' || state === 'failed') return state;
      await withTimeout(db.rows(sql`select 1`), timeoutMs).then(
        () => set('ok'),
        (error: unknown) => failure(error, 'check'),
      );
      return state;
    },
    async close() {
      state = 'closed';
      await opened.then((open) => open.close()).catch(() => undefined);
    },
  } satisfies Database;
}
