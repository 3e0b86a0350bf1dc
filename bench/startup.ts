// Start-up rows of the benchmark: the compiled gateway (as `npm start` runs it) started with each history engine
// (a fresh DATA_DIR, the same DATA_DIR again, PostgreSQL, history off): when it listens, when history fields
// answer, the worst event-loop delay it saw (its own /metrics), and its peak and settled memory.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startGatewayProcess } from '../scripts/gateway-process.js';
import { gqlAt } from '../test/helpers.js';
import { createPgDatabase } from '../test/history-helpers.js';

export interface StartupRow {
  start: string;
  listenMs: number;
  /** From the process's start until a history field answered; null with history off. */
  historyMs: number | null;
  worstLoopDelayMs: number;
  peakRssMb: number;
  /** RSS once the start has settled (history open, the collector's first visit under way). */
  settledRssMb: number;
}

const statusOf = (pid: number, field: 'VmHWM' | 'VmRSS'): number =>
  Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', url))).text();
  return Number(
    text
      .split('\n')
      .find((l) => l.startsWith(`${name} `))
      ?.split(' ')[1] ?? NaN,
  );
}

async function startRow(start: string, env: Record<string, string>, history: boolean): Promise<StartupRow> {
  const started = performance.now();
  const gateway = await startGatewayProcess(env, 'dist/src/main.js');
  const listenMs = performance.now() - started;
  try {
    let historyMs: number | null = null;
    while (history && historyMs === null && performance.now() - started < 30_000) {
      const r = await gqlAt(gateway.url, '{ recentTasks(first: 1) { edges { cursor } } }');
      if (!r.errors) historyMs = performance.now() - started;
      else await sleep(20);
    }
    if (history && historyMs === null) throw new Error(`${start}: history did not answer within 30 s`);
    // What follows the start (the collector's first visit, GraphiQL not opened) settles within a few seconds.
    await sleep(5_000);
    const pid = gateway.child.pid!;
    return {
      start,
      listenMs: Math.round(listenMs),
      historyMs: historyMs === null ? null : Math.round(historyMs),
      worstLoopDelayMs: Math.round((await metric(gateway.url, 'timpush_event_loop_delay_max_seconds')) * 1000),
      peakRssMb: Math.round(statusOf(pid, 'VmHWM')),
      settledRssMb: Math.round(statusOf(pid, 'VmRSS')),
    };
  } finally {
    await gateway.stop();
  }
}

export async function startupBench(smoke: boolean): Promise<StartupRow[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'timpush-bench-data-'));
  const database = smoke ? undefined : await createPgDatabase();
  try {
    const embedded = { HISTORY_ENABLED: 'true', DATA_DIR: dataDir };
    const rows = [await startRow('PGlite, fresh DATA_DIR (copied from the seed)', embedded, true)];
    if (smoke) return rows;
    rows.push(await startRow('PGlite, existing DATA_DIR', embedded, true));
    rows.push(
      await startRow('PostgreSQL (DATABASE_URL)', { HISTORY_ENABLED: 'true', DATABASE_URL: database!.url }, true),
    );
    rows.push(await startRow('history off (HISTORY_ENABLED=false)', { HISTORY_ENABLED: 'false' }, false));
    return rows;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    await database?.drop();
  }
}

/**
 * The start-up targets: no event-loop delay over 100 ms, history within 3 s, peak ≤ 350 MB, settled ≤ 300 MB.
 * `--smoke` (CI, right after the test suite on a shared machine) checks what a regression would break by far:
 * PGlite back on the gateway's thread held it for seconds and took ~900 MB.
 */
export function startupMisses(rows: StartupRow[], smoke = false): string[] {
  const bound = smoke
    ? { delayMs: 500, historyMs: 10_000, peakMb: 500, settledMb: 450 }
    : { delayMs: 100, historyMs: 3_000, peakMb: 350, settledMb: 300 };
  return rows.flatMap((r) => [
    ...(r.worstLoopDelayMs > bound.delayMs ? [`${r.start}: event-loop delay ${r.worstLoopDelayMs} ms`] : []),
    ...(r.historyMs !== null && r.historyMs > bound.historyMs ? [`${r.start}: history after ${r.historyMs} ms`] : []),
    ...(r.peakRssMb > bound.peakMb ? [`${r.start}: peak RSS ${r.peakRssMb} MB`] : []),
    ...(r.settledRssMb > bound.settledMb ? [`${r.start}: settled RSS ${r.settledRssMb} MB`] : []),
  ]);
}

export function printStartup(rows: StartupRow[]): void {
  console.log('\n## Start-up (node dist/src/main.js, as npm start; emulator mode)\n');
  console.log('| start | listening | history answering | worst event-loop delay | peak RSS | RSS 5 s later |');
  console.log('| --- | --: | --: | --: | --: | --: |');
  for (const r of rows)
    console.log(
      `| ${r.start} | ${r.listenMs} ms | ${r.historyMs === null ? '—' : `${r.historyMs} ms`} | ${r.worstLoopDelayMs} ms | ${r.peakRssMb} MB | ${r.settledRssMb} MB |`,
    );
}

if (process.argv[1]?.endsWith('startup.ts')) {
  // `tsx bench/startup.ts [--smoke]`: these rows alone (after npm run build).
  const smoke = process.argv.includes('--smoke');
  const rows = await startupBench(smoke);
  printStartup(rows);
  const misses = startupMisses(rows, smoke);
  if (misses.length) {
    console.error(`\nTargets missed: ${misses.join('; ')}`);
    process.exitCode = 1;
  }
}
