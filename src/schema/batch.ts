// sendBatchPush: one push to 1–500 accounts through the `batch` API; the new task is traceable at once.
import { randomUUID } from 'node:crypto';
import type { BatchPushResult } from '../upstream/model.js';
import { LIMITS } from '../upstream/wire.js';
import { builder } from './builder.js';
import { globalIdOf } from './identity.js';
import { notificationFields, readNotification } from './notification.js';
import { IDEMPOTENCY_KEY_DESCRIPTION, pushOnce } from './push-once.js';
import { Task } from './task.js';
import { requireDataId, requireId, requireIds } from './validate.js';
import { batch } from '../upstream/apis/index.js';
import { upstreamCost, write } from './cost.js';

const SendBatchPushInput = builder.inputType('SendBatchPushInput', {
  fields: (t) => ({
    fromAccount: t.id({ required: true, description: 'Sender: a UserID or RegistrationID.' }),
    toAccounts: t.idList({ required: true, description: '1 to 500 recipients: UserIDs or RegistrationIDs.' }),
    ...notificationFields(t),
    dataId: t.string({ description: 'Your own identifier, passed to your callbacks; at most 64 bytes.' }),
    msgRandom: t.field({
      type: 'UInt32',
      description:
        'De-duplication random; when absent, derived from the client and the idempotencyKey if one is given, else random.',
    }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
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
    resolve: (_, { input }, ctx) => {
      const push = {
        fromAccount: requireId(input.fromAccount, 'input.fromAccount'),
        toAccounts: requireIds(input.toAccounts, 'input.toAccounts', LIMITS.maxRecipients),
        ...readNotification(input, 'input', ctx.warnings),
        dataId: requireDataId(input.dataId, 'input.dataId'),
      };
      return pushOnce(ctx, 'batch', input, push, (msgRandom) => ctx.api.sendBatch({ ...push, msgRandom }));
    },
  }),
);
