// The embedded engine's thread (./client.ts starts it): PGlite in DATA_DIR, seeded, migrated, answering the
// gateway thread's queries. PGlite runs PostgreSQL compiled to WebAssembly on the thread that calls it; here its
// start-up and its queries leave the gateway's event loop free.
import { parentPort, workerData } from 'node:worker_threads';
import { PGlite, types, type QueryOptions, type Transaction } from '@electric-sql/pglite';
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
  // Open transactions: PGlite runs one at a time and holds other queries until it ends, as one connection does.
  const transactions = new Map<number, { tx: Transaction; end(commit: boolean): void; done: Promise<void> }>();
  const failed = (id: number) => (error: Error & { code?: string; detail?: string }) =>
    say({ type: 'error', id, message: error.message, code: error.code, detail: error.detail });
  port.on('message', (message: ToThread) => {
    switch (message.type) {
      case 'close':
        void pg.close().finally(() => {
          say({ type: 'closed' });
          port.close();
        });
        return;
      case 'begin': {
        const { id, tx } = message;
        let end: (commit: boolean) => void = () => undefined;
        const done = pg.transaction(
          (t) =>
            new Promise<void>((resolve, reject) => {
              end = (commit) => (commit ? resolve() : reject(new Error('rolled back')));
              transactions.set(tx, { tx: t, end, done });
              say({ type: 'result', id, rows: [] });
            }),
        );
        done.catch(() => undefined).finally(() => transactions.delete(tx));
        return;
      }
      case 'end': {
        const { id, tx, commit } = message;
        const open = transactions.get(tx);
        if (!open) return failed(id)(new Error('the transaction has ended'));
        open.end(commit);
        // Answered once PGlite has committed (or rolled back, as asked).
        open.done.then(
          () => say({ type: 'result', id, rows: [] }),
          (error: Error) => (commit ? failed(id)(error) : say({ type: 'result', id, rows: [] })),
        );
        return;
      }
      case 'query': {
        const { id, sql, params, method, tx } = message;
        const on = tx === undefined ? pg : transactions.get(tx)?.tx;
        if (!on) return failed(id)(new Error('the transaction has ended'));
        on.query(sql, params, modes[method]).then(
          (result) => say({ type: 'result', id, rows: result.rows }),
          failed(id),
        );
      }
    }
  });
  say({ type: 'ready', ms: Math.round(performance.now() - started), seeded });
} catch (error) {
  say({ type: 'failed', message: (error as Error).message });
}
