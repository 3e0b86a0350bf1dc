// sendBatchPush: one push to 1–500 accounts through the `batch` API; the new task is traceable at once.
import { randomInt, randomUUID } from 'node:crypto';
import { IdempotencyConflict, msgRandomFor } from '../idempotency/index.js';
import type { BatchPushResult } from '../upstream/model.js';
import { LIMITS } from '../upstream/wire.js';
import { builder } from './builder.js';
import { globalIdOf } from './identity.js';
import { Task } from './task.js';
import { badInput, requireId, requireIds } from './validate.js';
import { batch } from '../upstream/apis/index.js';
import { upstreamCost, write } from './cost.js';

const SendBatchPushInput = builder.inputType('SendBatchPushInput', {
  fields: (t) => ({
    fromAccount: t.id({ required: true, description: 'Sender: a UserID or RegistrationID.' }),
    toAccounts: t.idList({ required: true, description: '1 to 500 recipients: UserIDs or RegistrationIDs.' }),
    title: t.string({ description: 'Offline push title.' }),
    description: t.string({ description: 'Offline push content.' }),
    offlinePush: t.boolean({ defaultValue: true, description: 'Send through the vendor channels to offline devices.' }),
    dataId: t.string({ description: 'Your own identifier, passed to your callbacks; at most 64 bytes.' }),
    msgRandom: t.field({
      type: 'UInt32',
      description:
        'De-duplication random; when absent, derived from the client and the idempotencyKey if one is given, else random.',
    }),
    idempotencyKey: t.string({
      description:
        'Repeating a request with the same key and the same input (within 24 h) returns the first result without pushing again; another input with that key is refused. A push whose outcome is unknown keeps its key: repeats answer PUSH_OUTCOME_UNKNOWN.',
    }),
  }),
});

const FailedAccount = builder
  .objectRef<BatchPushResult['failedAccounts'][number] & { taskId: string }>('FailedAccount')
  .implement({
    fields: (t) => ({
      id: t.id({ resolve: (f) => globalIdOf('FailedAccount', [f.taskId, f.account]) }),
      account: t.exposeID('account'),
      errorCode: t.exposeInt('errorCode'),
      errorInfo: t.exposeString('errorInfo', { nullable: true }),
    }),
  });

const SendBatchPushPayload = builder.objectRef<BatchPushResult>('SendBatchPushPayload').implement({
  fields: (t) => ({
    taskId: t.exposeID('taskId'),
    task: t.field({ type: Task, resolve: (p) => ({ id: p.taskId }) }),
    failedAccounts: t.field({
      type: [FailedAccount],
      resolve: (p) => p.failedAccounts.map((f) => ({ ...f, taskId: p.taskId })),
    }),
  }),
});

builder.mutationField('sendBatchPush', (t) =>
  t.field({
    type: SendBatchPushPayload,
    description:
      'Pushes to 1–500 accounts (batch). Never retried automatically: a retry could push twice. PUSH_OUTCOME_UNKNOWN: the push may or may not have gone out.',
    args: { input: t.arg({ type: SendBatchPushInput, required: true }) },
    // The task it creates is new: what its payload asks of it is asked of no other task.
    extensions: upstreamCost({ intents: () => [write(batch)], returns: () => [`new task ${randomUUID()}`] }),
    resolve: async (_, { input }, ctx) => {
      const toAccounts = requireIds(input.toAccounts, 'input.toAccounts', LIMITS.maxRecipients);
      const dataId = input.dataId ?? null;
      if (dataId !== null && Buffer.byteLength(dataId, 'utf8') > LIMITS.maxDataIdBytes) {
        throw badInput(
          `input.dataId is ${Buffer.byteLength(dataId, 'utf8')} bytes; at most ${LIMITS.maxDataIdBytes} are accepted`,
          'input.dataId',
        );
      }
      const push = {
        fromAccount: requireId(input.fromAccount, 'input.fromAccount'),
        toAccounts,
        title: input.title ?? null,
        description: input.description ?? null,
        offlinePush: input.offlinePush ?? true,
        dataId,
      };
      const key = input.idempotencyKey;
      if (key == null)
        return ctx.api.sendBatch({ ...push, msgRandom: input.msgRandom ?? randomInt(0, LIMITS.maxUInt32) });
      if (key.trim() === '' || key.length > 128)
        throw badInput('input.idempotencyKey must hold 1 to 128 characters', 'input.idempotencyKey');
      const msgRandom = input.msgRandom ?? msgRandomFor(ctx.principal.id, key);
      const send = () => ctx.api.sendBatch({ ...push, msgRandom });
      try {
        return await ctx.idempotency.run(ctx.principal.id, key, { ...push, msgRandom: input.msgRandom ?? null }, send);
      } catch (error) {
        if (!(error instanceof IdempotencyConflict)) throw error;
        throw badInput('input.idempotencyKey was already used with a different input', 'input.idempotencyKey');
      }
    },
  }),
);
