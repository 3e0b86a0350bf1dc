// All-user / tag / batch push tasks: their loss (batched 5 per call) and their per-user traces.
import { allMemberPushLoss, allMemberPushTrace } from '../upstream/apis/index.js';
import type { TaskRow } from '../history/index.js';
import { builder } from './builder.js';
import { idsArg, read, upstreamCost, windowArg } from './cost.js';
import { LossReport, TimeRange } from './loss.js';
import { UserTrace, type UserTraceShape } from './trace.js';
import { requireId, requireIds, toWindow } from './validate.js';

/** A task by its id; `record`: what the history knows of it, when already read (recentTasks, trackTask). */
export interface TaskShape {
  id: string;
  record?: TaskRow | null;
}

export const Task = builder.objectRef<TaskShape>('Task').implement({
  description: 'An all-user, tag or batch push task, by its TaskId.',
  fields: (t) => ({
    id: t.exposeID('id'),
    loss: t.field({
      type: LossReport,
      nullable: true,
      description:
        'Loss of this task (all_member_push_loss, 5 tasks a call, shared with other requests). Default range: the last 7 days, ending on a 5-minute step (DEFAULT_WINDOW_STEP_SECONDS).',
      args: { range: t.arg({ type: TimeRange }) },
      authScopes: { statsRead: true },
      extensions: upstreamCost({
        intents: (args, tasks) =>
          tasks.map((taskId) => read(allMemberPushLoss, { window: windowArg(args.range), taskId })),
      }),
      resolve: async (task, { range }, ctx) => {
        const window = range ? toWindow(range) : ctx.defaultWindow;
        return {
          source: 'task' as const,
          taskId: task.id,
          window,
          loss: await ctx.loaders.taskLoss.load({ window, taskId: task.id }),
        };
      },
    }),
    trace: t.field({
      type: UserTrace,
      nullable: true,
      description: "One user's per-device trace of this task (all_member_push_trace).",
      args: { userId: t.arg.id({ required: true }) },
      authScopes: { statsRead: true },
      extensions: upstreamCost({
        intents: (args, tasks) =>
          tasks.map((taskId) => read(allMemberPushTrace, { taskId, userId: String(args.userId) })),
      }),
      resolve: async (task, { userId }, ctx) => {
        requireId(userId, 'userId');
        const instances = await ctx.loaders.taskTrace.load({ taskId: task.id, userId });
        return { taskId: task.id, userId, instances };
      },
    }),
    traces: t.field({
      type: [UserTrace],
      nullable: { list: true, items: true },
      description:
        "Several users' traces, one upstream call per distinct user, paced by the quota. Use @stream to get each as it arrives; a failed user is a null item.",
      args: { userIds: t.arg.idList({ required: true }) },
      authScopes: { statsRead: true },
      extensions: upstreamCost({
        intents: (args, tasks) =>
          tasks.flatMap((taskId) => idsArg(args.userIds).map((userId) => read(allMemberPushTrace, { taskId, userId }))),
      }),
      // Each user settles to its trace or its error, never a rejected promise: both executors make an error
      // value a null item at its index, where graphql-jit would append a rejected item's null at the end.
      resolve: (task, { userIds }, ctx) =>
        requireIds(userIds, 'userIds', ctx.maxIds).map((userId) =>
          ctx.loaders.taskTrace.load({ taskId: task.id, userId }).then(
            (instances): UserTraceShape => ({ taskId: task.id, userId, instances }),
            (error: unknown) =>
              (error instanceof Error ? error : new Error(String(error))) as unknown as UserTraceShape,
          ),
        ),
    }),
  }),
});

builder.queryFields((t) => ({
  task: t.field({
    type: Task,
    args: { id: t.arg.id({ required: true }) },
    extensions: upstreamCost({ returns: (args) => [String(args.id)] }),
    resolve: (_, { id }) => ({ id: requireId(id, 'id') }),
  }),
  tasks: t.field({
    type: [Task],
    args: { ids: t.arg.idList({ required: true }) },
    extensions: upstreamCost({ returns: (args) => idsArg(args.ids) }),
    resolve: (_, { ids }, ctx) => requireIds(ids, 'ids', ctx.maxIds).map((id) => ({ id })),
  }),
}));
