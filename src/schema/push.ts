// sendPush: one push to every user, to users with tags, or with attribute values (the `push` API). As safe as
// sendBatchPush (idempotency keys, never retried, PUSH_OUTCOME_UNKNOWN when unclear) and counted against the
// daily cap of such pushes.
import { randomUUID } from 'node:crypto';
import { push } from '../upstream/apis/index.js';
import type { PushResult } from '../upstream/model.js';
import { AudienceInput, readAudience } from './audience.js';
import { builder } from './builder.js';
import { upstreamCost, write } from './cost.js';
import { notificationFields, readNotification } from './notification.js';
import { IDEMPOTENCY_KEY_DESCRIPTION, pushOnce } from './push-once.js';
import { Task } from './task.js';
import { requireDataId, requireId } from './validate.js';

const SendPushInput = builder.inputType('SendPushInput', {
  fields: (t) => ({
    fromAccount: t.id({ required: true, description: 'Sender: the app administrator, or a UserID recipients see.' }),
    audience: t.field({ type: AudienceInput, required: true, description: 'Who it reaches; never implied.' }),
    ...notificationFields(t),
    dataId: t.string({ description: 'Your own identifier, passed to your callbacks; at most 64 bytes.' }),
    msgRandom: t.field({
      type: 'UInt32',
      description: 'De-duplication random; when absent, derived from the client and the idempotencyKey, else random.',
    }),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});

const SendPushPayload = builder.objectRef<PushResult>('SendPushPayload').implement({
  fields: (t) => ({
    taskId: t.exposeID('taskId'),
    task: t.field({ type: Task, resolve: (p) => ({ id: p.taskId }) }),
  }),
});

builder.mutationField('sendPush', (t) =>
  t.field({
    type: SendPushPayload,
    description:
      'Pushes to every user, to tagged users or to users with attribute values (push), at most 1 call/s and PUSH_DAILY_LIMIT a day (Query.pushQuota). Never retried automatically. DAILY_QUOTA_EXHAUSTED: none left today; PUSH_OUTCOME_UNKNOWN: it may or may not have gone out.',
    args: { input: t.arg({ type: SendPushInput, required: true }) },
    extensions: upstreamCost({ intents: () => [write(push)], returns: () => [`new task ${randomUUID()}`] }),
    resolve: (_, { input }, ctx) => {
      const audiencePush = {
        fromAccount: requireId(input.fromAccount, 'input.fromAccount'),
        audience: readAudience(input.audience, 'input.audience'),
        ...readNotification(input, 'input', ctx.warnings),
        dataId: requireDataId(input.dataId, 'input.dataId'),
      };
      // Its kind in the fingerprint: a key used for another kind of push is refused, never answered with its result.
      const fingerprint = { kind: 'push', ...audiencePush };
      return pushOnce(ctx, 'push', input, fingerprint, (msgRandom) => ctx.api.sendPush({ ...audiencePush, msgRandom }));
    },
  }),
);
