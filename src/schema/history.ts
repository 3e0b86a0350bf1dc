// History: daily delivery records of tasks and of the overall figures, the tasks pushed through the gateway,
// and tracking; the `source` of every statistics and loss answer.
import { collectSubFields } from '@graphql-tools/utils';
import { getNamedType, isObjectType, type GraphQLResolveInfo } from 'graphql';
import { HistoryUnavailableError } from '../history/errors.js';
import type { DayRow, History, Kind, TaskRow } from '../history/index.js';
import type { DataSource as DataSourceValue } from '../upstream/model.js';
import { builder, type Context } from './builder.js';
import { LossReport, loadLoss, type LossReportShape, type LossSource } from './loss.js';
import { DeliveryStats, type DeliveryStatsShape } from './stats.js';
import { Task, type TaskShape } from './task.js';
import { decodeCursor, encodeCursor, keysetPage, pageSize } from './cursor.js';
import { badInput, requireId } from './validate.js';

const DataSource = builder.enumType('DataSource', {
  description:
    "Where figures came from: the upstream now, the gateway's cache of an upstream answer, or the daily records kept beyond the upstream's retention.",
  values: ['UPSTREAM', 'CACHE', 'HISTORY'] as const,
});

const PushKind = builder.enumType('PushKind', {
  description: 'TASKS: all-user / tag / batch push tasks together; ORDINARY: single and group message pushes.',
  values: ['TASKS', 'ORDINARY'] as const,
});

builder.objectField(DeliveryStats, 'source', (t) =>
  t.field({ type: DataSource, resolve: (s): DataSourceValue => s.origin ?? 'UPSTREAM' }),
);
builder.objectField(LossReport, 'source', (t) =>
  t.field({
    type: DataSource,
    resolve: async (r, _, ctx): Promise<DataSourceValue> =>
      r.recorded ? 'HISTORY' : ((await loadLoss(r, ctx)).origin ?? 'UPSTREAM'),
  }),
);

interface DailyShape {
  row: DayRow;
  kind: Kind;
  source: LossSource;
  taskId: string | null;
  history: History;
}

const DailyDelivery = builder.objectRef<DailyShape>('DailyDelivery').implement({
  description:
    "One day's delivery statistics and loss (days in TIM_UTC_OFFSET, as the upstream counts them), from the records.",
  fields: (t) => ({
    day: t.field({ type: 'Date', resolve: (d) => d.row.day }),
    observedAt: t.field({
      type: 'DateTime',
      description: 'When the latest of these figures was asked of the upstream.',
      resolve: (d) => new Date(d.row.observedAtMs ?? 0),
    }),
    settled: t.boolean({
      description:
        "True once every figure recorded for the day (statistics, loss) was recorded after the day's window settled (an hour after its end): they no longer move. A part missing because the upstream no longer kept it does not hold a day open. False: a snapshot of a day still open.",
      resolve: ({ row }) =>
        (row.statsTotal !== null || row.lossTotal !== null) &&
        (row.statsTotal === null || row.statsSettled) &&
        (row.lossTotal === null || row.lossSettled),
    }),
    stats: t.field({
      type: DeliveryStats,
      nullable: true,
      description: 'Its totals are read with the day; its channels (byPlatform) only when selected.',
      resolve: (d): DeliveryStatsShape | null =>
        d.row.statsTotal === null
          ? null
          : {
              total: d.row.statsTotal,
              sent: d.row.statsSent ?? 0,
              delivered: d.row.statsDelivered ?? 0,
              clicked: d.row.statsClicked ?? 0,
              origin: 'HISTORY',
              source: d.source,
              taskId: d.taskId,
              window: d.history.days.window(d.row.day),
              recorded: d,
            },
    }),
    loss: t.field({
      type: LossReport,
      nullable: true,
      description: 'Its total is read with the day; its buckets only when selected.',
      resolve: (d): LossReportShape | null =>
        d.row.lossTotal === null
          ? null
          : {
              source: d.source,
              taskId: d.taskId,
              window: d.history.days.window(d.row.day),
              recorded: { kind: d.kind, row: d.row, total: d.row.lossTotal },
            },
    }),
  }),
});

/** Whether the field being resolved selects `name` on its (object or list of object) type, fragments included. */
function selects(info: GraphQLResolveInfo, name: string): boolean {
  const type = getNamedType(info.returnType);
  if (!isObjectType(type)) return false;
  return collectSubFields(info.schema, info.fragments, info.variableValues, type, [...info.fieldNodes]).fields.has(
    name,
  );
}

/** The most days one daily read covers. */
const MAX_DAYS = 366;

function historyOf(ctx: Context): History {
  if (!ctx.history)
    throw new HistoryUnavailableError('this gateway keeps no daily records (HISTORY_ENABLED=false)', true);
  return ctx.history;
}

