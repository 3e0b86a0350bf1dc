// Errors as users see them: codes, locality of failures, no upstream call on bad input, no leaked secret.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SECRET_KEY, startStack, type Stack } from './helpers.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { UPSTREAM_MAX_ATTEMPTS: '1', BREAKER_THRESHOLD: '1000' } });
});
afterAll(() => stack.close());
beforeEach(() => stack.emulator.reset());

const week = 7 * 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const t0 = Date.parse('2025-03-01T00:00:00Z');

describe('BAD_USER_INPUT, before any upstream call', () => {
  const ids101 = Array.from({ length: 101 }, (_, i) => `t${i}`);
  const recipients501 = Array.from({ length: 501 }, (_, i) => `u${i}`);
  const cases: [string, string, Record<string, unknown>?][] = [
    ['an empty task id', `{ task(id: "") { loss { total } } }`],
    ['a blank push id', `{ push(id: "  ") { traces { instanceId } } }`],
    ['an empty user id', `{ task(id: "t") { trace(userId: "") { userId } } }`],
    ['an empty id in a list', `{ task(id: "t") { traces(userIds: ["a", ""]) { userId } } }`],
    ['an empty id list', `{ tasks(ids: []) { id } }`],
    ['more ids than allowed', `query($ids: [ID!]!) { tasks(ids: $ids) { loss { total } } }`, { ids: ids101 }],
    [
      'a window over 7 days',
      `query($r: TimeRange!) { pushLoss(range: $r) { total } }`,
      { r: { from: iso(t0), to: iso(t0 + week + 1000) } },
    ],
    [
      'a reversed window',
      `query($r: TimeRange!) { overallTaskLoss(range: $r) { total } }`,
      { r: { from: iso(t0), to: iso(t0 - 1000) } },
    ],
    [
      'an empty window',
      `query($r: TimeRange!) { task(id: "t") { loss(range: $r) { total } } }`,
      { r: { from: iso(t0), to: iso(t0) } },
    ],
    ['0 recipients', `mutation { sendBatchPush(input: { fromAccount: "admin", toAccounts: [] }) { taskId } }`],
    [
      '501 recipients',
      `mutation($to: [ID!]!) { sendBatchPush(input: { fromAccount: "admin", toAccounts: $to }) { taskId } }`,
      { to: recipients501 },
    ],
    [
      'a dataId over 64 bytes',
      `mutation { sendBatchPush(input: { fromAccount: "a", toAccounts: ["b"], dataId: "${'é'.repeat(33)}" }) { taskId } }`,
    ],
    ['an empty sender', `mutation { sendBatchPush(input: { fromAccount: "", toAccounts: ["b"] }) { taskId } }`],
  ];
  it.each(cases)('refuses %s', async (_, query, variables) => {
    const { errors } = await stack.gql(query, variables);
    expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors?.[0]?.message).toMatch(/must|at most|more than|after/);
    expect(stack.emulator.calls).toHaveLength(0);
  });

  it.each([
    ['msgRandom above 2^32-1', 4294967296],
    ['a negative msgRandom', -1],
    ['a fractional msgRandom', 1.5],
  ])('refuses %s', async (_, msgRandom) => {
    const { errors } = await stack.gql(
      `mutation($r: UInt32) { sendBatchPush(input: { fromAccount: "a", toAccounts: ["b"], msgRandom: $r }) { taskId } }`,
      { r: msgRandom },
    );
    expect(errors?.[0]?.message).toMatch(/UInt32 must be an integer from 0 to 4294967295/);
    expect(stack.emulator.calls).toHaveLength(0);
  });

  it('refuses a DateTime without an offset', async () => {
    const { errors } = await stack.gql(
      `{ pushLoss(range: { from: "2025-03-01 00:00:00", to: "2025-03-02T00:00:00Z" }) { total } }`,
    );
    expect(errors?.[0]?.message).toMatch(/DateTime/);
    expect(stack.emulator.calls).toHaveLength(0);
  });
});

