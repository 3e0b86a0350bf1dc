// Stable identities for normalized caches, and Relay's Node interface with Query.node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { range, startStack, type Stack } from './helpers.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const RANGE = range('2025-03-12T00:00:00+08:00', '2025-03-13T00:00:00+08:00');

const OVERVIEW = /* GraphQL */ `
  query ($range: TimeRange!) {
    task(id: "xxx-yyy-zzz") {
      id
      loss(range: $range) {
        id
        readyToSend {
          id
        }
        postSendDelivered {
          id
        }
        byPlatform {
          id
        }
      }
      traces(userIds: ["xyz", "alice"]) {
        id
        instances {
          id
          stages {
            id
          }
        }
      }
    }
    pushLoss(range: $range) {
      id
    }
    overallTaskLoss(range: $range) {
      id
    }
    push(id: "xxx-yyy-zzz") {
      id
      traces {
        id
        stages {
          id
        }
      }
    }
  }
`;

/** Every `id` in an answer, depth first. */
function idsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(idsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => (k === 'id' && typeof v === 'string' ? [v] : idsIn(v)));
}

interface WithId {
  id: string;
}
interface Trace extends WithId {
  taskId?: string;
  userId?: string;
  instances: (WithId & { instanceId: string; platform: string })[];
}
interface Report extends WithId {
  total: number;
}

describe('ids', () => {
  it('gives every object its own id, the same in every request', async () => {
    const first = await stack.gql<unknown>(OVERVIEW, { range: RANGE });
    expect(first.errors).toBeUndefined();
    const ids = idsIn(first.data);
    expect(ids.length).toBeGreaterThan(20);
    // Task and Push keep their upstream ids; the rest are global ids, so nothing repeats.
    expect(new Set(ids.filter((id) => id !== 'xxx-yyy-zzz')).size).toBe(ids.length - 2);
    const again = await stack.gql<unknown>(OVERVIEW, { range: RANGE });
    expect(idsIn(again.data).sort()).toEqual(ids.sort());
  });

  it('derives a trace id from its task and user, and a loss id from whose loss and the window', async () => {
    const r = await stack.gql<Record<'a' | 'b', { trace: WithId; loss: WithId }> & Record<'c' | 'd', WithId>>(
      `query ($range: TimeRange!) {
        a: task(id: "t1") { trace(userId: "u1") { id } loss(range: $range) { id } }
        b: task(id: "t1") { trace(userId: "u2") { id } }
        c: pushLoss(range: $range) { id }
        d: overallTaskLoss(range: $range) { id }
      }`,
      { range: RANGE },
    );
    const { a, b, c, d } = r.data!;
    expect(new Set([a.trace.id, b.trace.id, a.loss.id, c.id, d.id]).size).toBe(5);
    const decoded = Buffer.from(a.loss.id, 'base64').toString();
    expect(decoded).toBe('LossReport:["task","t1",1741708800,1741795200]');
    expect(Buffer.from(a.trace.id, 'base64').toString()).toBe('UserTrace:["t1","u1"]');
  });
});

describe('Query.node', () => {
  it('resolves a trace id without an upstream call while only what the id carries is asked for', async () => {
    const { data } = await stack.gql<{ task: { trace: WithId } }>(
      `{ task(id: "node-task") { trace(userId: "n1") { id } } }`,
    );
    const id = data!.task.trace.id;
    const before = stack.emulator.calls.length;
    const light = await stack.gql<{ node: Trace }>(
      `query ($id: ID!) { node(id: $id) { id ... on UserTrace { taskId userId } } }`,
      {
        id,
      },
    );
    expect(light.data!.node).toEqual({ id, taskId: 'node-task', userId: 'n1' });
    expect(stack.emulator.calls.length).toBe(before);
  });

  it('loads the rest through the loaders: the same data as through the task', async () => {
    const viaTask = await stack.gql<{ task: { trace: Trace } }>(
      `{ task(id: "xxx-yyy-zzz") { trace(userId: "xyz") { id instances { id instanceId platform stages { stage } } } } }`,
    );
    const trace = viaTask.data!.task.trace;
    const viaNode = await stack.gql<{ node: Trace }>(
      `query ($id: ID!) { node(id: $id) { id ... on UserTrace { instances { id instanceId platform stages { stage } } } } }`,
      { id: trace.id },
    );
    expect(viaNode.data!.node).toEqual(trace);
    const instance = trace.instances[0]!;
    const byInstance = await stack.gql<{ node: unknown }>(
      `query ($id: ID!) { node(id: $id) { id ... on InstanceTrace { instanceId platform } } }`,
      { id: instance.id },
    );
    expect(byInstance.data!.node).toEqual({
      id: instance.id,
      instanceId: instance.instanceId,
      platform: instance.platform,
    });
  });

  it('refetches a loss report by id, with one upstream call for its buckets', async () => {
    const viaTask = await stack.gql<{ task: { loss: Report } }>(
      `query ($range: TimeRange) { task(id: "loss-node") { loss(range: $range) { id total } } }`,
      {
        range: RANGE,
      },
    );
    const { id, total } = viaTask.data!.task.loss;
    const restarted = await startStack(); // a fresh gateway: nothing cached
    try {
      const r = await restarted.gql<{ node: Report }>(
        `query ($id: ID!) { node(id: $id) { ... on LossReport { id taskId from to total } } }`,
        { id },
      );
      expect(r.data!.node).toEqual({
        id,
        taskId: 'loss-node',
        from: '2025-03-11T16:00:00.000Z',
        to: '2025-03-12T16:00:00.000Z',
        total,
      });
      expect(restarted.emulator.callsTo('all_member_push_loss')).toHaveLength(1);
    } finally {
      await restarted.close();
    }
  });

  it('refuses an id it did not issue with BAD_USER_INPUT and no upstream call', async () => {
    const before = stack.emulator.calls.length;
    for (const id of [
      'nonsense',
      Buffer.from('UserTrace:not json').toString('base64'),
      Buffer.from('UserTrace:[1,2]').toString('base64'),
    ]) {
      const r = await stack.gql<{ node: null }>(
        `query ($id: ID!) { node(id: $id) { id ... on UserTrace { instances { id } } } }`,
        {
          id,
        },
      );
      expect(r.data!.node).toBeNull();
      expect(r.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect(stack.emulator.calls.length).toBe(before);
  });
});
