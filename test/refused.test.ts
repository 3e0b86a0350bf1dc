// A request that will be refused makes no upstream call: the refusal is decided before execution.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './helpers.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ env: { GATEWAY_MAX_UPSTREAM_CALLS: '4' } });
});
afterAll(() => stack.close());

const STREAM = /* GraphQL */ `
  query ($userIds: [ID!]!) {
    task(id: "refused-task") {
      traces(userIds: $userIds) @stream(initialCount: 0) {
        userId
      }
    }
  }
`;

async function post(body: object, accept: string): Promise<{ status: number; text: string }> {
  const res = await fetch(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

describe('refused requests', () => {
  it('answers a @stream request that accepts only JSON with 406, and no upstream call', async () => {
    const before = stack.emulator.calls.length;
    const r = await post({ query: STREAM, variables: { userIds: ['u1', 'u2', 'u3'] } }, 'application/json');
    expect(r.status).toBe(406);
    expect(r.text).toMatch(/multipart\/mixed/);
    expect(stack.emulator.calls.length).toBe(before);
  });

  it('refuses @defer in a fragment the same way, and runs it once the client accepts multipart', async () => {
    const query = /* GraphQL */ `
      query {
        task(id: "refused-task-2") {
          ...Slow
        }
      }
      fragment Slow on Task {
        ... @defer {
          trace(userId: "u9") {
            userId
          }
        }
      }
    `;
    const before = stack.emulator.calls.length;
    expect((await post({ query }, 'application/graphql-response+json')).status).toBe(406);
    expect(stack.emulator.calls.length).toBe(before);
    const ok = await post({ query }, 'multipart/mixed, application/json');
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('"userId":"u9"');
    expect(stack.emulator.calls.length).toBe(before + 1);
  });

  it('runs @stream(if: false) as a plain JSON request', async () => {
    const query = STREAM.replace('@stream(initialCount: 0)', '@stream(initialCount: 0, if: $on)').replace(
      'query ($userIds: [ID!]!)',
      'query ($userIds: [ID!]!, $on: Boolean!)',
    );
    const r = await post({ query, variables: { userIds: ['u4'], on: false } }, 'application/json');
    expect(r.status).toBe(200);
    expect(JSON.parse(r.text)).toEqual({ data: { task: { traces: [{ userId: 'u4' }] } } });
  });

  it('makes no upstream call for a document that fails validation', async () => {
    const before = stack.emulator.calls.length;
    const r = await stack.gql(`{ task(id: "v") { trace(userId: "a") { userId nope } } }`);
    expect(r.errors![0]!.message).toMatch(/nope/);
    expect(stack.emulator.calls.length).toBe(before);
  });

  it('makes no upstream call for an operation over the upstream budget', async () => {
    const before = stack.emulator.calls.length;
    const r = await stack.gql(`{ task(id: "c") { traces(userIds: ["a", "b", "c", "d", "e"]) { userId } } }`);
    expect(r.errors![0]!.extensions).toMatchObject({ reason: 'COST_LIMIT' });
    expect(stack.emulator.calls.length).toBe(before);
  });
});

describe('windows the upstream no longer keeps, without history (HISTORY_ENABLED=false)', () => {
  let stack: Stack;
  beforeAll(async () => (stack = await startStack({ emulator: { retention: true } })));
  afterAll(() => stack.close());

  it('refuses loss older than 7 days and statistics older than 30 before any call, and says why', async () => {
    const before = stack.emulator.calls.length;
    const at = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString();
    const r = await stack.gql(
      `query ($old: TimeRange!, $older: StatsRange!) {
         task(id: "gone-task") { loss(range: $old) { total } stats(range: $older) { total } }
         pushLoss(range: $old) { total } }`,
      { old: { from: at(20), to: at(19) }, older: { from: at(40), to: at(39) } },
    );
    expect(r.errors?.map((e) => [e.path?.join('.'), e.extensions?.code]).sort()).toEqual([
      ['pushLoss', 'BAD_USER_INPUT'],
      ['task.loss', 'BAD_USER_INPUT'],
      ['task.stats', 'BAD_USER_INPUT'],
    ]);
    expect(r.errors?.find((e) => e.path?.join('.') === 'task.stats')?.message).toContain(
      'before what the upstream keeps (statistics for 30 days) and this gateway keeps no daily records',
    );
    expect(stack.emulator.calls.length).toBe(before);
    // The last 7 days (ending on a 5-minute step, so starting minutes before the cut-off) still go upstream.
    expect((await stack.gql(`{ task(id: "gone-task") { loss { total } } }`)).errors).toBeUndefined();
  });
});