describe('upstream failures stay at their field', () => {
  it('surfaces a FAIL code with its meaning while a sibling resolves', async () => {
    stack.emulator.inject('all_member_push_trace', { errorCode: 90103, errorInfo: 'switch account failed' });
    const { data, errors } = await stack.gql<{ task: { loss: { total: number }; trace: unknown } }>(
      `{ task(id: "xxx-yyy-zzz") { loss { total } trace(userId: "bad") { userId } } }`,
    );
    expect(data!.task.loss.total).toBe(544);
    expect(data!.task.trace).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors![0]).toMatchObject({
      path: ['task', 'trace'],
      message:
        'all_member_push_trace failed with 90103: Failed to switch accounts. Please check if the UserID is valid.',
      extensions: {
        code: 'UPSTREAM_ERROR',
        upstream: { api: 'all_member_push_trace', errorCode: 90103, errorInfo: 'switch account failed' },
      },
    });
  });

  it('makes one failed user a null item of traces, the others intact', async () => {
    stack.emulator.inject('all_member_push_trace', { errorCode: 90100 });
    const { data, errors } = await stack.gql<{ task: { traces: unknown[] } }>(
      `{ task(id: "items") { traces(userIds: ["first", "second"]) { userId } } }`,
    );
    expect(data!.task.traces).toEqual([null, { userId: 'second' }]);
    expect(errors![0]!.path).toEqual(['task', 'traces', 0]);
  });

  it('keeps a failed last user as a null item: the list keeps its length', async () => {
    // The first user's answer comes late, after the second user's call has failed: the failure is settled first.
    stack.emulator.inject('all_member_push_trace', { delayMs: 1500 }, { errorCode: 90100 });
    const { data, errors } = await stack.gql<{ task: { traces: unknown[] } }>(
      `{ task(id: "last-item") { traces(userIds: ["first", "last"]) { userId } } }`,
    );
    expect(data!.task.traces).toEqual([{ userId: 'first' }, null]);
    expect(errors!.map((e) => e.path)).toEqual([['task', 'traces', 1]]);
  });

  it('keeps a user who fails after a later one answered at its own index: the list keeps its length', async () => {
    // The first user's call times out (about 2 s) after the second user's trace has come back.
    stack.emulator.inject('all_member_push_trace', { delayMs: 2500 }, { delayMs: 1 });
    const { data, errors } = await stack.gql<{ task: { traces: unknown[] } }>(
      `{ task(id: "first-item") { traces(userIds: ["first", "second"]) { userId } } }`,
    );
    expect(data!.task.traces).toEqual([null, { userId: 'second' }]);
    expect(errors!.map((e) => [e.path, e.extensions!.code])).toEqual([[['task', 'traces', 0], 'UPSTREAM_UNAVAILABLE']]);
  });

  it.each([
    ['a 502', { httpStatus: 502 }, /HTTP 502/],
    ['a non-JSON answer', { rawBody: '<html>oops' }, /not JSON/],
    ['JSON that is not the protocol', { rawBody: '[1,2]' }, /not the push API protocol/],
    ['a timeout', { delayMs: 2500 }, /UND_ERR|Timeout|abort/i],
  ])('reports %s as UPSTREAM_UNAVAILABLE', async (_, fault, message) => {
    stack.emulator.inject('normal_push_trace', fault);
    const { data, errors } = await stack.gql<{ push: { traces: unknown } }>(
      `{ push(id: "p-${Math.random()}") { id traces { instanceId } } }`,
    );
    expect(data!.push.traces).toBeNull();
    expect(errors![0]!.extensions!.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(errors![0]!.message).toMatch(message);
  });

  it('leaks no usersig, secret key or upstream URL in any error', async () => {
    stack.emulator.inject('normal_push_trace', { httpStatus: 502 });
    stack.emulator.inject('all_member_push_trace', { delayMs: 2500 });
    stack.emulator.inject('normal_push_loss', { errorCode: 70009 });
    const { text } = await stack.gql(`{
      push(id: "leak") { traces { instanceId } }
      task(id: "leak") { trace(userId: "u") { userId } }
      pushLoss(range: { from: "2025-03-01T00:00:00Z", to: "2025-03-02T00:00:00Z" }) { total }
    }`);
    expect(text).toContain('UPSTREAM');
    for (const secret of ['usersig', SECRET_KEY, stack.emulator.url, '127.0.0.1', 'stack'])
      expect(text).not.toContain(secret);
  });
});
