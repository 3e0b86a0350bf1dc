// The upstream scheduler across requests: coalescing at the quota queue, the per-key cache, turns between
// requests and lanes, read from the emulator's call record.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { gqlAt, startStack, type Stack } from './helpers.js';

let stack: Stack | undefined;
afterEach(async () => {
  await stack?.close();
  stack = undefined;
});

const R = { from: '2025-03-05T00:00:00Z', to: '2025-03-06T00:00:00Z' };
const lossOf = (taskId: string) =>
  `{ task(id: "${taskId}") { loss(range: { from: "${R.from}", to: "${R.to}" }) { taskId total } } }`;
const taskIdsOf = (calls: { body: unknown }[]) => calls.map((c) => (c.body as { TaskID: string[] }).TaskID);

/** A stack whose gateway allows `rate` trace calls per second (the emulator does not limit them). */
const slowTraces = (rate: number) =>
  startStack({
    env: { QUOTA_RATES: `all_member_push_trace=${rate}` },
    emulator: { rates: { all_member_push_trace: 1000 } },
  });

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(5);
  }
}

describe('coalescing at the quota queue', () => {
  it('answers 10 concurrent one-task loss requests with at most 2 upstream calls, about one interval apart', async () => {
    stack = await startStack({ realQuota: true });
    const url = stack.url;
    // An earlier request holds this second's slot, so all ten wait for the next one whatever the machine's load
    // (with a free slot, the first call carries what arrived within UPSTREAM_COALESCE_MS: on a loaded machine, fewer).
    const earlier = gqlAt(url, lossOf('earlier'));
    await until(() => stack!.emulator.callsTo('all_member_push_loss').length === 1);
    const started = Date.now();
    const done: number[] = [];
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        gqlAt<{ task: { loss: { taskId: string } } }>(url, lossOf(`one-${i}`)).then((r) => {
          done.push(Date.now() - started);
          return r;
        }),
      ),
    );
    answers.forEach((r, i) => {
      expect(r.errors).toBeUndefined();
      expect(r.data!.task.loss.taskId).toBe(`one-${i}`);
    });
    expect((await earlier).errors).toBeUndefined();
    const calls = stack.emulator.callsTo('all_member_push_loss').slice(1);
    expect(calls.length).toBeLessThanOrEqual(2);
    expect(taskIdsOf(calls).flat().sort()).toEqual(Array.from({ length: 10 }, (_, i) => `one-${i}`).sort());
    expect(Math.max(...done) - Math.min(...done)).toBeLessThan(1600);
    expect(stack.emulator.quotaViolations()).toBe(0);
  });

  it('coalesces statistics like loss: 10 concurrent one-task requests, at most 2 calls', async () => {
    stack = await startStack({ realQuota: true });
    const url = stack.url;
    const statsOf = (taskId: string) =>
      `{ task(id: "${taskId}") { stats(range: { from: "${R.from}", to: "${R.to}" }) { taskId total } } }`;
    const earlier = gqlAt(url, statsOf('earlier'));
    await until(() => stack!.emulator.callsTo('all_member_push_statistics').length === 1);
    const answers = await Promise.all(
      Array.from({ length: 10 }, (_, i) => gqlAt<{ task: { stats: { taskId: string } } }>(url, statsOf(`st-${i}`))),
    );
    expect((await earlier).errors).toBeUndefined();
    answers.forEach((r, i) => {
      expect(r.errors).toBeUndefined();
      expect(r.data!.task.stats.taskId).toBe(`st-${i}`);
    });
    const calls = stack.emulator.callsTo('all_member_push_statistics').slice(1);
    expect(calls.length).toBeLessThanOrEqual(2);
    expect(taskIdsOf(calls).flat().sort()).toEqual(Array.from({ length: 10 }, (_, i) => `st-${i}`).sort());
    expect(stack.emulator.quotaViolations()).toBe(0);
    // Kept per key: another request for some of them asks the upstream for nothing.
    stack.emulator.reset();
    const again = await gqlAt<{ task: { stats: { taskId: string } } }>(url, statsOf('st-3'));
    expect(again.data!.task.stats.taskId).toBe('st-3');
    expect(stack.emulator.calls).toHaveLength(0);
  });

  it('makes the same intent asked by many requests at once one call', async () => {
    stack = await startStack();
    const q = `{ push(id: "many-ask") { traces { instanceId } } task(id: "many") { trace(userId: "u") { userId } } }`;
    const answers = await Promise.all(Array.from({ length: 8 }, () => stack!.gql(q)));
    for (const r of answers) expect(r.data).toEqual(answers[0]!.data);
    expect(stack.emulator.callsTo('normal_push_trace')).toHaveLength(1);
    expect(stack.emulator.callsTo('all_member_push_trace')).toHaveLength(1);
  });
});

