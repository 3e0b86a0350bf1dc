// Scheduled pushes: a push to an audience or to listed accounts, sent by the upstream at a given time
// (add_sched_task), listed, read, changed and cancelled while pending. Once dispatched, a scheduled push has the
// TaskId of the push it made, and that task's traces, loss and statistics.
import { randomInt } from 'node:crypto';
import { addSchedTask, deleteSchedTask, getSchedTask, listSchedTask, modifySchedTask } from '../upstream/apis/index.js';
import { typeOf } from '../upstream/apis/schedule-wire.js';
import { SCHEDULE_TYPES, type ScheduledContent, type ScheduledTask } from '../upstream/model.js';
import { LIMITS } from '../upstream/wire.js';
import { AudienceInput, readAudience } from './audience.js';
import { builder, type Context } from './builder.js';
import { read, upstreamCost, windowArg, write } from './cost.js';
import { notificationFields, readNotification } from './notification.js';
import { IDEMPOTENCY_KEY_DESCRIPTION, pushOnce } from './push-once.js';
import { Task } from './task.js';
import { badInput, requireDataId, requireId, requireIds } from './validate.js';
import { pageSize } from './cursor.js';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

const ScheduledPushType = builder.enumType('ScheduledPushType', {
  description: 'ALL: every user; TAG: users with tags or attribute values; USER: listed accounts.',
  values: SCHEDULE_TYPES,
});

const STATUSES = ['PENDING', 'DISPATCHING', 'DISPATCHED', 'FAILED', 'UNKNOWN'] as const;
const ScheduledPushStatus = builder.enumType('ScheduledPushStatus', {
  description:
    'PENDING: waiting for its time, and the only state in which it can be changed or cancelled; DISPATCHING: being sent; DISPATCHED: sent, its task is known; FAILED: its dispatch failed (dispatchError says why); UNKNOWN: a status the gateway does not know (upstreamStatus).',
  values: STATUSES,
});

function statusOf(task: ScheduledTask): (typeof STATUSES)[number] {
  if (task.dispatchError) return 'FAILED';
  if (task.pushTaskId) return 'DISPATCHED';
  if (task.status === 'pending') return 'PENDING';
  return /dispatch/i.test(task.status) ? 'DISPATCHING' : 'UNKNOWN';
}

const ScheduledPush = builder.objectRef<ScheduledTask>('ScheduledPush').implement({
  fields: (t) => ({
    id: t.exposeID('id', { description: "The scheduled task's TaskID (not a push's TaskId)." }),
    at: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.at }),
    status: t.field({ type: ScheduledPushStatus, resolve: statusOf }),
    upstreamStatus: t.exposeString('status', { description: "The upstream's own status word." }),
    type: t.field({ type: ScheduledPushType, nullable: true, resolve: (s) => s.type }),
    title: t.exposeString('title', { nullable: true }),
    description: t.exposeString('description', { nullable: true }),
    createdAt: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.createdAt }),
    dispatchError: t.exposeString('dispatchError', { nullable: true }),
    task: t.field({
      type: Task,
      nullable: true,
      description: 'The push it made, once dispatched (PushTaskID): its traces, loss and statistics.',
      resolve: (s) => (s.pushTaskId ? { id: s.pushTaskId } : null),
    }),
  }),
});

/** Who and what a scheduled push sends: the same fields on schedulePush and on a change of its content. */
function contentFields(t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) {
  return {
    fromAccount: t.id({ required: true, description: 'Sender: the app administrator, or a UserID recipients see.' }),
    audience: t.field({ type: AudienceInput, description: 'Everyone, tags or attributes; or give toAccounts.' }),
    toAccounts: t.idList({ description: '1 to 500 accounts; or give audience.' }),
    ...notificationFields(t),
    dataId: t.string({ description: 'Your own identifier, passed to your callbacks; at most 64 bytes.' }),
    msgRandom: t.field({ type: 'UInt32', description: 'De-duplication random; derived or random when absent.' }),
  };
}

