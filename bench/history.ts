// History rows of the benchmark: the collector's upstream calls per followed task and what they allow within
// the 1 call/s quota, Task.daily over a year for many tasks from PostgreSQL and from PGlite, and the bytes a
// task-day takes in the database.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { startEmulator } from '../emulator/server.js';
import { loadConfig } from '../src/config.js';
import { openPostgres, type HistoryDb } from '../src/history/db.js';
import { createDays } from '../src/history/days.js';
import { createGateway } from '../src/gateway.js';
import { createSigner } from '../src/upstream/usersig.js';
import { APIS } from '../src/upstream/wire.js';
import { dataOf, gqlAt } from '../test/helpers.js';
import { createPgDatabase } from '../test/history-helpers.js';
import { openPglite } from '../src/history/pglite/client.js';
import { startGatewayProcess } from '../scripts/gateway-process.js';

const SDKAPPID = 1400000003;
const SECRET = `bench-history-${randomUUID()}`;
/** Fast quotas, as in the tests, so catching up a year of records takes seconds; the quota math is below. */
const FAST_RATE = 200;
const FAST = Object.fromEntries(APIS.map((api) => [api, FAST_RATE]));

export interface CollectorRow {
  tasks: number;
  /** Upstream calls of a visit, per API, for the first visit (catching up) and a later one (steady). */
  firstVisitCalls: Record<string, number>;
  steadyVisitCalls: Record<string, number>;
  /** Steady calls per followed task on the busiest API (overall figures left out). */
  callsPerTaskVisit: number;
  /** Tasks a visit every HISTORY_COLLECT_INTERVAL_SECONDS (3600) can follow with that API's 1 call/s. */
  tasksPerHourIdle: number;
  tasksPerHourHalfBusy: number;
}

export interface DailyRow {
  engine: string;
  tasks: number;
  days: number;
  p50Ms: number;
  maxMs: number;
  /** The same fields read with one SQL query on the same engine (its p50). */
  rawP50Ms: number;
  runs: number;
  bytesPerTaskDay: number;
}

export interface HistoryResults {
  /** Absent when only the daily rows ran (`--daily`). */
  collector?: CollectorRow;
  daily: DailyRow[];
}

async function startGateway(env: Record<string, string>, open: () => Promise<HistoryDb>) {
  const emulator = await startEmulator({ sdkAppId: SDKAPPID, secretKey: SECRET, rates: FAST });
  const config = loadConfig({
    TIM_SDKAPPID: String(SDKAPPID),
    TIM_SECRET_KEY: SECRET,
    TIM_BASE_URL: emulator.url,
    QUOTA_RATES: APIS.map((api) => `${api}=${FAST_RATE}`).join(','),
    QUOTA_MARGIN_MS: '2',
    GATEWAY_ALLOW_ANONYMOUS: 'true',
    HISTORY_ENABLED: 'true',
    ...env,
  });
  const gateway = await createGateway({
    config,
    baseUrl: emulator.url,
    sign: createSigner({ sdkAppId: SDKAPPID, identifier: config.identifier, secretKey: SECRET }),
    log: pino({ level: 'silent' }),
    history: { open },
  });
  const url = await gateway.listen(0, '127.0.0.1');
  await gateway.runtime.history!.ready;
  return {
    emulator,
    gateway,
    url,
    close: async () => {
      await gateway.close(0);
      await emulator.close();
    },
  };
}

const countCalls = (calls: { api: string }[]) =>
  calls.reduce<Record<string, number>>((out, c) => ((out[c.api] = (out[c.api] ?? 0) + 1), out), {});