describe('per-key cache', () => {
  it('asks only for the tasks a later request is missing: 3–9 after 1–7 is one call for 8 and 9', async () => {
    stack = await startStack();
    const tasks = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `k${from + i}`);
    const q = `query($ids: [ID!]!) { tasks(ids: $ids) { loss(range: { from: "${R.from}", to: "${R.to}" }) { taskId total } } }`;
    type Tasks = { tasks: { loss: { taskId: string; total: number } }[] };
    const first = await stack.gql<Tasks>(q, { ids: tasks(1, 7) });
    expect(first.errors).toBeUndefined();
    expect(stack.emulator.callsTo('all_member_push_loss')).toHaveLength(2);
    stack.emulator.reset();
    const second = await stack.gql<Tasks>(q, { ids: tasks(3, 9) });
    expect(second.data!.tasks.map((t) => t.loss.taskId)).toEqual(tasks(3, 9));
    // The answers for 3–7 are the ones the first request was given.
    expect(second.data!.tasks.slice(0, 5)).toEqual(first.data!.tasks.slice(2));
    expect(taskIdsOf(stack.emulator.callsTo('all_member_push_loss'))).toEqual([['k8', 'k9']]);
  });

  it('keeps a task missing from Results as an empty report, without asking again', async () => {
    stack = await startStack();
    await stack.gql(
      `{ tasks(ids: ["none-a", "kept"]) { loss(range: { from: "${R.from}", to: "${R.to}" }) { total } } }`,
    );
    stack.emulator.reset();
    const again = await stack.gql<{ task: { loss: { total: number } } }>(lossOf('none-a'));
    expect(again.data!.task.loss.total).toBe(0);
    expect(stack.emulator.calls).toHaveLength(0);
  });

  it('answers the default range from the cache within one window step', async () => {
    stack = await startStack();
    const q = `{ task(id: "dashboard") { loss { from to total } } }`;
    type Dashboard = { task: { loss: { from: string; to: string; total: number } } };
    const first = await stack.gql<Dashboard>(q);
    const second = await stack.gql<Dashboard>(q);
    expect(second.data).toEqual(first.data);
    expect(stack.emulator.callsTo('all_member_push_loss').length).toBeLessThanOrEqual(
      // A step boundary may fall between the two requests.
      Date.parse(first.data!.task.loss.to) === Date.parse(second.data!.task.loss.to) ? 1 : 2,
    );
  });
});

describe('turns and lanes', () => {
  it("serves another request's single trace within a few slots of one request's 20", async () => {
    stack = await slowTraces(5);
    const users = Array.from({ length: 20 }, (_, i) => `heavy-${i}`);
    const heavy = stack.gql(`query($u: [ID!]!) { task(id: "fair") { traces(userIds: $u) { userId } } }`, { u: users });
    await until(() => stack!.emulator.callsTo('all_member_push_trace').length >= 1);
    const asked = Date.now();
    const light = await stack.gql<{ task: { trace: { userId: string } } }>(
      `{ task(id: "fair") { trace(userId: "light") { userId } } }`,
    );
    const waited = Date.now() - asked;
    expect(light.data!.task.trace.userId).toBe('light');
    const order = stack.emulator.callsTo('all_member_push_trace').map((c) => (c.body as { UserID: string }).UserID);
    expect(order.indexOf('light')).toBeGreaterThanOrEqual(1);
    expect(order.indexOf('light')).toBeLessThanOrEqual(2);
    // Behind all 20 it would wait about 4 s at 5 calls/s.
    expect(waited).toBeLessThan(1500);
    await heavy;
  }, 20_000);

  it('lets background work use only the slots no interactive request asked for', async () => {
    stack = await slowTraces(5);
    const background = stack.gateway.runtime.pushApi('background');
    const collected = ['bg-0', 'bg-1', 'bg-2', 'bg-3'].map((u) => background.taskTrace('lanes', u));
    await until(() => stack!.emulator.callsTo('all_member_push_trace').length >= 1);
    const r = await stack.gql(`{ task(id: "lanes") { traces(userIds: ["fg-0", "fg-1"]) { userId } } }`);
    expect(r.errors).toBeUndefined();
    await Promise.all(collected);
    const order = stack.emulator.callsTo('all_member_push_trace').map((c) => (c.body as { UserID: string }).UserID);
    expect(order).toEqual(['bg-0', 'fg-0', 'fg-1', 'bg-1', 'bg-2', 'bg-3']);
  }, 20_000);

  it('lifts background work to the interactive lane when a request asks for the same thing', async () => {
    stack = await slowTraces(5);
    const background = stack.gateway.runtime.pushApi('background');
    const collected = ['bg-0', 'bg-1', 'bg-2', 'shared'].map((u) => background.taskTrace('lift', u));
    await until(() => stack!.emulator.callsTo('all_member_push_trace').length >= 1);
    const r = await stack.gql<{ task: { trace: { userId: string } } }>(
      `{ task(id: "lift") { trace(userId: "shared") { userId } } }`,
    );
    expect(r.data!.task.trace.userId).toBe('shared');
    await Promise.all(collected);
    const order = stack.emulator.callsTo('all_member_push_trace').map((c) => (c.body as { UserID: string }).UserID);
    expect(order).toEqual(['bg-0', 'shared', 'bg-1', 'bg-2']);
  }, 20_000);
});

