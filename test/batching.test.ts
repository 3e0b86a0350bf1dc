// One GraphQL request → the fewest upstream calls, read from the emulator's call record.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './helpers.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.emulator.reset());

const taskIds = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe('Task.loss and Task.trace', () => {
  it("asks for 7 tasks' loss and one user each in 2 loss calls and 7 trace calls", async () => {
    const ids = taskIds(7, 'seven');
    const data = await stack.data<{ tasks: { loss: { taskId: string }; trace: { taskId: string } }[] }>(
      `query($ids: [ID!]!) { tasks(ids: $ids) { id loss { taskId total } trace(userId: "u1") { taskId userId instances { instanceId } } } }`,
      { ids },
    );
    expect(data.tasks.map((t) => t.loss.taskId)).toEqual(ids);
    expect(data.tasks.map((t) => t.trace.taskId)).toEqual(ids);
    const lossCalls = stack.emulator.callsTo('all_member_push_loss');
    expect(lossCalls).toHaveLength(2);
    expect(lossCalls.map((c) => (c.body as { TaskID: string[] }).TaskID.length).sort()).toEqual([2, 5]);
    expect(stack.emulator.callsTo('all_member_push_trace')).toHaveLength(7);
    expect(stack.emulator.calls).toHaveLength(9);
  });

  it('makes ⌈K/5⌉ loss calls for K tasks with the same range, aliases included', async () => {
    const ids = taskIds(23, 'k23');
    await stack.gql(
      `query($ids: [ID!]!) { a: tasks(ids: $ids) { loss { total } } b: tasks(ids: $ids) { again: loss { total } } }`,
      { ids },
    );
    expect(stack.emulator.callsTo('all_member_push_loss')).toHaveLength(5);
  });

  it('asks once per range when tasks ask for different ranges', async () => {
    const q = `{
      a: task(id: "r-1") { loss(range: { from: "2025-03-05T00:00:00Z", to: "2025-03-06T00:00:00Z" }) { total } }
      b: task(id: "r-2") { loss(range: { from: "2025-03-05T00:00:00Z", to: "2025-03-06T00:00:00Z" }) { total } }
      c: task(id: "r-3") { loss(range: { from: "2025-03-06T00:00:00Z", to: "2025-03-07T00:00:00Z" }) { total } }
    }`;
    await stack.gql(q);
    const bodies = stack.emulator
      .callsTo('all_member_push_loss')
      .map((c) => c.body as { TaskID: string[]; StartTime: number });
    expect(bodies).toHaveLength(2);
    expect(bodies.find((b) => b.StartTime === Date.parse('2025-03-05T00:00:00Z') / 1000)!.TaskID).toEqual([
      'r-1',
      'r-2',
    ]);
  });

  it('makes the same (task, user) asked twice in a request one call', async () => {
    const data = await stack.data<{ task: { traces: { userId: string }[] } }>(`{
      task(id: "dup") { a: trace(userId: "u1") { userId } b: trace(userId: "u1") { userId } traces(userIds: ["u1", "u2", "u1"]) { userId } }
      again: task(id: "dup") { trace(userId: "u2") { userId } }
    }`);
    expect(data.task.traces.map((t) => t.userId)).toEqual(['u1', 'u2', 'u1']);
    const calls = stack.emulator.callsTo('all_member_push_trace').map((c) => (c.body as { UserID: string }).UserID);
    expect(calls.sort()).toEqual(['u1', 'u2']);
  });

  it('treats a task missing from Results as an empty report, not an error', async () => {
    const data = await stack.data<{ tasks: { loss: { total: number } }[] }>(
      `{ tasks(ids: ["none-1", "xxx-yyy-zzz"]) { id loss { total readyToSend { count } } } }`,
    );
    expect(data.tasks[0]!.loss).toEqual({ total: 0, readyToSend: [] });
    expect(data.tasks[1]!.loss.total).toBe(544);
    expect(stack.emulator.callsTo('all_member_push_loss')).toHaveLength(1);
  });

  it('defaults the range to the last 7 days, its end rounded down to DEFAULT_WINDOW_STEP_SECONDS (300), starting within them', async () => {
    const data = await stack.data<{ task: { loss: { from: string; to: string } } }>(
      `{ task(id: "range-default") { loss { from to } } }`,
    );
    const from = Date.parse(data.task.loss.from);
    const to = Date.parse(data.task.loss.to);
    expect(to % 300_000).toBe(0);
    // One step short of 7 days: it starts no earlier than 7 days ago, what the upstream still keeps.
    expect(to - from).toBe(7 * 86_400_000 - 300_000);
    expect(from).toBeGreaterThanOrEqual(Date.now() - 7 * 86_400_000);
    expect(Date.now() - to).toBeGreaterThanOrEqual(0);
    expect(Date.now() - to).toBeLessThan(301_000);
  });
});

describe('Push.traces', () => {
  it('makes one normal_push_trace call per distinct PushID', async () => {
    await stack.gql(
      `{ a: push(id: "p1") { traces { instanceId } } b: push(id: "p2") { traces { instanceId } } c: push(id: "p1") { traces { platform } } }`,
    );
    expect(
      stack.emulator
        .callsTo('normal_push_trace')
        .map((c) => (c.body as { PushID: string }).PushID)
        .sort(),
    ).toEqual(['p1', 'p2']);
  });
});

describe('response cache', () => {
  it('answers a repeated query within the TTL with no upstream call', async () => {
    const q = `{ tasks(ids: ["c1", "c2", "c3", "c4", "c5", "c6"]) { loss { total } trace(userId: "cu") { userId } } push(id: "cp") { traces { instanceId } } }`;
    const first = await stack.gql(q);
    const made = stack.emulator.calls.length;
    expect(made).toBe(2 + 6 + 1);
    const second = await stack.gql(q);
    expect(stack.emulator.calls).toHaveLength(made);
    expect(second.data).toEqual(first.data);
  });

  it('does not cache errors', async () => {
    stack.emulator.inject('normal_push_trace', { errorCode: 90103 });
    const q = `{ push(id: "err-once") { traces { instanceId } } }`;
    expect((await stack.gql(q)).errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
    expect((await stack.gql(q)).errors).toBeUndefined();
    expect(stack.emulator.callsTo('normal_push_trace')).toHaveLength(2);
  });
});
