// Who got a push and who did not, over HTTP: push callbacks posted to the real webhook, kept in the history
// database (PostgreSQL and PGlite), read back per recipient with filters, keyset pages, a summary and the
// recipients with rejected tokens; replays counted once; bad pages refused. No upstream call but Recipient.trace.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memberPushEvent, postMemberPush, startStack, type Stack } from './helpers.js';
import { createPgDatabase, type TestDatabase } from './history-helpers.js';

const TOKEN = 'recipients-callback-token';

type Wire = Record<string, unknown>;
const event = memberPushEvent;

/** Recipients with known results: their events, and what each should read as. */
function recipientsOf(task: string): Wire[] {
  return [
    // Clicked on APNs.
    event(task, 'u-clicked', 1, 1),
    event(task, 'u-clicked', 1, 2),
    event(task, 'u-clicked', 1, 3),
    // APNs refused the token: failed, and a token to drop.
    event(task, 'u-dead-token', 1, 1, 400, 'BadDeviceToken'),
    // Two devices: FCM refused the token, Huawei delivered; the best of them is DELIVERED.
    event(task, 'u-two-devices', 4, 1, 404, 'UNREGISTERED'),
    event(task, 'u-two-devices', 3, 1),
    event(task, 'u-two-devices', 3, 2),
    // Sent on Xiaomi, nothing more yet.
    event(task, 'u-pending', 2, 1),
    // Both devices failed.
    event(task, 'u-all-failed', 6, 1, 10_000, 'unknown reason'),
    event(task, 'u-all-failed', 7, 2, 10_001, 'another'),
  ];
}

const post = (stack: Stack, events: Wire[]) => postMemberPush(stack.url.replace(/\/graphql$/, ''), TOKEN, events);

