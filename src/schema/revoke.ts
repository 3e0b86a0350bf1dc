// revokePush: stops a batch or all-user push within 24 h of its start, and can overwrite its shown notification.
import { builder } from './builder.js';
import { Task } from './task.js';
import { requireId } from './validate.js';
import { revoke } from '../upstream/apis/index.js';
import { upstreamCost, write } from './cost.js';

const RevokePushInput = builder.inputType('RevokePushInput', {
  fields: (t) => ({
    taskId: t.id({ required: true, description: 'The TaskId of a batch (or all-user) push, less than 24 h old.' }),
    title: t.string({ description: 'Overwrites the title of a notification already shown.' }),
    description: t.string({ description: 'Overwrites the content of a notification already shown.' }),
  }),
});

const RevokePushPayload = builder.objectRef<{ taskId: string }>('RevokePushPayload').implement({
  fields: (t) => ({
    taskId: t.exposeID('taskId'),
    task: t.field({ type: Task, resolve: (p) => ({ id: p.taskId }) }),
  }),
});

builder.mutationField('revokePush', (t) =>
  t.field({
    type: RevokePushPayload,
    description:
      'Revokes a push (revoke): stops delivery to accounts not yet reached and removes its unread messages; with a title or description, overwrites the notification already shown. Once per task, within 24 h, 1 call/s; never retried automatically.',
    args: { input: t.arg({ type: RevokePushInput, required: true }) },
    extensions: upstreamCost({
      intents: () => [write(revoke)],
      returns: ({ input }) => [String((input as { taskId?: unknown } | undefined)?.taskId)],
    }),
    resolve: (_, { input }, ctx) =>
      ctx.api.revokePush({
        taskId: requireId(input.taskId, 'input.taskId'),
        title: input.title ?? null,
        description: input.description ?? null,
      }),
  }),
);
