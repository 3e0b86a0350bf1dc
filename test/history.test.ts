// History over HTTP: daily records in a PostgreSQL database of the test's own and in PGlite; write-through,
// the collector, answers beyond the upstream's retention, recentTasks, tracking, replicas, restart, pruning.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgres, type HistoryDb } from '../src/history/db.js';
import { openPglite } from '../src/history/pglite/client.js';
import { buildSeed } from '../src/history/pglite/seed.js';
import { createDays } from '../src/history/days.js';
import { createStore } from '../src/history/store.js';
import { createPgDatabase, openTestPglite, type TestDatabase } from './history-helpers.js';
import { startStack, type Stack } from './helpers.js';

const days = createDays(480);
const DAY_MS = 86_400_000;
const today = () => days.dayOf(Date.now());
const dayRange = (day: string) => {
  const w = days.window(day);
  return { from: w.from.toISOString(), to: w.to.toISOString() };
};

async function until<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(100);
  }
}

const historyEnv = (url: string, extra: Record<string, string> = {}) => ({
  HISTORY_ENABLED: 'true',
  DATABASE_URL: url,
  HISTORY_COLLECT_INTERVAL_SECONDS: '1',
  HISTORY_RETENTION_DAYS: '60',
  ...extra,
});

interface Daily {
  day: string;
  observedAt: string;
  settled: boolean;
  stats: { total: number; source: string } | null;
  loss: { total: number; source: string } | null;
}
const DAILY = `query ($id: ID!, $from: Date!, $to: Date!) {
  task(id: $id) { daily(from: $from, to: $to) { day observedAt settled stats { total source } loss { total source } } }
}`;
const dailyOf = async (stack: Stack, id: string, from: string, to: string) =>
  (await stack.data<{ task: { daily: Daily[] } }>(DAILY, { id, from, to })).task.daily;

const SEND = `mutation ($to: [ID!]!, $title: String, $dataId: String) {
  sendBatchPush(input: { fromAccount: "admin", toAccounts: $to, title: $title, dataId: $dataId }) { taskId }
}`;

