// History rows of the benchmark: the collector's upstream calls per followed task and what they allow within
// the 1 call/s quota, Task.daily over a year for many tasks from PostgreSQL and from PGlite, and the bytes a
// task-day takes in the database.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { pino } from 'pino';
import { startEmulator } from '../emulator/server.js';
import { loadConfig } from '../src/config.js';
import { openPostgres, type HistoryDb } from '../src/history/db.js';
import { createDays } from '../src/history/days.js';
import { createGateway } from '../src/server.js';
import { createSigner } from '../src/upstream/usersig.js';
import { APIS } from '../src/upstream/wire.js';
import { dataOf, gqlAt } from '../test/helpers.js';
import { createPgDatabase, openTestPglite } from '../test/history-helpers.js';

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
  runs: number;
  bytesPerTaskDay: number;
}

export interface HistoryResults {
  collector: CollectorRow;
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
    for (let i = 0; i < tasks; i++)
      dataOf(await gqlAt(g.url, `mutation { trackTask(id: "bench-task-${i}") { tracked } }`));
    g.emulator.reset();
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

async function dailyRow(engine: string, open: () => Promise<HistoryDb>, tasks: number, days: number, runs: number) {
  const g = await startGateway({}, open);
  try {
    const history = g.gateway.runtime.history!;
    const store = await history.store();
    const d = createDays(480);
    const to = d.dayOf(Date.now());
    const from = d.add(to, -(days - 1));
    // Figures as the emulator answers them, recorded for every task and day.
    const api = g.gateway.runtime.pushApi('interactive');
    const w = d.window(d.add(to, -1));
    const [stats, loss] = await Promise.all([api.taskStats(w, 'bench-sample'), api.taskLoss(w, 'bench-sample')]);
    const before = await history.bytes();
    const ids = Array.from({ length: tasks }, (_, i) => `daily-${i}`);
    const observedAt = new Date();
    for (const id of ids) {
      await Promise.all(
        d
          .between(from, to)
          .flatMap((day) => [
            store.record({ kind: 'task', subject: id, day, observedAt, settled: true }, 'stats', stats),
            store.record({ kind: 'task', subject: id, day, observedAt, settled: true }, 'loss', loss),
          ]),
      );
    }
    const bytesPerTaskDay = Math.round(((await history.bytes()) - before) / (tasks * days));
    const query = `query ($ids: [ID!]!, $from: Date!, $to: Date!) { tasks(ids: $ids) { id daily(from: $from, to: $to) { day settled stats { total delivered deliveryRate } loss { total } } } }`;
    const times: number[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const started = performance.now();
      const r = dataOf(await gqlAt<{ tasks: { daily: unknown[] }[] }>(g.url, query, { ids, from, to }));
      if (i > 0) times.push(performance.now() - started); // the first run warms up
      if (r.tasks.some((t) => t.daily.length !== days)) throw new Error('Task.daily missed recorded days');
    }
    times.sort((a, b) => a - b);
    return {
      engine,
      tasks,
      days,
      runs,
      p50Ms: Math.round(times[Math.floor(times.length / 2)]!),
      maxMs: Math.round(times.at(-1)!),
      bytesPerTaskDay,
    };
  } finally {
    await g.close();
  }
}

export async function historyBench(smoke: boolean): Promise<HistoryResults> {
  const tasks = smoke ? 5 : 50;
  const days = smoke ? 30 : 365;
  const runs = smoke ? 2 : 10;
  const pgCollector = await createPgDatabase();
  const pgDaily = await createPgDatabase();
  try {
    const collector = await collectorRow(pgCollector.url, smoke ? 10 : 50);
    const daily = [
      await dailyRow('PostgreSQL 127.0.0.1:5432', () => openPostgres(pgDaily.url), tasks, days, runs),
      await dailyRow('PGlite (embedded, in memory from a snapshot)', () => openTestPglite(), tasks, days, runs),
    ];
    return { collector, daily };
  } finally {
    await pgCollector.drop();
    await pgDaily.drop();
  }
}

export function printHistory(r: HistoryResults): void {
  const c = r.collector;
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
  console.log('\n## History: Task.daily and storage\n');
  console.log('| engine | tasks × days | p50 | max | runs | bytes per task-day |');
  console.log('| --- | --: | --: | --: | --: | --: |');
  for (const d of r.daily)
    console.log(
      `| ${d.engine} | ${d.tasks} × ${d.days} | ${d.p50Ms} ms | ${d.maxMs} ms | ${d.runs} | ${d.bytesPerTaskDay} |`,
    );
}

if (process.argv[1]?.endsWith('history.ts')) {
  // `tsx bench/history.ts [--smoke] [--collector]`: these rows alone; --collector: only the collector row.
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
}
