// Pacing at the documented 1 call/s, read from the emulator's record; deadlines; streaming as slots come.
import { afterEach, describe, expect, it } from 'vitest';
import { startStack, streamAt, type Stack } from './helpers.js';

let stack: Stack | undefined;
afterEach(() => stack?.close());

const gaps = (times: number[]) => times.slice(1).map((t, i) => t - times[i]!);

describe('quota scheduler', () => {
  it('spaces calls to one API at least 1 s apart, with no violation, while other APIs run in parallel', async () => {
    stack = await startStack({ realQuota: true });
    const started = Date.now();
    const { errors } = await stack.gql(`{
      task(id: "paced") { traces(userIds: ["a", "b", "c", "d"]) { userId } loss { total } }
      p1: push(id: "p1") { traces { instanceId } }
      p2: push(id: "p2") { traces { instanceId } }
    }`);
    const wall = Date.now() - started;
    expect(errors).toBeUndefined();
    const traces = stack.emulator.callsTo('all_member_push_trace').map((c) => c.at);
    expect(traces).toHaveLength(4);
    for (const gap of gaps(traces)) expect(gap).toBeGreaterThanOrEqual(1000);
    expect(gaps(stack.emulator.callsTo('normal_push_trace').map((c) => c.at))[0]).toBeGreaterThanOrEqual(1000);
    expect(stack.emulator.quotaViolations()).toBe(0);
    // APIs in parallel: the 4 traces bound the wall time (3 gaps), not the sum of all 7 calls.
    expect(wall).toBeLessThan(3 * 1050 + 800);
    const firstOfEach = ['all_member_push_trace', 'normal_push_trace', 'all_member_push_loss'].map(
      (api) => stack!.emulator.callsTo(api as 'batch')[0]!.at - started,
    );
    for (const t of firstOfEach) expect(t).toBeLessThan(500);
  });

  it('fails what cannot start before its deadline with RATE_LIMITED, and still breaks no quota', async () => {
    // Room for the second call to leave late on a busy machine (its slot is 1.05 s out), none for the third (2.1 s).
    stack = await startStack({ realQuota: true, env: { QUOTA_DEADLINE_MS: '1800' } });
    const { data, errors } = await stack.gql<{ task: { traces: unknown[] } }>(
      `{ task(id: "deadline") { traces(userIds: ["a", "b", "c", "d"]) { userId } } }`,
    );
    expect(data!.task.traces.slice(0, 2)).toEqual([{ userId: 'a' }, { userId: 'b' }]);
    expect(data!.task.traces.slice(2)).toEqual([null, null]);
    expect(errors!.map((e) => e.extensions!.code)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    expect(errors![0]!.message).toMatch(/quota has no free slot within 2 s/);
    expect(stack.emulator.callsTo('all_member_push_trace')).toHaveLength(2);
    expect(stack.emulator.quotaViolations()).toBe(0);
  });

  it('gives a streamed item that misses its deadline the same RATE_LIMITED code', async () => {
    stack = await startStack({ realQuota: true, env: { QUOTA_DEADLINE_MS: '1800' } });
    const payloads = await streamAt(
      stack.url,
      `{ task(id: "deadline-streamed") { traces(userIds: ["a", "b", "c", "d"]) @stream(initialCount: 0) { userId } } }`,
    );
    const errors = payloads.flatMap((p) => (p.payload.incremental ?? []).flatMap((part) => part.errors ?? []));
    expect(errors.map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
  });
});

describe('@stream on Task.traces', () => {
  it('delivers the first trace before the last upstream call is made', async () => {
    stack = await startStack({ realQuota: true });
    const started = Date.now();
    const payloads = await streamAt(
      stack.url,
      `{ task(id: "streamed") { traces(userIds: ["s1", "s2", "s3", "s4"]) @stream(initialCount: 0) { userId instances { instanceId } } } }`,
    );
    const items = payloads.flatMap((p) =>
      (p.payload.incremental ?? []).flatMap((inc) =>
        (inc.items ?? []).map((item) => ({ at: p.at, item: item as { userId: string } })),
      ),
    );
    expect(items.map((i) => i.item.userId)).toEqual(['s1', 's2', 's3', 's4']);
    const calls = stack.emulator.callsTo('all_member_push_trace');
    expect(calls).toHaveLength(4);
    expect(items[0]!.at).toBeLessThan(calls.at(-1)!.at);
    expect(items[0]!.at - started).toBeLessThan(1000);
    // Then about one per second, as the quota allows.
    for (const gap of gaps(items.map((i) => i.at))) expect(gap).toBeGreaterThan(800);
  });

  it('defers a slow field while the fast one answers at once', async () => {
    stack = await startStack({ realQuota: true });
    const payloads = await streamAt(
      stack.url,
      `{ task(id: "deferred") { id ... @defer { a: trace(userId: "x") { userId } b: trace(userId: "y") { userId } } } }`,
    );
    expect(payloads[0]!.payload.data).toEqual({ task: { id: 'deferred' } });
    expect(payloads.at(-1)!.payload.incremental?.[0]?.data).toEqual({ a: { userId: 'x' }, b: { userId: 'y' } });
    expect(payloads.at(-1)!.at - payloads[0]!.at).toBeGreaterThan(900);
  });
});
