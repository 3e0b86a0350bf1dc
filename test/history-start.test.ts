// History under `npm start` with the embedded default, as a new user starts it: a fresh DATA_DIR becomes a copy
// of the build's seed on PGlite's own thread while the gateway answers, one process holds the folder, and
// SIGTERM closes the database cleanly.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openPglite } from '../src/history/pglite/client.js';
import { gqlAt } from './helpers.js';
import { alive, ensureBuilt, npmStart, type Started } from './npm-start.js';

let started: Started[] = [];
beforeAll(() => ensureBuilt(), 120_000);
afterEach(() => {
  for (const s of started) if (alive(s.pid)) process.kill(s.pid, 'SIGKILL');
  started = [];
});

async function start(env: Record<string, string>): Promise<Started> {
  const s = await npmStart(env);
  started.push(s);
  return s;
}

/** A metric's value from the gateway's /metrics. */
async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', url))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (!line) throw new Error(`/metrics has no ${name}`);
  return Number(line.split(' ')[1]);
}

describe('npm start with history in a fresh DATA_DIR', () => {
  it('answers at once, has history within seconds, never holds its event loop, and closes cleanly', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'timpush-data-'));
    const a = await start({ HISTORY_ENABLED: 'true', DATA_DIR: dataDir });
    const listening = Date.now();

    // History fields answer once PGlite is open on its thread; meanwhile they say it is opening.
    let recent: Awaited<ReturnType<typeof gqlAt>> | undefined;
    while (Date.now() - listening < 20_000) {
      recent = await gqlAt(a.url, '{ recentTasks(first: 1) { edges { cursor } } }');
      if (!recent.errors) break;
      expect(recent.errors[0]!.extensions?.code).toBe('HISTORY_UNAVAILABLE');
      await sleep(100);
    }
    expect(recent?.errors).toBeUndefined();
    const line = a
      .output()
      .split('\n')
      .find((l) => l.includes('database ready'));
    expect(JSON.parse(line!)).toMatchObject({ engine: 'pglite', seeded: true });

    // The seed's copy, PGlite's start and its migrations ran on its thread: the gateway's timers stayed on time
    // (the whole start held the loop for seconds when PGlite ran on it).
    expect(await metric(a.url, 'timpush_event_loop_delay_max_seconds')).toBeLessThan(0.5);

    const sent = await gqlAt<{ sendBatchPush: { taskId: string } }>(
      a.url,
      `mutation { sendBatchPush(input: { fromAccount: "admin", toAccounts: ["s1"], title: "kept" }) { taskId } }`,
    );
    const taskId = sent.data!.sendBatchPush.taskId;
    a.npm.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    expect(a.output()).toMatch(/"msg":"stopped"/);
    expect(existsSync(join(dataDir, 'gateway.lock'))).toBe(false);

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

  it('refuses a second process on the same DATA_DIR, naming the folder and the process holding it', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'timpush-data-'));
    const a = await start({ HISTORY_ENABLED: 'true', DATA_DIR: dataDir });
    const second = await npmStart({ HISTORY_ENABLED: 'true', DATA_DIR: dataDir }).then(
      (s) => (started.push(s), 'started'),
      (error: Error) => error.message,
    );
    expect(second).toContain(`cannot start: DATA_DIR ${dataDir} is in use by process ${a.pid}`);
    // The first one goes on answering.
    expect((await gqlAt(a.url, '{ diagnosis(platform: APNS, code: "410") { class } }')).status).toBe(200);

    // Once it stops, the folder is free again.
    a.npm.kill('SIGTERM');
    expect(await a.exited).toBe(0);
    const b = await start({ HISTORY_ENABLED: 'true', DATA_DIR: dataDir });
    expect(b.pid).not.toBe(a.pid);
  }, 120_000);
});