describe('a client that goes away', () => {
  const usersOf = () =>
    stack!.emulator.callsTo('all_member_push_trace').map((c) => (c.body as { UserID: string }).UserID);

  /** Sends an operation and aborts it after `ms`, reading whatever arrives until then. */
  async function abortAfter(query: string, ms: number, accept = 'text/event-stream'): Promise<void> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), ms);
    try {
      const res = await fetch(stack!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: JSON.stringify({ query }),
        signal: controller.signal,
      });
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) void chunk;
    } catch (error) {
      expect((error as Error).name).toBe('AbortError');
    } finally {
      clearTimeout(timer);
    }
    expect(controller.signal.aborted).toBe(true);
  }

  it('leaves the quota queue: an aborted 5-user stream makes no more calls, the next request does not wait', async () => {
    stack = await slowTraces(2);
    const users = ['gone-0', 'gone-1', 'gone-2', 'gone-3', 'gone-4'];
    await abortAfter(
      `{ task(id: "gone") { traces(userIds: ${JSON.stringify(users)}) @stream(initialCount: 0) { userId } } }`,
      300,
    );
    const atAbort = usersOf().length;
    const asked = Date.now();
    const next = await stack.gql<{ task: { trace: { userId: string } } }>(
      `{ task(id: "gone") { trace(userId: "next") { userId } } }`,
    );
    const waited = Date.now() - asked;
    expect(next.data!.task.trace.userId).toBe('next');
    // Three intervals later: the abandoned users' calls never came, save the one that was in flight.
    await sleep(1500);
    const called = usersOf().filter((u) => u !== 'next');
    expect(called.length).toBeLessThanOrEqual(atAbort + 1);
    expect(called).toEqual(users.slice(0, called.length));
    expect(usersOf().filter((u) => u === 'next')).toHaveLength(1);
    // Behind the 3 or 4 abandoned calls it would wait 1.5 to 2 s at 2 calls/s; its own slot is 0.5 s away at most.
    expect(waited).toBeLessThan(1200);
  }, 20_000);

  it('keeps an intent another request also waits for: called once, answered to the one still there', async () => {
    stack = await slowTraces(2);
    // The first slot goes to this one; what follows waits for the next.
    const first = stack.gql(`{ task(id: "shared-gone") { trace(userId: "first") { userId } } }`);
    await until(() => usersOf().length >= 1);
    const staying = stack.gql<{ task: { trace: { userId: string } } }>(
      `{ task(id: "shared-gone") { trace(userId: "both") { userId } } }`,
    );
    await abortAfter(
      `{ task(id: "shared-gone") { a: trace(userId: "both") { userId } b: trace(userId: "only-gone") { userId } } }`,
      150,
      'application/graphql-response+json',
    );
    expect((await staying).data!.task.trace.userId).toBe('both');
    await first;
    await sleep(1000);
    expect(usersOf()).toEqual(['first', 'both']);
  }, 20_000);
});
