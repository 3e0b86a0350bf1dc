// Delivery statistics over HTTP: batching, rates, the online row, the receipts flag, window checks, and
// figures consistent with the loss of the same task.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './helpers.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.emulator.reset());

interface Funnel {
  total: number;
  sent: number;
  delivered: number;
  clicked: number;
  sentRate: number | null;
  deliveryRate: number | null;
  clickRate: number | null;
}
interface Row extends Funnel {
  platform: string;
  eventType: string | null;
  deliveryNeedsReceipts: boolean;
}
interface DeliveryStats extends Funnel {
  taskId: string | null;
  from: string;
  to: string;
  byPlatform: Row[];
}

const FUNNEL = 'total sent delivered clicked sentRate deliveryRate clickRate';
const STATS = `taskId from to ${FUNNEL} byPlatform { platform eventType deliveryNeedsReceipts ${FUNNEL} }`;
const RANGE = { from: '2025-03-01T00:00:00Z', to: '2025-03-06T00:00:00Z' };

const ratesOf = (f: Funnel) => ({
  sentRate: f.total ? f.sent / f.total : null,
  deliveryRate: f.sent ? f.delivered / f.sent : null,
  clickRate: f.delivered ? f.clicked / f.delivered : null,
});

describe('Task.stats', () => {
  it("asks for 7 tasks' statistics in 2 upstream calls", async () => {
    const ids = Array.from({ length: 7 }, (_, i) => `stats-${i}`);
    const { data, errors } = await stack.gql<{ tasks: { stats: DeliveryStats }[] }>(
      `query($ids: [ID!]!, $range: StatsRange) { tasks(ids: $ids) { stats(range: $range) { taskId total } again: stats(range: $range) { total } } }`,
      { ids, range: RANGE },
    );
    expect(errors).toBeUndefined();
    expect(data!.tasks.map((t) => t.stats.taskId)).toEqual(ids);
    const calls = stack.emulator.callsTo('all_member_push_statistics');
    expect(calls.map((c) => (c.body as { TaskID: string[] }).TaskID.length).sort()).toEqual([2, 5]);
    expect(stack.emulator.calls).toHaveLength(2);
  });

  it('gives the rates of the funnel, and null rates for a task with no data', async () => {
    const { data } = await stack.gql<{ a: { stats: DeliveryStats }; none: { stats: DeliveryStats } }>(
      `query($range: StatsRange) { a: task(id: "rates-1") { stats(range: $range) { ${STATS} } } none: task(id: "none-1") { stats(range: $range) { ${STATS} } } }`,
      { range: RANGE },
    );
    const { stats } = data!.a;
    expect(stats.total).toBeGreaterThan(0);
    expect(stats).toMatchObject(ratesOf(stats));
    for (const row of stats.byPlatform) expect(row).toMatchObject(ratesOf(row));
    expect(data!.none.stats).toMatchObject({
      taskId: 'none-1',
      total: 0,
      sent: 0,
      sentRate: null,
      deliveryRate: null,
      clickRate: null,
      byPlatform: [],
    });
    expect(stack.emulator.callsTo('all_member_push_statistics')).toHaveLength(1);
  });

  it('keeps the online row apart and flags the channels whose delivery needs receipts', async () => {
    const { data } = await stack.gql<{ tasks: { stats: DeliveryStats }[] }>(
      `{ tasks(ids: ["online-1", "online-2", "online-3", "online-4"]) { stats { ${STATS} } } }`,
    );
    for (const { stats } of data!.tasks) {
      const online = stats.byPlatform.filter((r) => r.eventType === 'ONLINE');
      expect(online).toHaveLength(1);
      expect(online[0]!.platform).toBe('UNKNOWN');
      expect(stats.byPlatform.at(-1)).toEqual(online[0]);
      for (const row of stats.byPlatform) {
        expect(row.deliveryNeedsReceipts).toBe(['HUAWEI', 'HONOR', 'MEIZU'].includes(row.platform));
      }
    }
    const platforms = new Set(data!.tasks.flatMap((t) => t.stats.byPlatform.map((r) => r.platform)));
    expect(platforms.has('HUAWEI') || platforms.has('HONOR') || platforms.has('MEIZU')).toBe(true);
  });

  it("agrees with the task's loss: sent = sendable − ready-to-send loss, delivered = sent − post-send loss", async () => {
    const { data } = await stack.gql<{
      tasks: { loss: Record<'readyToSend' | 'postSendDelivered', { count: number }[]>; stats: DeliveryStats }[];
    }>(
      `query($range: StatsRange, $lossRange: TimeRange) { tasks(ids: ["xxx-yyy-zzz", "agree-1", "agree-2"]) {
        loss(range: $lossRange) { readyToSend { count } postSendDelivered { count } } stats(range: $range) { ${STATS} } } }`,
      { range: RANGE, lossRange: RANGE },
    );
    const sum = (buckets: { count: number }[]) => buckets.reduce((n, b) => n + b.count, 0);
    for (const { loss, stats } of data!.tasks) {
      expect(stats.total - stats.sent).toBe(sum(loss.readyToSend));
      expect(stats.sent - stats.delivered).toBe(sum(loss.postSendDelivered));
    }
  });

  it('defaults to the last 30 days, ending where the loss default ends (DEFAULT_WINDOW_STEP_SECONDS, 300)', async () => {
    const { data } = await stack.gql<{ task: { stats: DeliveryStats } }>(`{ task(id: "d30") { stats { from to } } }`);
    const from = Date.parse(data!.task.stats.from);
    const to = Date.parse(data!.task.stats.to);
    expect(to % 300_000).toBe(0);
    expect(Date.now() - to).toBeLessThan(301_000);
    expect(to - from).toBe(30 * 86_400_000 - 300_000);
    const body = stack.emulator.callsTo('all_member_push_statistics')[0]!.body as { StartTime: number };
    expect(body.StartTime * 1000).toBe(from);
  });
});

