// Task.summary over HTTP: how many were lost, where, why and what to do — its figures and what it costs upstream.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './helpers.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.emulator.reset());

interface Reason {
  stage: string;
  platform: string | null;
  errorCode: string;
  errorInfo: string;
  count: number;
  share: number;
  diagnosis: { class: string; remedy: string | null };
}
interface Summary {
  lossRate: number | null;
  stats: { total: number; byPlatform: { platform: string; total: number; delivered: number }[] };
  loss: { total: number; byPlatform: { platform: string; stage: string; errorCode: string; count: number }[] };
  byPlatform: {
    platform: string;
    sendable: number;
    delivered: number;
    lost: number;
    lossRate: number | null;
    topReason: Reason | null;
  }[];
  topReasons: Reason[];
  all: Reason[];
}

const REASON = 'stage platform errorCode errorInfo count share diagnosis { class remedy }';
const SUMMARY = `summary(range: $range) {
  lossRate
  stats { total byPlatform { platform total delivered } }
  loss { total byPlatform { platform stage errorCode count } }
  byPlatform { platform sendable delivered lost lossRate topReason { ${REASON} } }
  topReasons { ${REASON} }
  all: topReasons(limit: 100) { ${REASON} }
}`;
const RANGE = { from: '2025-03-01T00:00:00Z', to: '2025-03-06T00:00:00Z' };

describe('Task.summary', () => {
  it('sets the loss against the statistics: loss rate, per channel, and the reasons by count', async () => {
    const { data, errors } = await stack.gql<{ tasks: { summary: Summary }[] }>(
      `query($range: TimeRange) { tasks(ids: ["sum-1", "sum-2", "sum-3"]) { ${SUMMARY} } }`,
      { range: RANGE },
    );
    expect(errors).toBeUndefined();
    for (const { summary } of data!.tasks) {
      expect(summary.loss.total).toBeGreaterThan(0);
      expect(summary.lossRate).toBeCloseTo(summary.loss.total / summary.stats.total, 12);

      expect(summary.topReasons.length).toBeLessThanOrEqual(5);
      expect(summary.all.slice(0, 5)).toEqual(summary.topReasons);
      const counts = summary.all.map((r) => r.count);
      expect(counts).toEqual([...counts].sort((a, b) => b - a));
      expect(summary.all.reduce((n, r) => n + r.count, 0)).toBe(
        summary.loss.byPlatform.reduce((n, b) => n + b.count, 0),
      );
      for (const r of summary.all) {
        expect(r.platform).not.toBeNull();
        expect(r.share).toBeCloseTo(r.count / summary.loss.total, 12);
        expect(r.diagnosis.remedy).toBeTruthy();
      }

      for (const p of summary.byPlatform) {
        const rows = summary.stats.byPlatform.filter((r) => r.platform === p.platform);
        const buckets = summary.loss.byPlatform.filter((b) => b.platform === p.platform);
        expect(p.sendable).toBe(rows.reduce((n, r) => n + r.total, 0));
        expect(p.delivered).toBe(rows.reduce((n, r) => n + r.delivered, 0));
        expect(p.lost).toBe(buckets.reduce((n, b) => n + b.count, 0));
        expect(p.lossRate).toBe(p.sendable ? p.lost / p.sendable : null);
        expect(p.topReason).toEqual(summary.all.find((r) => r.platform === p.platform) ?? null);
      }
      const lost = summary.byPlatform.map((p) => p.lost);
      expect(lost).toEqual([...lost].sort((a, b) => b - a));
    }
  });

  it("answers the documented task: its largest reason and that reason's share of the 544 lost", async () => {
    const { data } = await stack.gql<{ task: { summary: Summary } }>(
      `query($range: TimeRange) { task(id: "xxx-yyy-zzz") { ${SUMMARY} } }`,
      { range: RANGE },
    );
    const { summary } = data!.task;
    expect(summary.loss.total).toBe(544);
    expect(summary.topReasons[0]).toMatchObject({
      stage: 'POST_SEND_DELIVERED',
      platform: 'APNS',
      errorCode: '1',
      count: 217,
      share: 217 / 544,
    });
    expect(summary.topReasons.find((r) => r.errorCode === '-1' && r.platform === 'XIAOMI')?.diagnosis.class).toBe(
      'CONFIG',
    );
  });

  it('costs one loss and one statistics call, batched with the other tasks asking for the same window', async () => {
    const ids = Array.from({ length: 7 }, (_, i) => `sum-batch-${i}`);
    const { errors } = await stack.gql(
      `query($ids: [ID!]!, $range: TimeRange) { tasks(ids: $ids) { summary(range: $range) { lossRate topReasons { count } } loss(range: $range) { total } } }`,
      { ids, range: RANGE },
    );
    expect(errors).toBeUndefined();
    const sizes = (api: 'all_member_push_loss' | 'all_member_push_statistics') =>
      stack.emulator
        .callsTo(api)
        .map((c) => (c.body as { TaskID: string[] }).TaskID.length)
        .sort();
    expect(sizes('all_member_push_loss')).toEqual([2, 5]);
    expect(sizes('all_member_push_statistics')).toEqual([2, 5]);
    expect(stack.emulator.calls).toHaveLength(4);

    stack.emulator.reset();
    await stack.gql(`{ task(id: "sum-one") { summary { lossRate } } }`);
    expect(stack.emulator.callsTo('all_member_push_loss')).toHaveLength(1);
    expect(stack.emulator.callsTo('all_member_push_statistics')).toHaveLength(1);
  });

  it('has a null loss rate and no reasons for a task without data', async () => {
    const { data } = await stack.gql<{ task: { summary: Summary } }>(
      `query($range: TimeRange) { task(id: "none-summary") { ${SUMMARY} } }`,
      { range: RANGE },
    );
    expect(data!.task.summary).toMatchObject({ lossRate: null, byPlatform: [], topReasons: [] });
  });

  it('refuses a window over 7 days before any call, and reads a negative limit as 0', async () => {
    const long = await stack.gql(
      `{ task(id: "t") { summary(range: { from: "2025-03-01T00:00:00Z", to: "2025-03-09T00:00:00Z" }) { lossRate } } }`,
    );
    expect(long.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(stack.emulator.calls).toHaveLength(0);
    const limit = await stack.gql<{ task: { summary: { topReasons: unknown[] } } }>(
      `query($range: TimeRange) { task(id: "xxx-yyy-zzz") { summary(range: $range) { topReasons(limit: -1) { count } } } }`,
      { range: RANGE },
    );
    expect(limit.data!.task.summary.topReasons).toEqual([]);
  });

  it('keeps an upstream failure local: the statistics fail, the sibling loss still answers', async () => {
    stack.emulator.inject(
      'all_member_push_statistics',
      { errorCode: 90102 },
      { errorCode: 90102 },
      { errorCode: 90102 },
    );
    const { data, errors } = await stack.gql<{ task: { summary: Summary | null; loss: { total: number } } }>(
      `query($range: TimeRange) { task(id: "sum-fail") { summary(range: $range) { lossRate } loss(range: $range) { total } } }`,
      { range: RANGE },
    );
    expect(errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
    expect(data!.task.summary).toEqual({ lossRate: null });
    expect(data!.task.loss.total).toBeGreaterThan(0);
  });
});
