// Opens the history database: PostgreSQL through a pg.Pool when DATABASE_URL is set (./postgres.ts), else the
// embedded PGlite in DATA_DIR on a thread of its own (./pglite/); applies the drizzle migrations (drizzle/)
// either way.
import { resolve } from 'node:path';
import type { OpenDb } from './engine.js';
import { openPglite } from './pglite/client.js';
import { lockDataDir } from './pglite/lock.js';
import { openPostgres } from './postgres.js';

export type { Db, HistoryDb, Lock, OpenDb } from './engine.js';
export { openPostgres } from './postgres.js';

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