describe('Query.pushStats and Query.overallTaskStats', () => {
  it('asks each API once per window and reads the online row of normal_push_statistics', async () => {
    const { data, errors } = await stack.gql<{ pushStats: DeliveryStats; overallTaskStats: DeliveryStats }>(
      `query($range: StatsRange!) { pushStats(range: $range) { ${STATS} } again: pushStats(range: $range) { total } overallTaskStats(range: $range) { ${STATS} } }`,
      { range: { from: '2025-02-01T00:00:00Z', to: '2025-03-03T00:00:00Z' } },
    );
    expect(errors).toBeUndefined();
    expect(data!.pushStats.taskId).toBeNull();
    expect(data!.pushStats.byPlatform.filter((r) => r.eventType === 'ONLINE').map((r) => r.platform)).toEqual([
      'UNKNOWN',
    ]);
    expect(data!.pushStats.byPlatform.filter((r) => r.eventType === null).length).toBeGreaterThan(0);
    expect(data!.overallTaskStats.total).toBeGreaterThan(0);
    expect(stack.emulator.callsTo('normal_push_statistics')).toHaveLength(1);
    expect(stack.emulator.callsTo('all_member_push_statistics')).toHaveLength(1);
    expect((stack.emulator.callsTo('all_member_push_statistics')[0]!.body as { TaskID: string[] }).TaskID).toEqual([]);
  });
});

describe('StatsRange', () => {
  it('refuses a 31-day window or a reversed one with BAD_USER_INPUT and no upstream call', async () => {
    const long = { from: '2025-02-01T00:00:00Z', to: '2025-03-04T00:00:00Z' };
    const reversed = { from: '2025-03-04T00:00:00Z', to: '2025-03-01T00:00:00Z' };
    for (const [query, range] of [
      ['query($r: StatsRange) { task(id: "t") { stats(range: $r) { total } } }', long],
      ['query($r: StatsRange!) { pushStats(range: $r) { total } }', long],
      ['query($r: StatsRange!) { overallTaskStats(range: $r) { total } }', long],
      ['query($r: StatsRange!) { pushStats(range: $r) { total } }', reversed],
    ] as const) {
      const { errors } = await stack.gql(query, { r: range });
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(stack.emulator.calls).toHaveLength(0);
  });

  it('accepts exactly 30 days', async () => {
    const { errors } = await stack.gql(`query($r: StatsRange!) { pushStats(range: $r) { total } }`, {
      r: { from: '2025-02-01T00:00:00Z', to: '2025-03-03T00:00:00Z' },
    });
    expect(errors).toBeUndefined();
  });
});

describe('statistics cache', () => {
  it('answers a repeated query within the TTL with no upstream call', async () => {
    const q = `query($r: StatsRange) { tasks(ids: ["sc-1", "sc-2"]) { stats(range: $r) { total } } }`;
    const first = await stack.gql(q, { r: RANGE });
    expect(stack.emulator.calls).toHaveLength(1);
    expect((await stack.gql(q, { r: RANGE })).data).toEqual(first.data);
    expect(stack.emulator.calls).toHaveLength(1);
  });
});
