// Task.summary: in one field, how many of a task's pushes were lost, on which channel, why, and what to do.
import { lossReasons, lossTotal, platformSummaries, type LossReason as LossReasonShape } from '../diagnosis/summary.js';
import type { PlatformSummary as PlatformSummaryShape } from '../diagnosis/summary.js';
import type { Loss, Stats, Window } from '../upstream/model.js';
import { LossStage, PushPlatform, builder } from './builder.js';
import { Diagnosis } from './diagnosis.js';
import { LossReport, TimeRange } from './loss.js';
import { DeliveryStats, ratio, statsShape } from './stats.js';
import { perObject, perObjectIn } from './derived.js';
import { globalIdOf, windowKey, type IdentityKey } from './identity.js';
import { Task } from './task.js';
import { toWindow } from './validate.js';
import { allMemberPushLoss, allMemberPushStatistics } from '../upstream/apis/index.js';
import { read, upstreamCost, windowArg } from './cost.js';

interface TaskSummaryShape {
  taskId: string;
  window: Window;
  /** Both asked for at once, so they batch with other tasks' loss and statistics in the same window. */
  loss: Promise<Loss>;
  stats: Promise<Stats>;
}

const both = (s: TaskSummaryShape) => Promise.all([s.loss, s.stats]);
const keyOf = (s: TaskSummaryShape): IdentityKey => [s.taskId, ...windowKey(s.window)];

/** A reason or a channel with the summary it belongs to, which its id is derived from. */
type Owned<T> = T & { summary: IdentityKey };
const reasonIn = (summary: IdentityKey, r: LossReasonShape): Owned<LossReasonShape> => ({ ...r, summary });

// Derived once per cached loss (and statistics) answer, for the summary they belong to.
const reasonsOf = perObjectIn<Owned<LossReasonShape>[]>();
const channelsOf = perObjectIn<WeakMap<Stats, Owned<PlatformSummaryShape>[]>>();
const topReasonOf = perObject((p: Owned<PlatformSummaryShape>) => p.topReason && reasonIn(p.summary, p.topReason));

function reasons(s: TaskSummaryShape, loss: Loss): Owned<LossReasonShape>[] {
  const summary = keyOf(s);
  return reasonsOf(loss, JSON.stringify(summary), () => lossReasons(loss).map((r) => reasonIn(summary, r)));
}

function channels(s: TaskSummaryShape, loss: Loss, stats: Stats): Owned<PlatformSummaryShape>[] {
  const summary = keyOf(s);
  const byStats = channelsOf(loss, JSON.stringify(summary), () => new WeakMap());
  let list = byStats.get(stats);
  if (!list) byStats.set(stats, (list = platformSummaries(loss, stats).map((p) => ({ ...p, summary }))));
  return list;
}

const LossReason = builder.objectRef<Owned<LossReasonShape>>('LossReason').implement({
  description: 'One reason of loss: a code at a stage on a channel, how many sends it ate, and what to do.',
  fields: (t) => ({
    id: t.id({
      resolve: perObject((r) => globalIdOf('LossReason', [...r.summary, r.stage, r.platform, r.errorCode])),
    }),
    stage: t.field({ type: LossStage, resolve: (r) => r.stage }),
    platform: t.field({ type: PushPlatform, nullable: true, resolve: (r) => r.platform }),
    errorCode: t.exposeString('errorCode'),
    errorInfo: t.exposeString('errorInfo'),
    count: t.exposeInt('count'),
    share: t.exposeFloat('share', { description: "count / the loss report's total." }),
    diagnosis: t.field({ type: Diagnosis, resolve: (r) => r.diagnosis }),
  }),
});

const PlatformSummary = builder.objectRef<Owned<PlatformSummaryShape>>('PlatformSummary').implement({
  description: 'One channel: sendable and delivered (statistics), lost (loss), and its largest reason.',
  fields: (t) => ({
    id: t.id({ resolve: perObject((p) => globalIdOf('PlatformSummary', [...p.summary, p.platform])) }),
    platform: t.field({ type: PushPlatform, resolve: (p) => p.platform }),
    sendable: t.exposeInt('sendable'),
    delivered: t.exposeInt('delivered'),
    lost: t.exposeInt('lost'),
    lossRate: t.exposeFloat('lossRate', { nullable: true, description: 'lost / sendable; null when sendable is 0.' }),
    topReason: t.field({
      type: LossReason,
      nullable: true,
      resolve: topReasonOf,
    }),
  }),
});

const TaskSummary = builder.objectRef<TaskSummaryShape>('TaskSummary').implement({
  description:
    "How many of a task's pushes were lost, where and why: its statistics and loss in one window, set against each other.",
  fields: (t) => ({
    id: t.id({
      description: 'Stable for the same task and window, for normalized client caches.',
      resolve: (s) => globalIdOf('TaskSummary', keyOf(s)),
    }),
    stats: t.field({
      type: DeliveryStats,
      nullable: true,
      resolve: async (s) => statsShape(await s.stats, 'task', s.taskId, s.window),
    }),
    loss: t.field({
      type: LossReport,
      nullable: true,
      resolve: async (s) => ({ source: 'task' as const, taskId: s.taskId, window: s.window, loss: await s.loss }),
    }),
    lossRate: t.float({
      nullable: true,
      description: 'loss.total / stats.total (sendable); null when nothing was sendable.',
      resolve: async (s) => {
        const [loss, stats] = await both(s);
        return ratio(lossTotal(loss), stats.total);
      },
    }),
    byPlatform: t.field({
      type: [PlatformSummary],
      description: 'Per channel, the channels with the most loss first.',
      resolve: async (s) => channels(s, ...(await both(s))),
    }),
    topReasons: t.field({
      type: [LossReason],
      description:
        'The largest reasons of loss, by count: from the per-channel buckets where the report has them, else the overall ones.',
      args: { limit: t.arg.int({ defaultValue: 5, description: 'How many; below 0 counts as 0.' }) },
      // Clamped rather than refused: the calls are under way by the time this argument is read.
      resolve: async (s, { limit }) => reasons(s, await s.loss).slice(0, Math.max(0, limit ?? 5)),
    }),
  }),
});

builder.objectField(Task, 'summary', (t) =>
  t.field({
    type: TaskSummary,
    nullable: true,
    description:
      'How many pushes of this task were lost, where, why and what to do: one loss call and one statistics call, each batched 5 tasks a call with the other tasks asking for the same window, from any request. Default range: the last 7 days, ending on a 5-minute step (DEFAULT_WINDOW_STEP_SECONDS).',
    args: { range: t.arg({ type: TimeRange }) },
    authScopes: { statsRead: true },
    extensions: upstreamCost({
      intents: (args, tasks) =>
        tasks.flatMap((taskId) => [
          read(allMemberPushLoss, { window: windowArg(args.range), taskId }),
          read(allMemberPushStatistics, { window: windowArg(args.range), taskId }),
        ]),
    }),
    resolve: (task, { range }, ctx) => {
      const window = range ? toWindow(range) : ctx.defaultWindow;
      const summary: TaskSummaryShape = {
        taskId: task.id,
        window,
        loss: ctx.loaders.taskLoss.load({ window, taskId: task.id }),
        stats: ctx.loaders.taskStats.load({ window, taskId: task.id }),
      };
      // A field that never awaits one of them must not leave its failure unhandled; fields that do still see it.
      summary.loss.catch(() => undefined);
      summary.stats.catch(() => undefined);
      return summary;
    },
  }),
);
