// Live push events from Tencent's callbacks: Task.live counters, and the pushEvents / taskProgress subscriptions.
import type {
  FailureReason,
  PlatformProgress,
  PushEvent as PushEventModel,
  TaskProgress as TaskProgressModel,
} from '../events/model.js';
import { CHAT_TYPES, PUSH_STAGES, lossStageOfEvent } from '../events/model.js';
import { builder, PushEventType, PushPlatform, PushStatus } from './builder.js';
import { diagnose } from '../diagnosis/index.js';
import { Diagnosis } from './diagnosis.js';
import { Task } from './task.js';
import { badInput, requireId } from './validate.js';

export const PushStage = builder.enumType('PushStage', {
  description:
    'Where a push callback saw a push: SENT handed to the vendor channel (or the IM connection), DELIVERED reached the device, CLICKED opened by the user.',
  values: PUSH_STAGES,
});

const ChatType = builder.enumType('ChatType', {
  description: 'The chat a Push.OfflinePush callback came from.',
  values: CHAT_TYPES,
});

export const PushEvent = builder.objectRef<PushEventModel>('PushEvent').implement({
  description: 'One push callback event: one recipient, one channel, one stage, and its outcome.',
  fields: (t) => ({
    eventId: t.exposeID('eventId', { description: 'The same for replays of the same event.' }),
    command: t.exposeString('command', { description: 'Push.AllMemberPush (tasks) or Push.OfflinePush (messages).' }),
    taskId: t.exposeID('taskId', { nullable: true }),
    pushId: t.exposeID('pushId', { nullable: true }),
    dataId: t.exposeString('dataId', { nullable: true, description: 'The dataId given to sendBatchPush.' }),
    account: t.exposeID('account', { description: 'The recipient (To_Account).' }),
    fromAccount: t.exposeID('fromAccount', { nullable: true }),
    groupId: t.exposeID('groupId', { nullable: true }),
    platform: t.expose('platform', { type: PushPlatform }),
    platformCode: t.exposeInt('platformCode', {
      description: 'The wire PushPlatform, also for channels not in the enum.',
    }),
    eventType: t.expose('eventType', { type: PushEventType, nullable: true, description: 'Tasks only.' }),
    chatType: t.expose('chatType', { type: ChatType, nullable: true, description: 'Push.OfflinePush only.' }),
    stage: t.expose('stage', { type: PushStage }),
    status: t.field({ type: PushStatus, resolve: (e) => (e.errorCode === 0 ? 'SUCCESS' : 'FAILURE') }),
    errorCode: t.exposeInt('errorCode', { description: "0 on success; the vendor's or Tencent's code otherwise." }),
    errorInfo: t.exposeString('errorInfo'),
    eventTime: t.field({ type: 'DateTime', resolve: (e) => new Date(e.eventTime) }),
    taskTime: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (e) => (e.taskTime === null ? null : new Date(e.taskTime)),
    }),
    receivedAt: t.field({ type: 'DateTime', resolve: (e) => new Date(e.receivedAt) }),
  }),
});

const PlatformProgressRef = builder.objectRef<PlatformProgress>('PlatformProgress').implement({
  fields: (t) => ({
    platform: t.expose('platform', { type: PushPlatform }),
    sent: t.exposeInt('sent'),
    delivered: t.exposeInt('delivered'),
    clicked: t.exposeInt('clicked'),
    failed: t.exposeInt('failed'),
  }),
});

const FailureReasonRef = builder.objectRef<FailureReason>('FailureReason').implement({
  description: 'How many callback events failed at one stage, on one channel, with one error code.',
  fields: (t) => ({
    stage: t.expose('stage', { type: PushStage }),
    platform: t.expose('platform', { type: PushPlatform }),
    errorCode: t.exposeInt('errorCode'),
    errorInfo: t.exposeString('errorInfo', { description: 'The last error text seen with this code.' }),
    count: t.exposeInt('count'),
    diagnosis: t.field({
      type: Diagnosis,
      description: 'What the code means on this channel, and what to do about it.',
      resolve: (r) => diagnose(r.platform, r.errorCode, lossStageOfEvent(r.stage), r.errorInfo),
    }),
  }),
});

export const TaskProgress = builder.objectRef<TaskProgressModel>('TaskProgress').implement({
  description:
    "A task's live counters from the push callbacks (free and immediate, unlike the loss and statistics APIs). A lower bound: Tencent does not retry callbacks unless configured to.",
  fields: (t) => ({
    taskId: t.exposeID('taskId'),
    sent: t.exposeInt('sent', { description: 'Handed to a channel successfully.' }),
    delivered: t.exposeInt('delivered', { description: 'Reached a device.' }),
    clicked: t.exposeInt('clicked'),
    failed: t.exposeInt('failed', { description: 'Events with a non-zero error code, at any stage.' }),
    byPlatform: t.field({ type: [PlatformProgressRef], resolve: (p) => p.byPlatform }),
    topReasons: t.field({
      type: [FailureReasonRef],
      description: 'The most frequent failures (up to 10), most frequent first.',
      resolve: (p) => p.topReasons,
    }),
    updatedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the last counted event arrived; null when none has.',
      resolve: (p) => (p.updatedAt === null ? null : new Date(p.updatedAt)),
    }),
  }),
});

builder.objectField(Task, 'live', (t) =>
  t.field({
    type: TaskProgress,
    nullable: true,
    description:
      'Live counters of this task from the push callbacks (kept LIVE_TTL_SECONDS after the last event). No upstream call.',
    authScopes: { statsRead: true },
    resolve: (task, _args, ctx) => ctx.live.progress(task.id),
  }),
);

builder.subscriptionType({
  authScopes: { statsRead: true },
  description:
    'Live push events, over Server-Sent Events (POST or GET /graphql with Accept: text/event-stream) or graphql-ws.',
});

builder.subscriptionFields((t) => ({
  pushEvents: t.field({
    type: PushEvent,
    description:
      "Each callback event as it arrives: a task's (taskId), a message push's (pushId), or all of them (neither).",
    args: { taskId: t.arg.id(), pushId: t.arg.id() },
    subscribe: (_root, { taskId, pushId }, ctx) => {
      if (taskId != null && pushId != null) throw badInput('give taskId or pushId, not both', 'pushId');
      if (taskId != null) return ctx.live.events({ taskId: requireId(taskId, 'taskId') });
      if (pushId != null) return ctx.live.events({ pushId: requireId(pushId, 'pushId') });
      return ctx.live.events('all');
    },
    resolve: (event) => event,
  }),
  taskProgress: t.field({
    type: TaskProgress,
    description: "The task's live counters at once, then as events arrive, at most once a second.",
    args: { taskId: t.arg.id({ required: true }) },
    subscribe: (_root, { taskId }, ctx) => ctx.live.progressUpdates(requireId(taskId, 'taskId')),
    resolve: (progress) => progress,
  }),
}));
