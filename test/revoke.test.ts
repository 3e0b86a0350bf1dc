// revokePush: what it sends, what it answers, and the upstream's refusals in their documented words.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './helpers.js';

let stack: Stack;
let clockOffsetMs = 0;
beforeAll(async () => {
  stack = await startStack({ emulator: { now: () => Date.now() + clockOffsetMs } });
});
afterAll(() => stack.close());
beforeEach(() => {
  stack.emulator.reset();
  clockOffsetMs = 0;
});

type Revoked = { revokePush: { taskId: string; task: { id: string } } };
const REVOKE = `mutation($input: RevokePushInput!) { revokePush(input: $input) { taskId task { id } } }`;
const revoke = (input: object) => stack.gql<Revoked>(REVOKE, { input });
const push = async (): Promise<string> => {
  const r = await stack.gql<{ sendBatchPush: { taskId: string } }>(
    `mutation { sendBatchPush(input: { fromAccount: "a", toAccounts: ["u1"], title: "Sale" }) { taskId } }`,
  );
  return r.data!.sendBatchPush.taskId;
};
const revokeCalls = () => stack.emulator.callsTo('revoke');

describe('Mutation.revokePush', () => {
  it('revokes a push by its TaskId and answers the task', async () => {
    const taskId = await push();
    const r = await revoke({ taskId });
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ revokePush: { taskId, task: { id: taskId } } });
    expect(revokeCalls().map((c) => c.body)).toEqual([{ TaskId: taskId }]);
  });

  it('sends OfflinePushInfo only when a title or description overwrites the notification', async () => {
    const taskId = await push();
    await revoke({ taskId, title: 'Cancelled', description: 'This offer was sent by mistake' });
    expect(revokeCalls()[0]!.body).toEqual({
      TaskId: taskId,
      OfflinePushInfo: { Title: 'Cancelled', Desc: 'This offer was sent by mistake' },
    });
  });

  it('answers a second revoke with UPSTREAM_ERROR 90050 and its documented meaning', async () => {
    const taskId = await push();
    await revoke({ taskId });
    const again = await revoke({ taskId });
    expect(again.data).toBeNull();
    expect(again.errors![0]).toMatchObject({
      message: 'revoke failed with 90050: The push has already been revoked.',
      extensions: { code: 'UPSTREAM_ERROR', upstream: { api: 'revoke', errorCode: 90050 } },
    });
    expect(revokeCalls()).toHaveLength(2);
  });

  it('answers 90049 for a TaskId the upstream never issued', async () => {
    const r = await revoke({ taskId: 'never-issued' });
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstream: { errorCode: 90049 } });
    expect(r.errors![0]!.message).toMatch(/no push record/);
  });

  it('answers 90052 for a push more than 24 h old', async () => {
    const taskId = await push();
    clockOffsetMs = 24 * 3600 * 1000 + 1000;
    const r = await revoke({ taskId });
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstream: { errorCode: 90052 } });
  });

  it('refuses an empty taskId with BAD_USER_INPUT and no upstream call', async () => {
    const r = await revoke({ taskId: ' ' });
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.taskId' });
    expect(revokeCalls()).toHaveLength(0);
  });

  it('is never retried, even on a transient failure', async () => {
    const taskId = await push();
    stack.emulator.inject('revoke', { errorCode: 91000 });
    const r = await revoke({ taskId });
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstream: { errorCode: 91000 } });
    expect(revokeCalls()).toHaveLength(1);
  });
});