const ScheduledPushContentInput = builder.inputType('ScheduledPushContentInput', {
  fields: (t) => contentFields(t),
});
const SchedulePushInput = builder.inputType('SchedulePushInput', {
  fields: (t) => ({
    at: t.field({ type: 'DateTime', required: true, description: 'When to push; in the future.' }),
    ...contentFields(t),
    idempotencyKey: t.string({ description: IDEMPOTENCY_KEY_DESCRIPTION }),
  }),
});
const UpdateScheduledPushInput = builder.inputType('UpdateScheduledPushInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    at: t.field({ type: 'DateTime', description: 'A new time, in the future.' }),
    content: t.field({
      type: ScheduledPushContentInput,
      description: 'New content, whole; of the same type (everyone, tags or attributes, or accounts) as before.',
    }),
  }),
});

type ContentArgs = typeof ScheduledPushContentInput.$inferInput;

/** The content of a scheduled push, checked; its MsgRandom comes later (derived from the key, or random). */
function readContent(input: ContentArgs, at: string, ctx: Context): Omit<ScheduledContent, 'msgRandom'> {
  const hasAudience = input.audience != null;
  if (hasAudience === (input.toAccounts != null))
    throw badInput(`${at} needs either audience or toAccounts, not both`, `${at}.audience`);
  return {
    fromAccount: requireId(input.fromAccount, `${at}.fromAccount`),
    recipients: hasAudience
      ? readAudience(input.audience!, `${at}.audience`)
      : { kind: 'USERS', accounts: requireIds(input.toAccounts!, `${at}.toAccounts`, LIMITS.maxRecipients) },
    ...readNotification(input, at, ctx.warnings),
    dataId: requireDataId(input.dataId, `${at}.dataId`),
  };
}

/** A time to push at: whole seconds, as the upstream takes it, and not in the past. */
function readAt(at: Date, argument: string): Date {
  const seconds = new Date(Math.ceil(at.getTime() / 1000) * 1000);
  if (seconds.getTime() <= Date.now())
    throw badInput(`${argument} is in the past; a push is scheduled ahead`, argument);
  return seconds;
}

/** A scheduled task's TaskID is an integer. */
function scheduleId(id: string, argument: string): string {
  if (!/^[1-9]\d{0,15}$/.test(id)) throw badInput(`${argument} is not the id of a scheduled push`, argument);
  return id;
}

/** Its type, read from the upstream: a change and a cancellation must name it. */
async function typeOfScheduled(ctx: Context, id: string) {
  const task = await ctx.loaders.scheduledPush.load(id);
  if (!task.type) throw badInput(`scheduled push ${id} has a type the gateway does not know`, 'id');
  return task.type;
}

const scheduleRead = (args: { id?: unknown }) => [read(getSchedTask, { sdkAppId: 0, id: String(args.id) })];

builder.queryFields((t) => ({
  scheduledPushes: t.field({
    type: [ScheduledPush],
    nullable: true,
    description:
      'Scheduled pushes whose time is in [from, to] (list_sched_task), soonest first, a page of `first` from `offset`; keyword: in the title or text.',
    args: {
      from: t.arg({ type: 'DateTime', required: true }),
      to: t.arg({ type: 'DateTime', required: true }),
      keyword: t.arg.string(),
      first: t.arg.int({ defaultValue: 50 }),
      offset: t.arg.int({ defaultValue: 0 }),
    },
    extensions: upstreamCost({
      intents: (args) => {
        const { from, to } = windowArg(args);
        const page = { offset: Number(args.offset ?? 0), want: Number(args.first ?? 50) };
        return [
          read(listSchedTask, {
            sdkAppId: 0,
            from,
            to,
            keyword: typeof args.keyword === 'string' ? args.keyword : null,
            ...page,
          }),
        ];
      },
    }),
    resolve: async (_, args, ctx) => {
      if (args.to <= args.from) throw badInput('to must be after from', 'to');
      const want = pageSize(args.first, 50, 100);
      const offset = args.offset ?? 0;
      if (offset < 0) throw badInput('offset must not be negative', 'offset');
      const keyword = args.keyword?.trim() || null;
      return (await ctx.api.scheduledPushes({ from: args.from, to: args.to, keyword, offset, want })).tasks;
    },
  }),
  scheduledPush: t.field({
    type: ScheduledPush,
    nullable: true,
    description: 'One scheduled push (get_sched_task).',
    args: { id: t.arg.id({ required: true }) },
    extensions: upstreamCost({ intents: scheduleRead }),
    resolve: (_, { id }, ctx) => ctx.loaders.scheduledPush.load(scheduleId(id, 'id')),
  }),
}));

