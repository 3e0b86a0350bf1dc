// sendBatchPush: what it sends, what it answers, and that it never pushes twice by itself.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './helpers.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.emulator.reset());

const SEND = `mutation($input: SendBatchPushInput!) {
  sendBatchPush(input: $input) { taskId task { id } failedAccounts { account errorCode errorInfo } }
}`;
interface Sent {
  sendBatchPush: { taskId: string; task: { id: string }; failedAccounts: unknown[] };
}

describe('Mutation.sendBatchPush', () => {
  it('sends the documented fields and returns the TaskId, its Task and the ErrorList', async () => {
    const data = await stack.data<Sent>(SEND, {
      input: {
        fromAccount: 'administrator',
        toAccounts: ['user1', 'ghost1'],
        title: 'Hi',
        description: 'Body',
        dataId: 'campaign-7',
        msgRandom: 3674128,
      },
    });
    const { taskId, task, failedAccounts } = data.sendBatchPush;
    expect(taskId).toMatch(/^batch_/);
    expect(task.id).toBe(taskId);
    expect(failedAccounts).toEqual([{ account: 'ghost1', errorCode: 70107, errorInfo: null }]);
    expect(stack.emulator.callsTo('batch').map((c) => c.body)).toEqual([
      {
        From_Account: 'administrator',
        To_Account: ['user1', 'ghost1'],
        MsgRandom: 3674128,
        OfflinePushInfo: { PushFlag: 0, Title: 'Hi', Desc: 'Body' },
        DataId: 'campaign-7',
      },
    ]);
  });

  it('generates MsgRandom when absent and sends PushFlag 1 when offline push is off', async () => {
    await stack.gql(SEND, { input: { fromAccount: 'a', toAccounts: ['b'], offlinePush: false } });
    const body = stack.emulator.callsTo('batch')[0]!.body as {
      MsgRandom: number;
      OfflinePushInfo: unknown;
      DataId?: string;
    };
    expect(Number.isInteger(body.MsgRandom)).toBe(true);
    expect(body.OfflinePushInfo).toEqual({ PushFlag: 1 });
    expect(body).not.toHaveProperty('DataId');
  });

  it('is never retried, even on a transient failure', async () => {
    stack.emulator.inject('batch', { errorCode: 91000 });
    const { data, errors } = await stack.gql(SEND, { input: { fromAccount: 'a', toAccounts: ['b'] } });
    expect(data).toBeNull();
    expect(errors![0]!.extensions).toMatchObject({
      code: 'UPSTREAM_ERROR',
      upstream: { api: 'batch', errorCode: 91000 },
    });
    expect(stack.emulator.callsTo('batch')).toHaveLength(1);
  });

  it('makes the new task traceable for its recipients', async () => {
    const data = await stack.data<Sent>(SEND, { input: { fromAccount: 'a', toAccounts: ['carol'] } });
    const taskId = data.sendBatchPush.taskId;
    const traced = await stack.data<{ task: Record<'carol' | 'dave', { instances: unknown[] }> }>(
      `query($id: ID!) { task(id: $id) { carol: trace(userId: "carol") { instances { instanceId } } dave: trace(userId: "dave") { instances { instanceId } } } }`,
      { id: taskId },
    );
    expect(traced.task.carol.instances.length).toBeGreaterThan(0);
    expect(traced.task.dave.instances).toEqual([]);
  });
});

describe('sendBatchPush with an idempotencyKey', () => {
  const input = (key: string, extra: object = {}) => ({
    input: { fromAccount: 'a', toAccounts: ['u1', 'u2'], title: 'T', idempotencyKey: key, ...extra },
  });

  it('returns the first result for the same key and input, without pushing again', async () => {
    const first = await stack.gql(SEND, input('order-1'));
    const again = await stack.gql(SEND, input('order-1'));
    expect(again.data).toEqual(first.data);
    expect(stack.emulator.callsTo('batch')).toHaveLength(1);
  });

  it('refuses the same key with another input', async () => {
    await stack.gql(SEND, input('order-2'));
    const other = await stack.gql(SEND, input('order-2', { title: 'Different' }));
    expect(other.errors![0]).toMatchObject({
      message: 'input.idempotencyKey was already used with a different input',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(stack.emulator.callsTo('batch')).toHaveLength(1);
  });

  it('makes concurrent repeats one push', async () => {
    const results = await Promise.all([1, 2, 3].map(() => stack.data<Sent>(SEND, input('order-3'))));
    expect(new Set(results.map((r) => r.sendBatchPush.taskId)).size).toBe(1);
    expect(stack.emulator.callsTo('batch')).toHaveLength(1);
  });

  it('frees the key when the push fails, so it can be retried', async () => {
    stack.emulator.inject('batch', { errorCode: 90009 });
    expect((await stack.gql(SEND, input('order-4'))).errors![0]!.extensions!.code).toBe('UPSTREAM_ERROR');
    expect((await stack.data<Sent>(SEND, input('order-4'))).sendBatchPush.taskId).toMatch(/^batch_/);
    expect(stack.emulator.callsTo('batch')).toHaveLength(2);
  });

  it('keeps keys apart from pushes without one', async () => {
    await stack.gql(SEND, { input: { fromAccount: 'a', toAccounts: ['u1'] } });
    await stack.gql(SEND, { input: { fromAccount: 'a', toAccounts: ['u1'] } });
    expect(stack.emulator.callsTo('batch')).toHaveLength(2);
  });
});
