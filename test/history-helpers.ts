// Databases for the history tests: a PostgreSQL database of the test's own on 127.0.0.1:5432 (dropped after),
// and PGlite seeded from the build's empty cluster, as a fresh DATA_DIR is, not a PGlite initdb per test.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { HistoryDb } from '../src/history/db.js';
import { openPglite } from '../src/history/pglite/client.js';
import { SEED_DIR, buildSeed, seedCurrent } from '../src/history/pglite/seed.js';

export const PG_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

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

/** PGlite on its thread, in `dataDir` (it persists like DATA_DIR) or in a folder of its own removed on close. */
export async function openTestPglite(dataDir?: string): Promise<HistoryDb> {
  // The build's empty cluster (npm run build), made here when this checkout has not been built.
  if (!seedCurrent(SEED_DIR, true)) await buildSeed();
  if (dataDir) return openPglite({ dataDir });
  const own = mkdtempSync(join(tmpdir(), 'timpush-pglite-'));
  const db = await openPglite({ dataDir: join(own, 'pglite') });
  return { ...db, close: () => db.close().finally(() => rmSync(own, { recursive: true, force: true })) };
}