async function collectorRow(databaseUrl: string, tasks: number): Promise<CollectorRow> {
  // No per-key cache: each visit's open-day question reaches the upstream, as it does with an hourly interval
  // (longer than the 5-minute TTL of open windows).
  const g = await startGateway({ HISTORY_COLLECT_INTERVAL_SECONDS: '2', CACHE_TTL_LOSS_SECONDS: '0' }, () =>
    openPostgres(databaseUrl),
  );
  try {
    const collector = g.gateway.runtime.history!.collector!;
    await collector.nextVisit(); // the overall figures' first visit, before any task is tracked
    // Each tracked task is asked at once (its days, newest first), and the next visit asks what is left.
    g.emulator.reset();
    for (let i = 0; i < tasks; i++)
      dataOf(await gqlAt(g.url, `mutation { trackTask(id: "bench-task-${i}") { tracked } }`));
    await collector.nextVisit();
    const firstVisitCalls = countCalls(g.emulator.calls);
    // Later visits: once every past day is settled, only the open day (today) is asked again.
    let steadyVisitCalls: Record<string, number> = {};
    for (let visit = 0; visit < 5; visit++) {
      g.emulator.reset();
      await collector.nextVisit();
      const calls = countCalls(g.emulator.calls);
      if (JSON.stringify(calls) === JSON.stringify(steadyVisitCalls)) break;
      steadyVisitCalls = calls;
    }
    // The overall figures cost one statistics and one loss call per kind and visit, whatever the task count.
    const perTask = (steadyVisitCalls.all_member_push_statistics ?? 0) - 1;
    const callsPerTaskVisit = perTask / tasks;
    return {
      tasks,
      firstVisitCalls,
      steadyVisitCalls,
      callsPerTaskVisit,
      tasksPerHourIdle: Math.floor((3600 - 1) / callsPerTaskVisit),
      tasksPerHourHalfBusy: Math.floor((1800 - 1) / callsPerTaskVisit),
    };
  } finally {
    await g.close();
  }
}

/** What a chart of many campaigns reads: a few totals per day, not every channel and bucket. */
const DAILY_QUERY = `query ($ids: [ID!]!, $from: Date!, $to: Date!) { tasks(ids: $ids) { id daily(from: $from, to: $to) {
  day settled stats { total sent delivered clicked } loss { total } } } }`;

/** One engine as the daily row uses it: its gateway's settings and a connection of the bench's own. */
interface Engine {
  name: string;
  env: Record<string, string>;
  /** The database the gateway uses (for PGlite: only while the gateway is stopped; one process per folder). */
  open(): Promise<HistoryDb>;
}

/** The compiled gateway (as `npm start` runs it) on `engine`, against the in-process emulator. */
async function compiledGateway(engine: Engine, emulatorUrl: string) {
  return startGatewayProcess(
    {
      TIM_SDKAPPID: String(SDKAPPID),
      TIM_SECRET_KEY: SECRET,
      TIM_BASE_URL: emulatorUrl,
      GATEWAY_ALLOW_ANONYMOUS: 'true',
      HISTORY_ENABLED: 'true',
      ...engine.env,
    },
    'dist/src/main.js',
  );
}

