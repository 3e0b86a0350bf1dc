// The embedded engine from the gateway's thread: PGlite runs on a thread of its own (./worker.ts) and drizzle
// reaches it through its proxy driver, one message per query, so neither PGlite's start nor a long query ever
// holds the gateway's event loop.
import { once } from 'node:events';
import { drizzle } from 'drizzle-orm/pg-proxy';
import { startModuleThread } from '../../process/threads.js';
import type { Db, HistoryDb } from '../engine.js';
import { sql } from 'drizzle-orm';
import { bytesOf, rawRows, tryLockOn, tryUnlock, type ManyRows } from '../engine.js';
import * as schema from '../schema.js';

export interface ThreadData {
  dataDir: string;
}
type Method = 'all' | 'execute';
/** What the gateway's thread asks of the engine's. */
export type ToThread =
  | { type: 'query'; id: number; sql: string; params: unknown[]; method: Method; tx?: number }
  | { type: 'begin'; id: number; tx: number }
  | { type: 'end'; id: number; tx: number; commit: boolean }
  | { type: 'close' };
/** What the engine's thread answers. */
export type FromThread =
  | { type: 'ready'; ms: number; seeded: boolean }
  | { type: 'failed'; message: string }
  | { type: 'result'; id: number; rows: unknown[] }
  | { type: 'error'; id: number; message: string; code?: string; detail?: string }
  | { type: 'closed' };

/** A query the engine refused, with PostgreSQL's SQLSTATE like node-postgres's errors. */
export class PgliteError extends Error {
  constructor(
    message: string,
    readonly code?: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'PgliteError';
  }
}

export interface PgliteOptions {
  /** Where the cluster lives; seeded from the build's empty cluster when it has none yet. */
  dataDir: string;
  /** How long one query may take before it fails (the engine goes on with it). */
  queryTimeoutMs?: number;
}

export async function openPglite({ dataDir, queryTimeoutMs = 30_000 }: PgliteOptions): Promise<HistoryDb> {
  const worker = startModuleThread(new URL('./worker', import.meta.url), import.meta.url, {
    workerData: { dataDir } satisfies ThreadData,
  });
  const pending = new Map<number, { resolve(rows: unknown[]): void; reject(error: Error): void }>();
  let stopped: string | undefined;
  let nextId = 0;

  const first = new Promise<FromThread>((resolve) => {
    worker.once('message', resolve);
    worker.once('error', (error) => resolve({ type: 'failed', message: error.message }));
    worker.once('exit', (code) => resolve({ type: 'failed', message: `its thread exited with ${code}` }));
  });
  const opened = await first;
  if (opened.type !== 'ready') {
    await worker.terminate();
    throw new Error(
      `the embedded database (PGlite in ${dataDir}) did not open: ${opened.type === 'failed' ? opened.message : opened.type}`,
    );
  }

  const fail = (reason: string) => {
    stopped ??= reason;
    for (const p of pending.values()) p.reject(new PgliteError(`the embedded database ${reason}`));
    pending.clear();
  };
  worker.on('message', (message: FromThread) => {
    if (message.type !== 'result' && message.type !== 'error') return;
    const waiting = pending.get(message.id);
    pending.delete(message.id);
    if (message.type === 'result') waiting?.resolve(message.rows);
    else waiting?.reject(new PgliteError(message.message, message.code, message.detail));
  });
  worker.on('error', (error) => fail(`stopped: ${error.message}`));
  const exited = once(worker, 'exit').then(() => fail('is closed'));

  type Ask =
    | { type: 'query'; sql: string; params: unknown[]; method: Method; tx?: number }
    | { type: 'begin'; tx: number }
    | { type: 'end'; tx: number; commit: boolean };

  function ask(message: Ask): Promise<unknown[]> {
    if (stopped) return Promise.reject(new PgliteError(`the embedded database ${stopped}`));
    const id = nextId++;
    return new Promise<unknown[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new PgliteError(`the embedded database did not answer within ${queryTimeoutMs} ms`));
      }, queryTimeoutMs);
      pending.set(id, {
        resolve: (rows) => (clearTimeout(timer), resolve(rows)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      });
      worker.postMessage({ ...message, id } satisfies ToThread);
    });
  }

  /** drizzle over the thread's connection, or over one of its transactions. */
  const over = (tx?: number) =>
    drizzle(async (sql, params, method) => ({ rows: await ask({ type: 'query', sql, params, method, tx }) }), {
      schema,
    }) as unknown as Db;
  const db = over();
  let nextTx = 0;

  return {
    db,
    rows: rawRows(db),
    many: jsonMany(db),
    async transaction(work) {
      const tx = nextTx++;
      await ask({ type: 'begin', tx });
      try {
        const result = await work(over(tx));
        await ask({ type: 'end', tx, commit: true });
        return result;
      } catch (error) {
        await ask({ type: 'end', tx, commit: false }).catch(() => undefined);
        throw error;
      }
    },
    engine: 'pglite',
    seeded: opened.seeded,
    async tryLock(key) {
      // One process owns a PGlite directory (./lock.ts), so this lock only guards against a second collector in it.
      if (!(await tryLockOn(db, key))) return undefined;
      let held = true;
      return {
        get held() {
          return held && !stopped;
        },
        async release() {
          held = false;
          await tryUnlock(db, key);
        },
      };
    },
    bytes: () => bytesOf(db),
    async close() {
      if (stopped) return;
      worker.postMessage({ type: 'close' } satisfies ToThread);
      // PGlite writes its last pages on close; a thread that does not end soon is stopped.
      const timer = setTimeout(() => void worker.terminate(), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * HistoryDb.many on PGlite: the rows as one JSON array of arrays, parsed here. PGlite decodes every field of every
 * row in JavaScript on its thread and the rows are then copied across: for a year of 50 tasks (18,250 rows) that
 * took several times the query; one JSON text is built by PostgreSQL and crosses as one string.
 */
function jsonMany(db: Db) {
  const rows = rawRows(db);
  return async <T>({ columns, from, orderBy }: ManyRows): Promise<T[]> => {
    const names = Object.keys(columns);
    const [result] = await rows<{ rows: string | null }>(
      sql`select json_agg(json_build_array(${sql.join(Object.values(columns), sql`, `)}) order by ${orderBy})::text as rows ${from}`,
    );
    const tuples = result?.rows ? (JSON.parse(result.rows) as unknown[][]) : [];
    return tuples.map((tuple) => {
      const row: Record<string, unknown> = {};
      for (let i = 0; i < names.length; i++) row[names[i]!] = tuple[i];
      return row as T;
    });
  };
}
