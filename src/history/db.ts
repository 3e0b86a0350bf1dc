// Opens the history database: PostgreSQL through a pg.Pool when DATABASE_URL is set, else the embedded
// PGlite in DATA_DIR; applies the drizzle migrations (drizzle/) either way.
import { mkdirSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema.js';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A held advisory lock: released on release(), or by the database when its connection ends. */
export interface Lock {
  /** False once the connection holding it has failed: the lock may be someone else's by now. */
  readonly held: boolean;
  release(): Promise<void>;
}

export interface HistoryDb {
  db: Db;
  engine: 'postgres' | 'pglite';
  /** Takes the advisory lock `key` if no other session holds it. */
  tryLock(key: number): Promise<Lock | undefined>;
  /** Bytes the history tables take, indexes and TOAST included. */
  bytes(): Promise<number>;
  close(): Promise<void>;
}

export type OpenDb = () => Promise<HistoryDb>;

/** The committed migrations: drizzle/ at the package root, from src/history/ or dist/src/history/. */
export function migrationsFolder(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  return resolve(here, here.includes(`${sep}dist${sep}src${sep}`) ? '../../../drizzle' : '../../drizzle');
}

/** The advisory lock key migrations run under ("tmig"). */
const MIGRATION_LOCK = 0x746d6967;

const rowsOf = (result: unknown): Record<string, unknown>[] => (result as { rows: Record<string, unknown>[] }).rows;

async function bytesOf(db: Db): Promise<number> {
  const result = await db.execute(
    sql`select coalesce(pg_total_relation_size('history_daily'), 0) + coalesce(pg_total_relation_size('history_tasks'), 0) as bytes`,
  );
  return Number(rowsOf(result)[0]?.bytes ?? 0);
}

async function tryLockOn(db: Db, key: number): Promise<boolean> {
  const result = await db.execute(sql`select pg_try_advisory_lock(${key}) as ok`);
  return rowsOf(result)[0]?.ok === true;
}

export async function openPostgres(url: string): Promise<HistoryDb> {
  const pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000 });
  // An idle client's connection dropping must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  try {
    // Replicas starting together take turns: concurrent CREATE TABLEs would fail one of them.
    const client = await pool.connect();
    try {
      const one = drizzlePg(client);
      await one.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK})`);
      try {
        await migratePg(one, { migrationsFolder: migrationsFolder() });
      } finally {
        await one.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK})`);
      }
    } finally {
      client.release();
    }
  } catch (error) {
    await pool.end();
    throw error;
  }
  return {
    db,
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
          await own.execute(sql`select pg_advisory_unlock(${key})`).catch(() => undefined);
          client.release();
        },
      };
    },
    bytes: () => bytesOf(db),
    close: () => pool.end(),
  };
}

export interface PgliteOptions {
  /** A directory kept between runs; absent: in memory. */
  dataDir?: string;
  /** A dumpDataDir() tarball to start from instead of a fresh initdb (tests: a second instead of ~15). */
  loadDataDir?: Blob;
}

export async function openPglite({ dataDir, loadDataDir }: PgliteOptions): Promise<HistoryDb> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const client = await PGlite.create({ dataDir, loadDataDir });
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  try {
    await migratePglite(drizzlePglite(client), { migrationsFolder: migrationsFolder() });
  } catch (error) {
    await client.close();
    throw error;
  }
  return {
    db,
    engine: 'pglite',
    async tryLock(key) {
      // One process owns a PGlite directory, so this lock only guards against a second collector in it.
      if (!(await tryLockOn(db, key))) return undefined;
      let held = true;
      return {
        get held() {
          return held;
        },
        async release() {
          held = false;
          await db.execute(sql`select pg_advisory_unlock(${key})`).catch(() => undefined);
        },
      };
    },
    bytes: () => bytesOf(db),
    close: () => client.close(),
  };
}

/** DATABASE_URL, else PGlite in `<DATA_DIR>/pglite`. */
export const openFromConfig = (history: { databaseUrl?: string; dataDir: string }): OpenDb =>
  history.databaseUrl
    ? () => openPostgres(history.databaseUrl!)
    : () => openPglite({ dataDir: resolve(history.dataDir, 'pglite') });