interface Node {
  account: string;
  result: string;
  failedStage: string | null;
  devices: {
    platform: string;
    stage: string;
    status: string;
    errorCode: number;
    diagnosis: { class: string } | null;
  }[];
}
interface Page {
  totalCount: number;
  edges: { cursor: string; node: Node }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const RECIPIENTS = `query ($id: ID!, $filter: RecipientFilter, $first: Int, $after: String) {
  task(id: $id) { recipients(filter: $filter, first: $first, after: $after) { totalCount
    edges { cursor node { account result failedStage devices { platform stage status errorCode diagnosis { class } } } }
    pageInfo { hasNextPage endCursor } } } }`;

function suite(name: string, env: () => Record<string, string>) {
  describe(`recipients on ${name}`, () => {
    let stack: Stack;
    const task = `task-${name}`;
    const page = async (variables: Record<string, unknown>) =>
      (await stack.data<{ task: { recipients: Page } }>(RECIPIENTS, { id: task, ...variables })).task.recipients;

    beforeAll(async () => {
      stack = await startStack({ env: { ...env(), TIM_CALLBACK_TOKEN: TOKEN } });
      await stack.gateway.runtime.history!.ready;
      // Acknowledged once kept: the webhook's 200 means they are in the database.
      expect(await post(stack, recipientsOf(task))).toBe(200);
    });
    afterAll(() => stack?.close());

    it('keeps every recipient with its result, the best over its devices', async () => {
      const all = await page({ first: 100 });
      expect(all.totalCount).toBe(5);
      const results = Object.fromEntries(all.edges.map((e) => [e.node.account, e.node.result]));
      expect(results).toEqual({
        'u-all-failed': 'FAILED',
        'u-clicked': 'CLICKED',
        'u-dead-token': 'FAILED',
        'u-pending': 'PENDING',
        'u-two-devices': 'DELIVERED',
      });
      const dead = all.edges.find((e) => e.node.account === 'u-dead-token')!.node;
      expect(dead.failedStage).toBe('SENT');
      expect(dead.devices).toEqual([
        { platform: 'APNS', stage: 'SENT', status: 'FAILURE', errorCode: 400, diagnosis: { class: 'TOKEN_INVALID' } },
      ]);
      const two = all.edges.find((e) => e.node.account === 'u-two-devices')!.node;
      expect(two.failedStage).toBeNull();
      // Failed devices first: what a reader of a recipient looks for.
      expect(two.devices.map((d) => [d.platform, d.stage, d.status])).toEqual([
        ['FCM', 'SENT', 'FAILURE'],
        ['HUAWEI', 'DELIVERED', 'SUCCESS'],
      ]);
      // Nothing was asked of the upstream about this task (the collector's own visit asks overall figures).
      expect(stack.emulator.calls.filter((c) => JSON.stringify(c.body).includes(task))).toEqual([]);
    });

    it('filters by result, and by class, channel and code on one device', async () => {
      const accounts = async (filter: Record<string, unknown>) =>
        (await page({ filter, first: 100 })).edges.map((e) => e.node.account);
      expect(await accounts({ result: ['FAILED'] })).toEqual(['u-all-failed', 'u-dead-token']);
      expect(await accounts({ result: ['CLICKED', 'DELIVERED'] })).toEqual(['u-clicked', 'u-two-devices']);
      // A device of the recipient matching them all: FCM's rejected token belongs to a delivered recipient.
      expect(await accounts({ class: ['TOKEN_INVALID'] })).toEqual(['u-dead-token', 'u-two-devices']);
      expect(await accounts({ class: ['TOKEN_INVALID'], platform: ['APNS'] })).toEqual(['u-dead-token']);
      expect(await accounts({ class: ['TOKEN_INVALID'], platform: ['HUAWEI'] })).toEqual([]);
      expect(await accounts({ errorCode: 404 })).toEqual(['u-two-devices']);
      expect(await accounts({ account: 'u-pending' })).toEqual(['u-pending']);
      expect((await page({ filter: { result: ['FAILED'] }, first: 1 })).totalCount).toBe(2);
      expect((await page({ filter: { platform: ['APNS'] }, first: 1 })).totalCount).toBe(2);
    });

    it('pages through every recipient once, by account', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let pages = 0; pages < 10; pages++) {
        const p: Page = await page({ first: 2, after });
        seen.push(...p.edges.map((e) => e.node.account));
        if (!p.pageInfo.hasNextPage) break;
        after = p.pageInfo.endCursor;
      }
      expect(seen).toEqual(['u-all-failed', 'u-clicked', 'u-dead-token', 'u-pending', 'u-two-devices']);
    });

    it('sums them up by result, class and channel, and counts a replay once', async () => {
      const SUMMARY = `query ($id: ID!) { task(id: $id) { recipientSummary { total byResult { result count }
        byClass { class count } byPlatform { platform result count } } } }`;
      const read = async () =>
        (
          await stack.data<{
            task: {
              recipientSummary: {
                total: number;
                byResult: { result: string; count: number }[];
                byClass: { class: string; count: number }[];
                byPlatform: { platform: string; result: string; count: number }[];
              };
            };
          }>(SUMMARY, { id: task })
        ).task.recipientSummary;
      const first = await read();
      expect(first.total).toBe(5);
      expect(first.byResult).toEqual([
        { result: 'CLICKED', count: 1 },
        { result: 'DELIVERED', count: 1 },
        { result: 'PENDING', count: 1 },
        { result: 'FAILED', count: 2 },
      ]);
      expect(first.byClass).toEqual([
        { class: 'TOKEN_INVALID', count: 2 },
        { class: 'UNKNOWN', count: 1 },
      ]);
      expect(first.byPlatform).toContainEqual({ platform: 'APNS', result: 'FAILED', count: 1 });
      expect(first.byPlatform).toContainEqual({ platform: 'HUAWEI', result: 'DELIVERED', count: 1 });
      // Tencent replays within its window: the same events again change nothing.
      expect(await post(stack, recipientsOf(task))).toBe(200);
      expect(await read()).toEqual(first);
    });

    it('lists the recipients whose tokens a vendor rejected, newest first', async () => {
      const r = await stack.data<{ invalidTokens: Page }>(
        `{ invalidTokens(first: 10) { totalCount edges { node { account result } } } }`,
      );
      expect(r.invalidTokens.edges.map((e) => e.node.account).sort()).toEqual(['u-dead-token', 'u-two-devices']);
      expect(r.invalidTokens.totalCount).toBe(2);
      const apns = await stack.data<{ invalidTokens: Page }>(
        `{ invalidTokens(platform: [APNS], since: "2020-01-01T00:00:00Z") { edges { node { account } } } }`,
      );
      expect(apns.invalidTokens.edges.map((e) => e.node.account)).toEqual(['u-dead-token']);
    });

    it("asks the upstream only for a recipient's trace, when selected", async () => {
      stack.emulator.reset();
      const r = await stack.data<{ task: { recipients: { edges: { node: { trace: { userId: string } } }[] } } }>(
        `query ($id: ID!) { task(id: $id) { recipients(filter: { account: "u-clicked" }) { edges { node { trace { userId } } } } } }`,
        { id: task },
      );
      expect(r.task.recipients.edges[0]!.node.trace.userId).toBe('u-clicked');
      expect(stack.emulator.callsTo('all_member_push_trace')).toHaveLength(1);
    });

    it('exports them as CSV, one row per device with what its code means, and as NDJSON, filtered', async () => {
      const base = stack.url.replace(/\/graphql$/, '');
      const csv = await fetch(`${base}/exports/tasks/${task}/recipients.csv`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = (await csv.text()).trim().split('\n');
      expect(lines[0]).toBe(
        'account,result,failed_stage,platform,event_type,stage,status,code,error_info,class,meaning,remedy,time',
      );
      // 5 recipients, 7 devices.
      expect(lines).toHaveLength(1 + 7);
      const dead = lines.find((l) => l.startsWith('u-dead-token,'))!;
      expect(dead).toMatch(/^u-dead-token,FAILED,SENT,APNS,OFFLINE,SENT,FAILURE,400,BadDeviceToken,TOKEN_INVALID,/);

      const filtered = await fetch(
        `${base}/exports/tasks/${task}/recipients.ndjson?result=FAILED&class=TOKEN_INVALID&platform=APNS`,
      );
      const rows = (await filtered.text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { account: string; devices: unknown[] });
      expect(rows.map((r) => r.account)).toEqual(['u-dead-token']);

      const invalid = (await (await fetch(`${base}/exports/invalid-tokens.csv`)).text()).trim().split('\n');
      expect(invalid[0]!.startsWith('task_id,push_id,account,')).toBe(true);
      expect(
        invalid
          .slice(1)
          .map((l) => l.split(',')[2])
          .sort(),
      ).toEqual(['u-dead-token', 'u-two-devices', 'u-two-devices']);

      const bad = await fetch(`${base}/exports/tasks/${task}/recipients.csv?result=LOST`);
      expect(bad.status).toBe(400);
    });

    it('refuses page sizes over 1,000, below 1, and cursors it did not issue, before reading anything', async () => {
      for (const first of [0, 1001]) {
        const r = await stack.gql(RECIPIENTS, { id: task, first });
        expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'first' });
      }
      const bad = await stack.gql(RECIPIENTS, { id: task, after: 'not-a-cursor' });
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
      // The shape of an invalidTokens cursor, its time not a time: refused, not handed to the database.
      const forged = Buffer.from(JSON.stringify(['yesterday', 'task', task, 'u1'])).toString('base64url');
      const badTime = await stack.gql(`query ($after: String) { invalidTokens(after: $after) { totalCount } }`, {
        after: forged,
      });
      expect(badTime.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
      const badFilter = await stack.gql(RECIPIENTS, { id: task, filter: { result: ['LOST'] } });
      expect(badFilter.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    });
  });
}