/** How many migrations drizzle/ holds: every one is applied once. */
const MIGRATIONS = (
  JSON.parse(readFileSync(new URL('../drizzle/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] }
).entries.length;

/**
 * Two tasks' recorded day read together: totals from their own columns, and the channels and buckets, read only
 * when selected, equal to what the upstream answered for that day.
 */
async function expectDaysWithFigures(stack: Stack, ids: string[], day: string): Promise<void> {
  const upstream = await stack.data<{ tasks: { stats: unknown; loss: unknown }[] }>(
    `query ($ids: [ID!]!, $r: StatsRange!, $l: TimeRange!) { tasks(ids: $ids) {
       stats(range: $r) { total sent delivered clicked byPlatform { platform eventType sent delivered } }
       loss(range: $l) { total readyToSend { platform errorCode count } byPlatform { platform errorCode count } } } }`,
    { ids, r: dayRange(day), l: dayRange(day) },
  );
  const read = () =>
    stack.data<{ tasks: { daily: { day: string; stats: unknown; loss: unknown }[] }[] }>(
      `query ($ids: [ID!]!, $day: Date!) { tasks(ids: $ids) { daily(from: $day, to: $day) { day
         stats { total sent delivered clicked byPlatform { platform eventType sent delivered } }
         loss { total readyToSend { platform errorCode count } byPlatform { platform errorCode count } } } } }`,
      { ids, day },
    );
  const recorded = await until(async () => {
    const r = await read();
    return r.tasks.every((t) => t.daily[0]?.stats && t.daily[0].loss) && r;
  });
  expect(recorded.tasks.map((t) => ({ stats: t.daily[0]!.stats, loss: t.daily[0]!.loss }))).toEqual(upstream.tasks);
}

describe('migrations from empty', () => {
  const rows = <T>(h: HistoryDb, query: SQL): Promise<T[]> => h.rows<T>(query);
  const tables = async (h: HistoryDb) =>
    (
      await rows<{ table_name: string }>(
        h,
        sql`select table_name from information_schema.tables where table_name like 'history_%'`,
      )
    )
      .map((r) => r.table_name)
      .sort();

  it('creates the history tables in a new PostgreSQL database, and a second start changes nothing', async () => {
    const database = await createPgDatabase();
    try {
      const first = await openPostgres(database.url);
      expect(await tables(first)).toEqual(['history_daily', 'history_figures', 'history_tasks']);
      await first.close();
      const again = await openPostgres(database.url);
      const applied = await rows<{ n: number }>(
        again,
        sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      );
      expect(applied[0]!.n).toBe(MIGRATIONS);
      await again.close();
    } finally {
      await database.drop();
    }
  });

  it('moves the figures of days recorded before beside them, and fills their totals', async () => {
    const database = await createPgDatabase();
    const first = mkdtempSync(join(tmpdir(), 'timpush-migrations-'));
    try {
      // The database as the first migration left it, with a day recorded then.
      const journal = JSON.parse(readFileSync('drizzle/meta/_journal.json', 'utf8')) as { entries: unknown[] };
      mkdirSync(join(first, 'meta'));
      writeFileSync(
        join(first, 'meta/_journal.json'),
        JSON.stringify({ ...journal, entries: journal.entries.slice(0, 1) }),
      );
      writeFileSync(join(first, '0000_init.sql'), readFileSync('drizzle/0000_init.sql'));
      const pool = new pg.Pool({ connectionString: database.url });
      await migrate(drizzle(pool), { migrationsFolder: first });
      const stats = { total: 10, sent: 9, delivered: 7, clicked: 2, byPlatform: [] };
      const bucket = (count: number) => ({
        stage: 'READY_TO_SEND',
        platform: null,
        eventType: null,
        errorCode: '-1',
        errorInfo: '',
        count,
      });
      const loss = { readyToSend: [bucket(3), bucket(1)], postSendDelivered: [bucket(2)], byPlatform: [] };
      await pool.query(
        `insert into history_daily (kind, subject, day, stats, loss) values ('task', 'old', '2025-01-01', $1, $2)`,
        [stats, loss],
      );
      await pool.end();

      const h = await openPostgres(database.url);
      try {
        const [row] = await h.rows<Record<string, number>>(
          sql`select stats_total, stats_sent, stats_delivered, stats_clicked, loss_total from history_daily`,
        );
        expect(row).toEqual({ stats_total: 10, stats_sent: 9, stats_delivered: 7, stats_clicked: 2, loss_total: 6 });
        // The figures themselves moved beside the day, whole.
        const store = createStore(h);
        expect(await store.figures('stats', [{ kind: 'task', subject: 'old', day: '2025-01-01' }])).toEqual([
          { kind: 'task', subject: 'old', day: '2025-01-01', value: stats },
        ]);
        expect(await store.figures('loss', [{ kind: 'task', subject: 'old', day: '2025-01-01' }])).toEqual([
          { kind: 'task', subject: 'old', day: '2025-01-01', value: loss },
        ]);
      } finally {
        await h.close();
      }
    } finally {
      rmSync(first, { recursive: true, force: true });
      await database.drop();
    }
  });

  it("creates the same tables in an empty PGlite (the build's seed), and opening it changes nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'timpush-seed-'));
    try {
      await buildSeed(join(dir, 'seed'));
      const h = await openPglite({ dataDir: join(dir, 'seed') });
      try {
        expect(await tables(h)).toEqual(['history_daily', 'history_figures', 'history_tasks']);
        const applied = await rows<{ n: number }>(h, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
        expect(applied[0]!.n).toBe(MIGRATIONS);
      } finally {
        await h.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('history on PostgreSQL', () => {
  let database: TestDatabase;
  let stack: Stack;

  beforeAll(async () => {
    database = await createPgDatabase();
    stack = await startStack({ env: historyEnv(database.url), emulator: { retention: true } });
    await stack.gateway.runtime.history!.ready;
  });
  afterAll(async () => {
    await stack?.close();
    await database?.drop();
  });

  it('lists tasks pushed through the gateway in recentTasks, newest first, a page at a time', async () => {
    const ids: string[] = [];
    for (const title of ['first', 'second', 'third']) {
      const r = await stack.data<{ sendBatchPush: { taskId: string } }>(SEND, {
        to: ['u1', 'u2'],
        title,
        dataId: `d-${title}`,
      });
      ids.push(r.sendBatchPush.taskId);
      await sleep(5);
    }
    // Recorded through the outbox, just after each push answered.
    await stack.gateway.runtime.history!.pushesRecorded();
    const page = await stack.data<{
      recentTasks: {
        edges: {
          cursor: string;
          node: { id: string; title: string; recipientCount: number; dataId: string; sentAt: string; tracked: boolean };
        }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    }>(
      `{ recentTasks(first: 2) { edges { cursor node { id title recipientCount dataId sentAt tracked } } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(page.recentTasks.edges.map((e) => e.node.id)).toEqual([ids[2], ids[1]]);
    expect(page.recentTasks.edges[0]!.node).toMatchObject({
      title: 'third',
      recipientCount: 2,
      dataId: 'd-third',
      tracked: true,
    });
    expect(page.recentTasks.pageInfo.hasNextPage).toBe(true);
    const next = await stack.data<{ recentTasks: { edges: { node: { id: string } }[] } }>(
      `query ($after: String) { recentTasks(first: 2, after: $after) { edges { node { id } } } }`,
      { after: page.recentTasks.pageInfo.endCursor },
    );
    expect(next.recentTasks.edges.map((e) => e.node.id)[0]).toBe(ids[0]);

    // A push to an audience is listed too; its recipients are not known up front.
    const audience = await stack.data<{ sendPush: { taskId: string } }>(
      `mutation { sendPush(input: { fromAccount: "admin", audience: { all: true }, title: "everyone" }) { taskId } }`,
    );
    await stack.gateway.runtime.history!.pushesRecorded();
    const latest = await stack.data<{
      recentTasks: { edges: { node: { id: string; title: string; recipientCount: number | null } }[] };
    }>(`{ recentTasks(first: 1) { edges { node { id title recipientCount } } } }`);
    expect(latest.recentTasks.edges[0]!.node).toEqual({
      id: audience.sendPush.taskId,
      title: 'everyone',
      recipientCount: null,
    });
  });

  it('records a whole-day statistics and loss answer it fetched, for a task nobody tracks', async () => {
    const day = days.add(today(), -2);
    const asked = await stack.data<{ task: { stats: { total: number; source: string }; loss: { total: number } } }>(
      `query ($r: StatsRange!, $l: TimeRange!) { task(id: "aaa-bbb-ccc") { stats(range: $r) { total source } loss(range: $l) { total } } }`,
      { r: dayRange(day), l: dayRange(day) },
    );
    expect(asked.task.stats.source).toBe('UPSTREAM');
    const rows = await until(async () => {
      const d = await dailyOf(stack, 'aaa-bbb-ccc', day, day);
      return d[0]?.stats && d[0].loss && d;
    });
    expect(rows[0]).toMatchObject({ day, settled: true, stats: { total: asked.task.stats.total, source: 'HISTORY' } });
    expect(rows[0]!.loss!.total).toBe(asked.task.loss.total);
  });

  it('collects the days of a pushed task and of a tracked one, and stops on untrackTask', async () => {
    const { sendBatchPush } = await stack.data<{ sendBatchPush: { taskId: string } }>(SEND, { to: ['u9'] });
    const open = await until(async () => {
      const d = await dailyOf(stack, sendBatchPush.taskId, today(), today());
      return d[0]?.stats && d[0].loss && d[0];
    });
    expect(open.settled).toBe(false);
    expect(Date.now() - Date.parse(open.observedAt)).toBeLessThan(60_000);

    const tracked = await stack.data<{ trackTask: { id: string; tracked: boolean; sentAt: string | null } }>(
      `mutation { trackTask(id: "xxx-yyy-zzz") { id tracked sentAt } }`,
    );
    expect(tracked.trackTask).toEqual({ id: 'xxx-yyy-zzz', tracked: true, sentAt: null });
    // Loss is kept 7 days upstream, statistics 30: the collector fills both for the last 7 days.
    const from = days.add(today(), -6);
    const filled = await until(async () => {
      const d = await dailyOf(stack, 'xxx-yyy-zzz', from, today());
      return d.length === 7 && d.every((r) => r.stats && r.loss) && d;
    });
    expect(filled.filter((r) => r.day <= days.add(today(), -2)).every((r) => r.settled)).toBe(true);
    // Older days come after the latest ones.
    const older = await until(async () => {
      const d = await dailyOf(stack, 'xxx-yyy-zzz', days.add(today(), -29), days.add(today(), -7));
      return d.length === 23 && d;
    });
    expect(older.every((r) => r.stats && !r.loss)).toBe(true);

    const overview = await stack.data<{ dailyOverview: Daily[] }>(
      `query ($from: Date!, $to: Date!) { dailyOverview(from: $from, to: $to, kind: TASKS) { day stats { total } loss { total } } }`,
      { from, to: today() },
    );
    expect(overview.dailyOverview.length).toBe(7);

    const untracked = await stack.data<{ untrackTask: { tracked: boolean } }>(
      `mutation { untrackTask(id: "xxx-yyy-zzz") { tracked } }`,
    );
    expect(untracked.untrackTask.tracked).toBe(false);
  });

  it('answers past the upstream retention from the records, marked HISTORY, and names the missing days', async () => {
    const shift = 40 * DAY_MS;
    const later = await startStack({
      env: historyEnv(database.url),
      emulator: { retention: true, now: () => Date.now() + shift },
      history: { now: () => Date.now() + shift },
    });
    try {
      await later.gateway.runtime.history!.ready;
      const day = days.add(today(), -3);
      const answer = await later.data<{
        task: {
          stats: { source: string; total: number };
          loss: { source: string; total: number };
          summary: { lossRate: number | null; stats: { source: string } };
        };
      }>(
        `query ($s: StatsRange!, $l: TimeRange!) { task(id: "xxx-yyy-zzz") {
           stats(range: $s) { source total } loss(range: $l) { source total } summary(range: $l) { lossRate stats { source } } } }`,
        { s: dayRange(day), l: dayRange(day) },
      );
      expect(answer.task.stats.source).toBe('HISTORY');
      expect(answer.task.loss.source).toBe('HISTORY');
      expect(answer.task.summary.stats.source).toBe('HISTORY');
      const recorded = await dailyOf(stack, 'xxx-yyy-zzz', day, day);
      expect(answer.task.loss.total).toBe(recorded[0]!.loss!.total);
      expect(later.emulator.calls.filter((c) => c.api.includes('loss') || c.api.includes('statistics'))).toEqual([]);

      // Two days of loss: the earlier was never recorded (loss is only collected for the last 7 days).
      const partly = await later.gql(
        `query ($l: TimeRange!) { task(id: "xxx-yyy-zzz") { loss(range: $l) { total } } }`,
        { l: { from: dayRange(days.add(today(), -7)).from, to: dayRange(days.add(today(), -6)).to } },
      );
      expect(partly.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        missingDays: [days.add(today(), -7)],
      });
      expect(partly.errors?.[0]?.message).toContain(days.add(today(), -7));

      // Not whole days: the upstream would refuse it, so it is refused before any call, with the whole days to
      // ask for instead (in TIM_UTC_OFFSET).
      const w = days.window(day);
      later.emulator.reset();
      const refused = await later.gql(
        `query ($l: TimeRange!) { task(id: "xxx-yyy-zzz") { loss(range: $l) { total } } }`,
        {
          l: {
            from: new Date(w.from.getTime() + 3_600_000).toISOString(),
            to: new Date(w.to.getTime() + 3_600_000).toISOString(),
          },
        },
      );
      expect(refused.errors?.[0]?.extensions).toEqual({
        code: 'BAD_USER_INPUT',
        argument: 'range',
        wholeDays: { from: `${day}T00:00:00+08:00`, to: `${days.add(day, 2)}T00:00:00+08:00` },
      });
      expect(refused.errors?.[0]?.message).toContain(`ask for ${day} to ${days.add(day, 1)}`);
      expect(later.emulator.calls).toEqual([]);
    } finally {
      await later.close();
    }
  });

  it("reads days' totals from their columns, and channels and buckets only when selected", async () => {
    await expectDaysWithFigures(stack, ['aaa-bbb-ccc', 'figures-task'], days.add(today(), -2));
  });

  it('prunes records older than HISTORY_RETENTION_DAYS', async () => {
    const h = await openPostgres(database.url);
    const old = days.add(today(), -61);
    try {
      await createStore(h).record(
        { kind: 'task', subject: 'xxx-yyy-zzz', day: old, observedAt: new Date(), settled: true },
        'stats',
        { total: 1, sent: 1, delivered: 1, clicked: 0, byPlatform: [] },
      );
      expect(await dailyOf(stack, 'xxx-yyy-zzz', old, old)).toHaveLength(1);
      await until(async () => (await dailyOf(stack, 'xxx-yyy-zzz', old, old)).length === 0);
    } finally {
      await h.close();
    }
  });

  it('refuses a daily window over 366 days', async () => {
    const r = await stack.gql(DAILY, { id: 'xxx-yyy-zzz', from: '2024-01-01', to: '2025-01-02' });
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('keeps the records across a restart', async () => {
    const before = await dailyOf(stack, 'xxx-yyy-zzz', days.add(today(), -6), today());
    await stack.close();
    stack = await startStack({ env: historyEnv(database.url), emulator: { retention: true } });
    const after = await dailyOf(stack, 'xxx-yyy-zzz', days.add(today(), -6), today());
    expect(after.map((r) => r.day)).toEqual(before.map((r) => r.day));
  });
});

describe('two replicas on one PostgreSQL', () => {
  it('run exactly one collector; the other takes over when it stops', async () => {
    const database = await createPgDatabase();
    const a = await startStack({ env: historyEnv(database.url) });
    const b = await startStack({ env: historyEnv(database.url) });
    try {
      const leaders = () => [a, b].filter((s) => s.gateway.runtime.history!.collector?.leading);
      await until(async () => leaders().length === 1);
      await sleep(2_500); // a few intervals: the other replica keeps finding the lock taken
      expect(leaders()).toHaveLength(1);
      const [leader] = leaders();
      const other = leader === a ? b : a;
      await leader!.close();
      await until(async () => other.gateway.runtime.history!.collector?.leading);
    } finally {
      await a.close().catch(() => undefined);
      await b.close().catch(() => undefined);
      await database.drop();
    }
  });
});

describe('the collector and interactive requests', () => {
  it("goes through the background lane: an interactive call takes the next slot, ahead of the collector's backlog", async () => {
    const database = await createPgDatabase();
    const stack = await startStack({ env: historyEnv(database.url), realQuota: true });
    try {
      // The first visit asks 30 days of overall statistics: 30 all_member_push_statistics calls at 1/s.
      const collectorCalls = () => stack.emulator.callsTo('all_member_push_statistics').length;
      await until(async () => collectorCalls() >= 2);
      const before = collectorCalls();
      const day = days.add(today(), -1);
      await stack.data(`query ($r: StatsRange!) { task(id: "interactive-1") { stats(range: $r) { total } } }`, {
        r: { from: dayRange(day).from, to: new Date(Date.parse(dayRange(day).to) - 1000).toISOString() },
      });
      const calls = stack.emulator.callsTo('all_member_push_statistics');
      const mine = calls.findIndex((c) => JSON.stringify(c.body).includes('interactive-1'));
      // At most the call already in flight went before it.
      expect(mine - before).toBeLessThanOrEqual(1);
      // The collector still had work queued: it went on after the interactive call.
      await until(async () => collectorCalls() > mine + 1);
      expect(stack.emulator.quotaViolations()).toBe(0);
    } finally {
      await stack.close();
      await database.drop();
    }
  }, 60_000);
});

describe('collector priorities', () => {
  it("asks for a task just tracked at once, latest days first, before the first visit's catch-up ends", async () => {
    const database = await createPgDatabase();
    // Default interval (an hour): only the first visit runs, catching up 30 days of overall figures at 1 call/s.
    const stack = await startStack({
      env: historyEnv(database.url, { HISTORY_COLLECT_INTERVAL_SECONDS: '3600' }),
      realQuota: true,
    });
    try {
      const history = stack.gateway.runtime.history!;
      await history.ready;
      let caughtUp = false;
      void history.collector!.nextVisit().then(() => (caughtUp = true));
      await until(async () => stack.emulator.callsTo('all_member_push_statistics').length >= 2);

      const tracked = Date.now();
      await stack.data(`mutation { trackTask(id: "just-tracked") { tracked } }`);
      const latest = await until(async () => {
        const rows = await dailyOf(stack, 'just-tracked', days.add(today(), -1), today());
        return rows.length === 2 && rows.every((r) => r.stats && r.loss) && rows;
      }, 10_000);
      expect(latest.map((r) => r.day)).toEqual([days.add(today(), -1), today()]);
      expect(Date.now() - tracked).toBeLessThan(10_000);
      expect(caughtUp).toBe(false);

      // The task's statistics calls went newest day first.
      const asked = stack.emulator
        .callsTo('all_member_push_statistics')
        .filter((c) => JSON.stringify(c.body).includes('just-tracked'))
        .map((c) => (c.body as { StartTime: number }).StartTime);
      expect(asked.slice(0, 2)).toEqual([...asked.slice(0, 2)].sort((a, b) => b - a));
      expect(stack.emulator.quotaViolations()).toBe(0);
    } finally {
      await stack.close();
      await database.drop();
    }
  }, 60_000);
});

describe('a history database that cannot open', () => {
  it('fails the history fields with HISTORY_UNAVAILABLE while the rest of the gateway answers', async () => {
    const stack = await startStack({
      env: { HISTORY_ENABLED: 'true' },
      history: { open: () => Promise.reject(new Error('no database here')) },
    });
    try {
      const r = await stack.gql(`{ task(id: "aaa-bbb-ccc") { daily(from: "2025-03-01", to: "2025-03-02") { day } } }`);
      expect(r.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([
        ['task.daily', 'HISTORY_UNAVAILABLE'],
      ]);
      // Why it failed is the log's business: a driver's message may name hosts, users or paths.
      expect(r.errors?.[0]?.message).toContain('could not be opened');
      expect(r.errors?.[0]?.message).not.toContain('no database here');
      const loss = await stack.data<{ task: { loss: { total: number } } }>(
        `{ task(id: "aaa-bbb-ccc") { loss { total } } }`,
      );
      expect(loss.task.loss.total).toBeGreaterThan(0);
    } finally {
      await stack.close();
    }
  });
});

describe('history on PGlite', () => {
  it('records, answers and keeps its data in DATA_DIR across a restart', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'timpush-history-')), 'pglite');
    const env = { HISTORY_ENABLED: 'true', HISTORY_COLLECT_INTERVAL_SECONDS: '1' };
    let stack = await startStack({ env, history: { open: () => openTestPglite(dir) } });
    try {
      await stack.gateway.runtime.history!.ready;
      const { sendBatchPush } = await stack.data<{ sendBatchPush: { taskId: string } }>(SEND, {
        to: ['p1'],
        title: 'kept',
      });
      await until(async () => (await dailyOf(stack, sendBatchPush.taskId, today(), today()))[0]?.stats);
      await stack.close();
      stack = await startStack({ env, history: { open: () => openPglite({ dataDir: dir }) } });
      const r = await stack.data<{ recentTasks: { edges: { node: { id: string; title: string } }[] } }>(
        `{ recentTasks { edges { node { id title } } } }`,
      );
      expect(r.recentTasks.edges[0]!.node).toEqual({ id: sendBatchPush.taskId, title: 'kept' });
      expect((await dailyOf(stack, sendBatchPush.taskId, today(), today()))[0]!.stats).not.toBeNull();
      await expectDaysWithFigures(stack, ['aaa-bbb-ccc', 'figures-task'], days.add(today(), -2));
    } finally {
      await stack.close();
    }
  }, 120_000);
});