async function dailyOf(
  ctx: Context,
  info: GraphQLResolveInfo,
  kind: Kind,
  subject: string,
  { from, to }: { from: string; to: string },
): Promise<DailyShape[]> {
  const history = historyOf(ctx);
  if (to < from) throw badInput('to must not be before from', 'to');
  if (history.days.span(from, to) > MAX_DAYS) throw badInput(`from to to spans more than ${MAX_DAYS} days`, 'to');
  // A chart's read: when each day was last asked of the upstream is read only for a query that shows it.
  const observedAt = selects(info, 'observedAt');
  const rows = await ctx.loaders.days.load({ kind, subject, from, to, observedAt });
  const source: LossSource = kind === 'task' ? 'task' : kind;
  return rows.map((row) => ({ row, kind, source, taskId: kind === 'task' ? subject : null, history }));
}

const record = async (task: TaskShape, ctx: Context): Promise<TaskRow | null> =>
  task.record !== undefined ? task.record : ctx.loaders.taskRecord.load(task.id);

builder.objectFields(Task, (t) => ({
  daily: t.field({
    type: [DailyDelivery],
    description:
      'The recorded days of this task from `from` to `to` (both included, at most 366 days), oldest first: from the database, no upstream call. Days not recorded are left out.',
    args: { from: t.arg({ type: 'Date', required: true }), to: t.arg({ type: 'Date', required: true }) },
    authScopes: { statsRead: true },
    resolve: (task, range, ctx, info) => dailyOf(ctx, info, 'task', task.id, range),
  }),
  sentAt: t.field({
    type: 'DateTime',
    nullable: true,
    description: 'When it was pushed through this gateway; null for tasks pushed elsewhere.',
    resolve: async (task, _, ctx) => (await record(task, ctx))?.sentAt ?? null,
  }),
  title: t.string({
    nullable: true,
    description: 'The offline push title it was sent with through this gateway.',
    resolve: async (task, _, ctx) => (await record(task, ctx))?.title ?? null,
  }),
  recipientCount: t.int({
    nullable: true,
    description: 'How many accounts it was pushed to through this gateway.',
    resolve: async (task, _, ctx) => (await record(task, ctx))?.recipientCount ?? null,
  }),
  dataId: t.string({
    nullable: true,
    resolve: async (task, _, ctx) => (await record(task, ctx))?.dataId ?? null,
  }),
  tracked: t.boolean({
    description:
      'True while the collector records its days: from its push (or trackTask) for HISTORY_FOLLOW_DAYS, until untrackTask.',
    resolve: async (task, _, ctx) => {
      const row = await record(task, ctx);
      return Boolean(row?.tracked && ctx.history && row.followUntil >= ctx.history.days.dayOf(ctx.history.now()));
    },
  }),
}));

const TaskConnection = builder.connectionObject({ type: Task, name: 'TaskConnection' }, { name: 'TaskEdge' });

const cursorOf = (row: TaskRow): string => encodeCursor([row.sentAt!.toISOString(), row.taskId]);

function afterOf(cursor: string): { sentAt: Date; taskId: string } {
  const [sentAt, taskId] = decodeCursor(cursor, 'recentTasks', 2, [0]);
  return { sentAt: new Date(sentAt!), taskId: taskId! };
}

builder.queryFields((t) => ({
  dailyOverview: t.field({
    type: [DailyDelivery],
    description:
      'The recorded days of all tasks together (TASKS) or of ordinary pushes (ORDINARY), from `from` to `to` (at most 366 days): from the database, no upstream call.',
    args: {
      from: t.arg({ type: 'Date', required: true }),
      to: t.arg({ type: 'Date', required: true }),
      kind: t.arg({ type: PushKind, required: true }),
    },
    resolve: (_, { from, to, kind }, ctx, info) =>
      dailyOf(ctx, info, kind === 'TASKS' ? 'tasks' : 'pushes', '', { from, to }),
  }),
  recentTasks: t.field({
    type: TaskConnection,
    description: 'Tasks pushed through this gateway (sendBatchPush, sendPush), newest first.',
    args: {
      first: t.arg.int({ defaultValue: 20, description: '1 to 100.' }),
      after: t.arg.string({ description: 'The endCursor of the previous page.' }),
    },
    resolve: async (_, { first, after }, ctx) => {
      const n = pageSize(first, 20, 100);
      const rows = await (await historyOf(ctx).store()).recent(n + 1, after ? afterOf(after) : undefined);
      return keysetPage(rows, n, after, cursorOf, (row) => ({ id: row.taskId, record: row }));
    },
  }),
}));

builder.mutationFields((t) => ({
  trackTask: t.field({
    type: Task,
    description:
      "Records this task's days from now on for HISTORY_FOLLOW_DAYS (and the past days the upstream still keeps). Tasks pushed through the gateway are tracked already.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_, { id }, ctx) => {
      const row = await historyOf(ctx).track(requireId(id, 'id'));
      return { id: row.taskId, record: row };
    },
  }),
  untrackTask: t.field({
    type: Task,
    description: "Stops recording this task's days; what is recorded stays until HISTORY_RETENTION_DAYS.",
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_, { id }, ctx) => {
      const row = await (await historyOf(ctx).store()).untrack(requireId(id, 'id'));
      return { id, record: row ?? null };
    },
  }),
}));