let database: TestDatabase;
beforeAll(async () => (database = await createPgDatabase()));
afterAll(() => database?.drop());

suite('PostgreSQL', () => ({
  HISTORY_ENABLED: 'true',
  DATABASE_URL: database.url,
  HISTORY_COLLECT_INTERVAL_SECONDS: '3600',
}));
suite('PGlite', () => ({ HISTORY_ENABLED: 'true', HISTORY_COLLECT_INTERVAL_SECONDS: '3600' }));

describe('recipient exports with client authentication', () => {
  const READER = 'exports-reader-key-0123456789';
  const PUSHER = 'exports-pusher-key-0123456789';
  let stack: Stack;
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createPgDatabase();
    stack = await startStack({
      env: {
        HISTORY_ENABLED: 'true',
        DATABASE_URL: db.url,
        HISTORY_COLLECT_INTERVAL_SECONDS: '3600',
        TIM_CALLBACK_TOKEN: TOKEN,
        GATEWAY_ALLOW_ANONYMOUS: 'false',
        GATEWAY_API_KEYS: `${READER}=stats:read,${PUSHER}=push:send`,
      },
    });
    await stack.gateway.runtime.history!.ready;
    expect(await post(stack, recipientsOf('task-auth'))).toBe(200);
  });
  afterAll(async () => {
    await stack?.close();
    await db?.drop();
  });

  it('asks for the same credentials and scopes as the API: 401 without, 403 without stats:read', async () => {
    const url = stack.url.replace(/\/graphql$/, '/exports/tasks/task-auth/recipients.csv');
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { 'x-api-key': 'not-a-key-0123456789' } })).status).toBe(401);
    expect((await fetch(url, { headers: { 'x-api-key': PUSHER } })).status).toBe(403);
    const ok = await fetch(url, { headers: { 'x-api-key': READER } });
    expect(ok.status).toBe(200);
    expect((await ok.text()).trim().split('\n')).toHaveLength(8);
  });
});

