// The history on PostgreSQL (DATABASE_URL): a pg.Pool whose every query has a timeout, the drizzle migrations
// (drizzle/) applied first on a connection of their own, advisory locks held on a connection each.
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { packagePath } from '../process/paths.js';
import { bytesOf, plainMany, rawRows, tryLockOn, tryUnlock, type Db, type HistoryDb } from './engine.js';
import * as schema from './schema.js';

/** The committed migrations: drizzle/ at the package root. */
export const migrationsFolder = (): string => packagePath('drizzle');

/** The advisory lock key migrations run under ("tmig"). */
const MIGRATION_LOCK = 0x746d6967;

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