async function dailyRow(engine: Engine, tasks: number, days: number, runs: number): Promise<DailyRow> {
  const emulator = await startEmulator({ sdkAppId: SDKAPPID, secretKey: SECRET, rates: FAST });
  try {
    const d = createDays(480);
    const to = d.dayOf(Date.now());
    const from = d.add(to, -(days - 1));
    const ids = Array.from({ length: tasks }, (_, i) => `daily-${i}`);
    // One day as the emulator answers it, recorded by the gateway itself (a whole-day answer is written through).
    let gateway = await compiledGateway(engine, emulator.url);
    const sample = d.window(to);
    const range = { from: sample.from.toISOString(), to: sample.to.toISOString() };
    dataOf(
      await gqlAt(
        gateway.url,
        `query ($r: StatsRange!, $l: TimeRange!) { task(id: "${ids[0]}") { stats(range: $r) { total } loss(range: $l) { total } } }`,
        {
          r: range,
          l: range,
        },
      ),
    );
    for (let tries = 0; ; tries++) {
      const r = dataOf(
        await gqlAt<{ task: { daily: { stats: unknown; loss: unknown }[] } }>(
          gateway.url,
          `query ($day: Date!) { task(id: "${ids[0]}") { daily(from: $day, to: $day) { stats { total } loss { total } } } }`,
          { day: to },
        ),
      );
      if (r.task.daily[0]?.stats && r.task.daily[0].loss) break;
      if (tries > 100) throw new Error('the sample day was not recorded');
      await sleep(50);
    }
    if (engine.env.DATA_DIR) await gateway.stop();
    // ...copied to every task and day in the database.
    const db = await engine.open();
    let raw: { p50Ms: number; maxMs: number };
    let bytesPerTaskDay: number;
    try {
      const before = await db.bytes();
      await db.rows(sql`insert into history_daily (kind, subject, day, stats_total, stats_sent, stats_delivered,
          stats_clicked, stats_observed_at, stats_settled, loss_total, loss_observed_at, loss_settled)
        select kind, 'daily-' || t, ${to}::date - g, stats_total, stats_sent, stats_delivered, stats_clicked,
          stats_observed_at, true, loss_total, loss_observed_at, true
        from history_daily, generate_series(0, ${tasks - 1}) t, generate_series(0, ${days - 1}) g
        where subject = ${ids[0]} and day = ${to} on conflict do nothing`);
      await db.rows(sql`insert into history_figures (kind, subject, day, part, figures)
        select kind, 'daily-' || t, ${to}::date - g, part, figures
        from history_figures, generate_series(0, ${tasks - 1}) t, generate_series(0, ${days - 1}) g
        where subject = ${ids[0]} and day = ${to} on conflict do nothing`);
      bytesPerTaskDay = Math.round(((await db.bytes()) - before) / (tasks * days - 1));
      // The same fields straight from the engine, one row per day: the floor any server reading them pays.
      raw = await timed(runs, async () => {
        const rows = await db.rows(
          sql`select subject, day, stats_settled, loss_settled, stats_total, stats_sent, stats_delivered,
                stats_clicked, loss_total
              from history_daily where kind = 'task' and subject = any(${sql.param(ids)}::text[])
                and day between ${from} and ${to}
              order by subject, day`,
        );
        if (rows.length !== tasks * days) throw new Error(`the raw read missed recorded days: ${rows.length}`);
      });
    } finally {
      await db.close();
    }
    if (engine.env.DATA_DIR) gateway = await compiledGateway(engine, emulator.url);
    try {
      // Timed until the whole answer has arrived; read (JSON.parse) after, as the raw read's rows are not.
      let answer = '';
      const body = JSON.stringify({ query: DAILY_QUERY, variables: { ids, from, to } });
      const measured = await timed(
        runs,
        async () => {
          const res = await fetch(gateway.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body,
          });
          answer = await res.text();
        },
        () => {
          const r = JSON.parse(answer) as { data?: { tasks: { daily: unknown[] }[] }; errors?: unknown };
          if (!r.data || r.data.tasks.some((t) => t.daily.length !== days))
            throw new Error(`Task.daily missed recorded days: ${answer.slice(0, 300)}`);
        },
      );
      return { engine: engine.name, tasks, days, runs, ...measured, rawP50Ms: raw.p50Ms, bytesPerTaskDay };
    } finally {
      await gateway.stop();
    }
  } finally {
    await emulator.close();
  }
}

/** p50 and max of `runs` runs after one that warms up; `check`, untimed, after each. */
async function timed(
  runs: number,
  run: () => Promise<void>,
  check: () => void = () => undefined,
): Promise<{ p50Ms: number; maxMs: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs + 1; i++) {
    const started = performance.now();
    await run();
    if (i > 0) times.push(performance.now() - started);
    check();
  }
  times.sort((a, b) => a - b);
  return { p50Ms: Math.round(times[Math.floor(times.length / 2)]!), maxMs: Math.round(times.at(-1)!) };
}

