// History under `npm start` with the embedded default: PGlite in DATA_DIR, opened while the gateway already
// answers, recording pushes, and closed cleanly on SIGTERM.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../src/history/db.js';
import { gqlAt } from './helpers.js';
import { openTestPglite } from './history-helpers.js';
import { alive, ensureBuilt, npmStart, type Started } from './npm-start.js';

let started: Started | undefined;
beforeAll(() => ensureBuilt(), 120_000);
afterEach(() => {
  if (started && alive(started.pid)) process.kill(started.pid, 'SIGKILL');
  started = undefined;
});

describe('npm start with history in DATA_DIR', () => {
  it('logs when the database is ready, records a push, and closes it on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'timpush-data-'));
    // Seeded from the empty snapshot: the start reopens a directory (~2 s) rather than running initdb (~15 s).
    await (await openTestPglite(join(dataDir, 'pglite'))).close();
    started = await npmStart({ HISTORY_ENABLED: 'true', DATA_DIR: dataDir });
    const url = started.url;
    const ready = await new Promise<{ engine: string; ms: number }>((resolve, reject) => {
      const deadline = Date.now() + 60_000;
      const check = setInterval(() => {
        const line = started!
          .output()
          .split('\n')
          .find((l) => l.includes('database ready'));
        if (line) resolve((clearInterval(check), JSON.parse(line) as { engine: string; ms: number }));
        else if (Date.now() > deadline) reject((clearInterval(check), new Error('history never got ready')));
      }, 100);
    });
    expect(ready.engine).toBe('pglite');
    expect(ready.ms).toBeGreaterThan(0);

    const sent = await gqlAt<{ sendBatchPush: { taskId: string } }>(
      url,
      `mutation { sendBatchPush(input: { fromAccount: "admin", toAccounts: ["s1"], title: "kept" }) { taskId } }`,
    );
    const taskId = sent.data!.sendBatchPush.taskId;
    started.npm.kill('SIGTERM');
    expect(await started.exited).toBe(0);
    expect(started.output()).toMatch(/"msg":"stopped"/);

    // Closed cleanly: the directory opens again and holds the push.
    const reopened = await openPglite({ dataDir: join(dataDir, 'pglite') });
    try {
      const { tasks } = await import('../src/history/schema.js');
      const rows = await reopened.db.select().from(tasks);
      expect(rows.map((r) => [r.taskId, r.title])).toEqual([[taskId, 'kept']]);
    } finally {
      await reopened.close();
    }
  }, 120_000);
});