describe('recipient retention', () => {
  it('drops the days older than RECIPIENT_RETENTION_DAYS whole, at the collector’s visit', async () => {
    const db = await createPgDatabase();
    let shift = -40 * 86_400_000;
    const stack = await startStack({
      env: {
        HISTORY_ENABLED: 'true',
        DATABASE_URL: db.url,
        HISTORY_COLLECT_INTERVAL_SECONDS: '1',
        RECIPIENT_RETENTION_DAYS: '30',
        TIM_CALLBACK_TOKEN: TOKEN,
      },
      history: { now: () => Date.now() + shift },
    });
    try {
      await stack.gateway.runtime.history!.ready;
      // Kept 40 days ago (the gateway's clock), in that day's partition.
      expect(await post(stack, recipientsOf('task-old'))).toBe(200);
      const count = async () =>
        (
          await stack.data<{ task: { recipients: { totalCount: number } } }>(
            `{ task(id: "task-old") { recipients(first: 1) { totalCount } } }`,
          )
        ).task.recipients.totalCount;
      expect(await count()).toBe(5);
      const partitions = async () =>
        (
          await stack.gateway.runtime
            .history!.over((h) => h)()
            .then((h) =>
              h.rows<{ n: number }>(
                sql`select count(*)::int as n from pg_inherits i join pg_class p on p.oid = i.inhparent where p.relname = 'recipients'`,
              ),
            )
        )[0]!.n;
      expect(await partitions()).toBe(1);
      shift = 0;
      await stack.gateway.runtime.history!.collector!.nextVisit();
      await stack.gateway.runtime.history!.collector!.nextVisit();
      expect(await count()).toBe(0);
      expect(await partitions()).toBe(0);
    } finally {
      await stack.close();
      await db.drop();
    }
  }, 30_000);
});