/** A mutation's answer: the scheduled push's id, and the scheduled push as the upstream now has it. */
const withScheduledPush = (name: string) =>
  builder.objectRef<{ id: string }>(name).implement({
    fields: (t) => ({
      id: t.exposeID('id'),
      scheduledPush: t.field({
        type: ScheduledPush,
        nullable: true,
        description: 'Read back (get_sched_task).',
        extensions: upstreamCost({ intents: () => [read(getSchedTask, { sdkAppId: 0, id: 'written' })] }),
        resolve: (p, _, ctx) => ctx.loaders.scheduledPush.load(p.id),
      }),
    }),
  });
const CancelScheduledPushPayload = builder.objectRef<{ id: string }>('CancelScheduledPushPayload').implement({
  fields: (t) => ({ id: t.exposeID('id') }),
});

builder.mutationFields((t) => ({
  schedulePush: t.field({
    type: withScheduledPush('SchedulePushPayload'),
    description:
      'Schedules a push (add_sched_task): to an audience or to listed accounts, at a time in the future. Never retried automatically; PUSH_OUTCOME_UNKNOWN: it may or may not have been created.',
    args: { input: t.arg({ type: SchedulePushInput, required: true }) },
    extensions: upstreamCost({ intents: () => [write(addSchedTask)] }),
    resolve: (_, { input }, ctx) => {
      const at = readAt(input.at, 'input.at');
      const content = readContent(input, 'input', ctx);
      const fingerprint = { kind: 'schedule', at, ...content };
      return pushOnce(ctx, 'add_sched_task', input, fingerprint, (msgRandom) =>
        ctx.api.schedulePush(at, { ...content, msgRandom }),
      );
    },
  }),
  updateScheduledPush: t.field({
    type: withScheduledPush('UpdateScheduledPushPayload'),
    description:
      'Changes a pending scheduled push (modify_sched_task): its time, its content, or both. One already dispatching is refused by the upstream with 90107.',
    args: { input: t.arg({ type: UpdateScheduledPushInput, required: true }) },
    extensions: upstreamCost({ intents: (args) => [...scheduleRead(args.input ?? {}), write(modifySchedTask)] }),
    resolve: async (_, { input }, ctx) => {
      const id = scheduleId(input.id, 'input.id');
      const at = input.at ? readAt(input.at, 'input.at') : undefined;
      const content = input.content ? readContent(input.content, 'input.content', ctx) : undefined;
      if (!at && !content) throw badInput('input needs a new at, a new content, or both', 'input');
      const type = await typeOfScheduled(ctx, id);
      if (content && typeOf(content.recipients) !== type)
        throw badInput(`a scheduled push keeps its type: this one is ${type}`, 'input.content');
      const msgRandom = input.content?.msgRandom ?? randomInt(0, LIMITS.maxUInt32);
      await ctx.api.updateScheduledPush({ id, type, at, content: content && { ...content, msgRandom } });
      ctx.loaders.scheduledPush.clear(id);
      return { id };
    },
  }),
  cancelScheduledPush: t.field({
    type: CancelScheduledPushPayload,
    description:
      'Cancels a pending scheduled push (delete_sched_task). One already dispatching is refused by the upstream with 90107.',
    args: { id: t.arg.id({ required: true }) },
    extensions: upstreamCost({ intents: (args) => [...scheduleRead(args), write(deleteSchedTask)] }),
    resolve: async (_, args, ctx) => {
      const id = scheduleId(args.id, 'id');
      await ctx.api.cancelScheduledPush(id, await typeOfScheduled(ctx, id));
      return { id };
    },
  }),
}));
