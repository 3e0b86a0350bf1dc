// What a history database is to the rest of the gateway, whichever engine holds it (PostgreSQL in ./postgres.ts,
// PGlite in ./pglite/), and the SQL helpers both engines share.
import { sql, type SQL } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.js';

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