/** Task.daily on PostgreSQL and on PGlite in a DATA_DIR, each read by the compiled gateway and by raw SQL. */
async function dailyRows(tasks: number, days: number, runs: number): Promise<DailyRow[]> {
  const pg = await createPgDatabase();
  const dataDir = mkdtempSync(join(tmpdir(), 'timpush-bench-daily-'));
  try {
    return [
      await dailyRow(
        { name: 'PostgreSQL 127.0.0.1:5432', env: { DATABASE_URL: pg.url }, open: () => openPostgres(pg.url) },
        tasks,
        days,
        runs,
      ),
      await dailyRow(
        {
          name: 'PGlite (DATA_DIR, on its thread)',
          env: { DATA_DIR: dataDir },
          open: () => openPglite({ dataDir: join(dataDir, 'pglite') }),
        },
        tasks,
        days,
        runs,
      ),
    ];
  } finally {
    await pg.drop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function historyBench(smoke: boolean): Promise<HistoryResults> {
  const tasks = smoke ? 5 : 50;
  const days = smoke ? 30 : 365;
  const runs = smoke ? 2 : 10;
  const pgCollector = await createPgDatabase();
  try {
    const collector = await collectorRow(pgCollector.url, smoke ? 10 : 50);
    return { collector, daily: await dailyRows(tasks, days, runs) };
  } finally {
    await pgCollector.drop();
  }
}

/** Task.daily's targets over a year of 50 tasks: p50 ≤ 150 ms on PostgreSQL, ≤ 500 ms on PGlite, ≤ 3× raw SQL. */
export function historyMisses(r: HistoryResults): string[] {
  return r.daily
    .filter((d) => d.tasks * d.days >= 50 * 365)
    .flatMap((d) => {
      const bound = d.engine.startsWith('PostgreSQL') ? 150 : 500;
      return [
        ...(d.p50Ms > bound ? [`Task.daily on ${d.engine}: p50 ${d.p50Ms} ms > ${bound} ms`] : []),
        ...(d.p50Ms > 3 * Math.max(1, d.rawP50Ms) ? [`Task.daily on ${d.engine}: over 3× raw SQL`] : []),
      ];
    });
}

export function printHistory(r: HistoryResults): void {
  if (r.collector) printCollector(r.collector);
  console.log(
    '\n## History: Task.daily (day settled stats { total sent delivered clicked } loss { total }) and storage\n',
  );
  console.log('| engine | tasks × days | p50 | max | raw SQL p50 | vs raw | runs | bytes per task-day |');
  console.log('| --- | --: | --: | --: | --: | --: | --: | --: |');
  for (const d of r.daily)
    console.log(
      `| ${d.engine} | ${d.tasks} × ${d.days} | ${d.p50Ms} ms | ${d.maxMs} ms | ${d.rawP50Ms} ms | ${(d.p50Ms / Math.max(1, d.rawP50Ms)).toFixed(1)}× | ${d.runs} | ${d.bytesPerTaskDay} |`,
    );
}

function printCollector(c: CollectorRow): void {
  console.log('\n## History: the collector (background lane, 1 call/s per API)\n');
  console.log(
    '| followed tasks | calls, first visit (catching up) | calls, later visit | calls per task-visit (busiest API) | tasks per hourly visit, quota idle | with half the quota taken by interactive traffic |',
  );
  console.log('| --: | --- | --- | --: | --: | --: |');
  const calls = (m: Record<string, number>) =>
    Object.entries(m)
      .map(([api, n]) => `${api} ${n}`)
      .join(', ');
  console.log(
    `| ${c.tasks} | ${calls(c.firstVisitCalls)} | ${calls(c.steadyVisitCalls)} | ${c.callsPerTaskVisit.toFixed(2)} | ${c.tasksPerHourIdle} | ${c.tasksPerHourHalfBusy} |`,
  );
}

if (process.argv[1]?.endsWith('history.ts')) {
  // `tsx bench/history.ts [--smoke] [--collector | --daily]`: these rows alone; --collector or --daily: only those.
  if (process.argv.includes('--daily')) {
    const smoke = process.argv.includes('--smoke');
    const results = { daily: await dailyRows(smoke ? 5 : 50, smoke ? 30 : 365, smoke ? 2 : 10) };
    printHistory(results);
    const misses = historyMisses(results);
    if (misses.length) console.error(`\nTargets missed: ${misses.join('; ')}`);
    process.exit(misses.length ? 1 : 0);
  }
  if (process.argv.includes('--collector')) {
    const db = await createPgDatabase();
    try {
      console.log(JSON.stringify(await collectorRow(db.url, process.argv.includes('--smoke') ? 10 : 50)));
    } finally {
      await db.drop();
    }
    process.exit(0);
  }
  const results = await historyBench(process.argv.includes('--smoke'));
  printHistory(results);
  console.log(`\n${JSON.stringify(results)}`);
  const misses = historyMisses(results);
  if (misses.length) {
    console.error(`\nTargets missed: ${misses.join('; ')}`);
    process.exitCode = 1;
  }
}