describe('recipient partitions', () => {
  it('keep their statistics as they fill, so a batch reads its recipients by the primary key', async () => {
    const db = await createPgDatabase();
    const stack = await startStack({
      env: { HISTORY_ENABLED: 'true', DATABASE_URL: db.url, TIM_CALLBACK_TOKEN: TOKEN },
    });
    try {
      await stack.gateway.runtime.history!.ready;
      for (let batch = 0; batch < 11; batch++) {
        const events = Array.from({ length: 100 }, (_, i) => event('task-filling', `a${batch * 100 + i}`, 1, 1));
        expect(await post(stack, events)).toBe(200);
      }
      const handle = await stack.gateway.runtime.history!.over((h) => h)();
      // Analysed after the batch's commit, in the background: PostgreSQL's own count of the partition's rows.
      const analysed = async () =>
        (
          await handle.rows<{ tuples: number }>(
            sql`select c.reltuples::int as tuples from pg_inherits i join pg_class c on c.oid = i.inhrelid
              join pg_class p on p.oid = i.inhparent where p.relname = 'recipients'`,
          )
        )[0]?.tuples ?? -1;
      await expect.poll(analysed, { timeout: 5_000 }).toBeGreaterThanOrEqual(1_000);
    } finally {
      await stack.close();
      await db.drop();
    }
  }, 30_000);
});

describe('recipients written side by side', () => {
  it('by two replicas, each in two lanes, fold every event of the same recipients and sum them once', async () => {
    const db = await createPgDatabase();
    const env = {
      HISTORY_ENABLED: 'true',
      DATABASE_URL: db.url,
      TIM_CALLBACK_TOKEN: TOKEN,
      HISTORY_COLLECT_INTERVAL_SECONDS: '3600',
    };
    const [a, b] = await Promise.all([startStack({ env }), startStack({ env })]);
    try {
      await Promise.all([a.gateway.runtime.history!.ready, b.gateway.runtime.history!.ready]);
      // 300 recipients with 4 devices each, sent then delivered: every device's two events go to different
      // replicas, in an order of their own, so each replica's two lanes and the other replica's write the same
      // recipients at the same time.
      const accounts = Array.from({ length: 300 }, (_, i) => `side-${i}`);
      const toA: Wire[] = [];
      const toB: Wire[] = [];
      for (const [i, account] of accounts.entries())
        for (const platform of [1, 2, 3, 4]) {
          const [sent, delivered] = [
            event('task-side', account, platform, 1),
            event('task-side', account, platform, 2),
          ];
          (i % 2 ? toA : toB).push(sent);
          (i % 2 ? toB : toA).push(delivered);
        }
      const inParallel = (stack: Stack, events: Wire[]) =>
        Promise.all(
          Array.from({ length: 6 }, (_, k) =>
            post(
              stack,
              events.filter((_, j) => Math.floor(j / 100) % 6 === k),
            ),
          ),
        );
      const statuses = await Promise.all([inParallel(a, toA), inParallel(b, toB.reverse())]);
      expect(statuses.flat().every((s) => s === 200)).toBe(true);

      const all: Node[] = [];
      for (let after: string | null = null; ;) {
        const p: Page = (
          await a.data<{ task: { recipients: Page } }>(RECIPIENTS, { id: 'task-side', first: 1000, after })
        ).task.recipients;
        all.push(...p.edges.map((e) => e.node));
        if (!p.pageInfo.hasNextPage) break;
        after = p.pageInfo.endCursor;
      }
      expect(all).toHaveLength(300);
      for (const r of all) {
        expect(r.result).toBe('DELIVERED');
        expect(r.devices.map((d) => d.stage)).toEqual(['DELIVERED', 'DELIVERED', 'DELIVERED', 'DELIVERED']);
      }
      const { recipientSummary } = (
        await b.data<{ task: { recipientSummary: { total: number; byResult: { result: string; count: number }[] } } }>(
          `query { task(id: "task-side") { recipientSummary { total byResult { result count } } } }`,
        )
      ).task;
      expect(recipientSummary.total).toBe(300);
      expect(recipientSummary.byResult.filter((r) => r.count !== 0)).toEqual([{ result: 'DELIVERED', count: 300 }]);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await db.drop();
    }
  }, 60_000);
});
