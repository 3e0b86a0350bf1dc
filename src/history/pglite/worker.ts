// The embedded engine's thread (./client.ts starts it): PGlite in DATA_DIR, seeded, migrated, answering the
// gateway thread's queries. PGlite runs PostgreSQL compiled to WebAssembly on the thread that calls it; here its
// start-up and its queries leave the gateway's event loop free.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types, type QueryOptions } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { MIGRATIONS, seedInto } from './seed.js';
import type { FromThread, ThreadData, ToThread } from './client.js';
import { PGLITE_SETTINGS } from './settings.js';

const port = parentPort!;
const say = (message: FromThread) => port.postMessage(message);
const { dataDir } = workerData as ThreadData;

// Values as node-postgres hands them to drizzle: dates and times as PostgreSQL's text (drizzle maps them), and
// JSON as text, parsed once on the gateway's thread instead of parsed here and copied across as objects.
const raw = (value: string) => value;
const parsers = Object.fromEntries(
  [
    types.TIMESTAMP,
    types.TIMESTAMPTZ,
    types.INTERVAL,
    types.DATE,
    types.JSON,
    types.JSONB,
    1115,
    1182,
    1185,
    1187,
    1231,
  ].map((type) => [type, raw]),
);
const modes: Record<'all' | 'execute', QueryOptions> = {
  all: { rowMode: 'array', parsers },
  execute: { rowMode: 'object', parsers },
};

try {
  const started = performance.now();
  const seeded = seedInto(dataDir);
  const pg = await PGlite.create({ dataDir, postgresqlconf: PGLITE_SETTINGS });
  await migrate(drizzle(pg), { migrationsFolder: MIGRATIONS });
  port.on('message', (message: ToThread) => {
    if (message.type === 'close') {
      void pg.close().finally(() => {
        say({ type: 'closed' });
        port.close();
      });
      return;
    }
    const { id, sql, params, method } = message;
    pg.query(sql, params, modes[method]).then(
      (result) => say({ type: 'result', id, rows: result.rows }),
      (error: Error & { code?: string; detail?: string }) =>
        say({ type: 'error', id, message: error.message, code: error.code, detail: error.detail }),
    );
  });
  say({ type: 'ready', ms: Math.round(performance.now() - started), seeded });
} catch (error) {
  say({ type: 'failed', message: (error as Error).message });
}
