// Databases for the history tests: a PostgreSQL database of the test's own on 127.0.0.1:5432 (dropped after),
// and PGlite opened from an empty data directory snapshot built once and cached, not a ~15 s initdb per test.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { openPglite, type HistoryDb } from '../src/history/db.js';

const root = fileURLToPath(new URL('..', import.meta.url));
export const PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
const SNAPSHOT = join(root, 'node_modules/.cache/timpush-gateway/pglite-empty.tar.gz');

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh, empty PostgreSQL database with a random name. */
export async function createPgDatabase(): Promise<TestDatabase> {
  const name = `timpush_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: `postgres://postgres@127.0.0.1:5432/${name}`,
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** An empty (never migrated) PGlite data directory as a tarball, built on first use and kept in node_modules/.cache. */
export async function pgliteSnapshot(): Promise<Blob> {
  if (!existsSync(SNAPSHOT)) {
    const fresh = await PGlite.create();
    const dump = await fresh.dumpDataDir('gzip');
    await fresh.close();
    mkdirSync(dirname(SNAPSHOT), { recursive: true });
    // Written aside then renamed: test files building it at the same time never read half a file.
    const partial = `${SNAPSHOT}.${process.pid}`;
    writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
    renameSync(partial, SNAPSHOT);
  }
  return new Blob([readFileSync(SNAPSHOT)]);
}

/** PGlite from the empty snapshot: in memory, or in `dataDir` (then it persists like DATA_DIR). */
export async function openTestPglite(dataDir?: string): Promise<HistoryDb> {
  return openPglite({ dataDir, loadDataDir: await pgliteSnapshot() });
}
