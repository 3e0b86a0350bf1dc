// Opens the history database: PostgreSQL through a pg.Pool when DATABASE_URL is set, else the embedded
// PGlite in DATA_DIR on a thread of its own (./pglite/); applies the drizzle migrations (drizzle/) either way.
import { resolve } from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { packagePath } from '../paths.js';
import { openPglite } from './pglite/client.js';
import { lockDataDir } from './pglite/lock.js';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A held advisory lock: released on release(), or by the database when its connection ends. */
export interface Lock {
  /** False once the connection holding it has failed: the lock may be someone else's by now. */
  readonly held: boolean;
  release(): Promise<void>;
}

/** A read of many rows, in parts each engine assembles its fastest way (see HistoryDb.many). */
export interface ManyRows {
  /** Each column of the result: its name and the expression it is read from. */
  columns: Record<string, SQL>;
  /** `from … where …`. */
  from: SQL;
  orderBy: SQL;
}

export interface HistoryDb {
  db: Db;
  /** The rows of a raw SQL query, whichever the engine. */
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  /** Thousands of rows of a few plain columns (numbers, text, booleans), as objects named by `columns`. */
  many<T>(read: ManyRows): Promise<T[]>;
  /** `work` in one transaction: committed when it resolves, rolled back when it rejects. */
  transaction<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  engine: 'postgres' | 'pglite';
  /** The embedded engine: whether this start made its folder a copy of the build's seed. */
  seeded?: boolean;
  /** Takes the advisory lock `key` if no other session holds it. */
  tryLock(key: number): Promise<Lock | undefined>;
  /** Bytes the history tables take, indexes and TOAST included. */
  bytes(): Promise<number>;
  close(): Promise<void>;
}

export type OpenDb = () => Promise<HistoryDb>;

/** The committed migrations: drizzle/ at the package root. */
export const migrationsFolder = (): string => packagePath('drizzle');

/** The advisory lock key migrations run under ("tmig"). */
const MIGRATION_LOCK = 0x746d6967;

/** The rows of `db.execute`: node-postgres answers a result with `rows`, drizzle's proxy driver the rows. */
const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? (result as T[]) : (result as { rows: T[] }).rows);

/** HistoryDb.many the plain way: node-postgres decodes rows fast, one object per row. */
export const plainMany =
  (db: Db) =>
  <T>({ columns, from, orderBy }: ManyRows): Promise<T[]> =>
    rawRows(db)<T>(
      sql`select ${sql.join(
        Object.entries(columns).map(([name, value]) => sql`${value} as ${sql.identifier(name)}`),
        sql`, `,
      )} ${from} order by ${orderBy}`,
    );

/** HistoryDb.rows over a drizzle database. */
export const rawRows =
  (db: Db) =>
  async <T>(query: SQL): Promise<T[]> =>
    rowsOf<T>(await db.execute(query));

export async function bytesOf(db: Db): Promise<number> {
  const result = await db.execute(
    sql`select coalesce(pg_total_relation_size('history_daily'), 0) + coalesce(pg_total_relation_size('history_figures'), 0)
      + coalesce(pg_total_relation_size('history_tasks'), 0) as bytes`,
  );
  return Number(rowsOf<{ bytes: unknown }>(result)[0]?.bytes ?? 0);
}

export async function tryLockOn(db: Db, key: number): Promise<boolean> {
  const result = await db.execute(sql`select pg_try_advisory_lock(${key}) as ok`);
  return rowsOf<{ ok: boolean }>(result)[0]?.ok === true;
}

export async function tryUnlock(db: Db, key: number): Promise<void> {
  await db.execute(sql`select pg_advisory_unlock(${key})`).catch(() => undefined);
}

/** Applies the migrations on a connection of its own, without the queries' timeouts: moving data takes long. */
async function migrateOn(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  client.on('error', () => undefined); // its query then fails and says why
  await client.connect();
  try {
    // Replicas starting together take turns: concurrent CREATE TABLEs would fail one of them.
    const one = drizzlePg(client);
    await one.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      await migratePg(one, { migrationsFolder: migrationsFolder() });
    } finally {
      await one.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  } finally {
    await client.end();
  }
}

export interface PostgresOptions {
  /** Every query (and the wait for a connection) fails after this long; the server cancels it too. */
  queryTimeoutMs?: number;
}

export async function openPostgres(url: string, { queryTimeoutMs = 30_000 }: PostgresOptions = {}): Promise<HistoryDb> {
  await migrateOn(url);
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: queryTimeoutMs,
    // A query that times out gives its connection up (the pool drops it), so a stalled server cannot keep the
    // pool busy after it answers again.
    query_timeout: queryTimeoutMs,
    statement_timeout: queryTimeoutMs,
  });
  // An idle client's connection dropping must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    rows: rawRows(db),
    many: plainMany(db),
    transaction: (work) => db.transaction((tx) => work(tx as unknown as Db)),
    engine: 'postgres',
    async tryLock(key) {
      // A session lock lives on one connection: the lock holds that connection for as long as it is kept.
      const client = await pool.connect();
      let held = true;
      client.on('error', () => (held = false));
      const own = drizzlePg(client) as unknown as Db;
      if (!(await tryLockOn(own, key).catch(() => false))) {
        client.release();
        return undefined;
      }
      return {
        get held() {
          return held;
        },
        async release() {
          if (!held) return client.release(true);
          held = false;
          await tryUnlock(own, key);
          client.release();
        },
      };
    },
    bytes: () => bytesOf(db),
    close: () => pool.end(),
  };
}

/**
 * DATABASE_URL, else PGlite in `<DATA_DIR>/pglite`. The embedded engine's folder is taken for this process at
 * once (DataDirLockedError when another holds it): a gateway that could not keep history there must not start.
 */
export function openFromConfig(history: { databaseUrl?: string; dataDir: string; queryTimeoutMs: number }): OpenDb {
  const { queryTimeoutMs } = history;
  if (history.databaseUrl) return () => openPostgres(history.databaseUrl!, { queryTimeoutMs });
  const dataDir = resolve(history.dataDir);
  const lock = lockDataDir(dataDir);
  return async () => {
    try {
      const db = await openPglite({ dataDir: resolve(dataDir, 'pglite'), queryTimeoutMs });
      return { ...db, close: () => db.close().finally(() => lock.release()) };
    } catch (error) {
      lock.release();
      throw error;
    }
  };
}
