// Loss reports: error codes that ate how many sends, per stage and per vendor channel.
import { diagnoseBucket } from '../diagnosis/index.js';
import type { Loss, LossBucket as LossBucketData, Window } from '../upstream/model.js';
import { LossStage, PushEventType, PushPlatform, builder, type Context } from './builder.js';
import { Diagnosis } from './diagnosis.js';
import { perObject, perObjectIn } from './derived.js';
import { globalIdOf, idPart, nodeIdentity, notAnId, windowKey, windowOfKey, type IdentityKey } from './identity.js';
import { toWindow } from './validate.js';
import { allMemberPushLoss, normalPushLoss } from '../upstream/apis/index.js';
import { recordedFigures, type RecordedDay } from '../loaders/index.js';
import { nodeCost, read, upstreamCost, windowArg, type Intent } from './cost.js';

/** Whose loss: one task (Task.loss), ordinary pushes (pushLoss) or all tasks together (overallTaskLoss). */
export type LossSource = 'task' | 'pushes' | 'tasks';

export interface LossReportShape {
  source: LossSource;
  taskId: string | null;
  window: Window;
  /** Absent when the report was found by its id alone: then its fields load it. */
  loss?: Loss;
  /** A recorded day, whose total is known without its buckets: they are read from it when selected. */
  recorded?: RecordedDay & { total: number };
}

const reportKey = (r: LossReportShape): IdentityKey => [r.source, r.taskId, ...windowKey(r.window)];

export function loadLoss(r: LossReportShape, ctx: Context): Promise<Loss> {
  if (r.loss) return Promise.resolve(r.loss);
  if (r.recorded) return recordedFigures<Loss>(ctx.loaders, r.recorded, 'loss');
  if (r.source === 'task') return ctx.loaders.taskLoss.load({ window: r.window, taskId: r.taskId! });
  return (r.source === 'pushes' ? ctx.loaders.pushLoss : ctx.loaders.overallTaskLoss).load(r.window);
}

/** The one loss intent a report needs: a task's, ordinary pushes' or all tasks' loss in its window. */
function lossIntent(source: LossSource, taskId: string | null, window: Window): Intent {
  if (source === 'pushes') return read(normalPushLoss, window);
  return read(allMemberPushLoss, { window, taskId: source === 'task' ? taskId : null });
}

function reportOfKey(key: IdentityKey): LossReportShape {
  const [source, taskId, from, to] = key;
  const window = windowOfKey(from, to);
  if (source === 'task') return { source, taskId: idPart(taskId), window };
  if ((source === 'pushes' || source === 'tasks') && taskId === null) return { source, taskId: null, window };
  throw notAnId();
}

export const TimeRange = builder.inputType('TimeRange', {
  description: 'A window of at most 7 days, to after from.',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', required: true }),
    to: t.field({ type: 'DateTime', required: true }),
  }),
});

interface LossBucketShape extends LossBucketData {
  report: IdentityKey;
  list: 'stage' | 'platform';
  /** The per-channel breakdown of its report, which names the channel of an overall bucket's code. */
  byPlatform: readonly LossBucketData[];
}

const reportBuckets = perObjectIn<LossBucketShape[]>();
const lossTotal = perObject((loss: Loss) =>
  [...loss.readyToSend, ...loss.postSendDelivered].reduce((sum, b) => sum + b.count, 0),
);

const LossBucket = builder.objectRef<LossBucketShape>('LossBucket').implement({
  description: 'One error code of one stage (and, in byPlatform, one channel) with the sends it ate.',
  fields: (t) => ({
    id: t.id({
      resolve: perObject((b) =>
        globalIdOf('LossBucket', [...b.report, b.list, b.stage, b.platform, b.eventType, b.errorCode]),
      ),
    }),
    stage: t.field({ type: LossStage, resolve: (b) => b.stage }),
    platform: t.field({ type: PushPlatform, nullable: true, resolve: (b) => b.platform }),
    eventType: t.field({ type: PushEventType, nullable: true, resolve: (b) => b.eventType }),
    errorCode: t.exposeString('errorCode', {
      description: 'The vendor or Tencent error code, as a string (e.g. "-1", "410").',
    }),
    errorInfo: t.exposeString('errorInfo', { description: 'The most frequent description of that code.' }),
    count: t.exposeInt('count'),
    diagnosis: t.field({
      type: Diagnosis,
      description:
        "What the code means and what to do. An overall bucket's code is read as the one channel's that shows it, if only one does; otherwise only Tencent's own codes are known without a channel.",
      resolve: perObject((b) => diagnoseBucket(b, b.byPlatform)),
    }),
  }),
});

export const LossReport = builder.objectRef<LossReportShape>('LossReport');
builder.node(LossReport, {
  description: 'The loss of a task, of ordinary pushes or of all tasks, in one window.',
  id: nodeIdentity(reportKey),
  extensions: nodeCost((key) => {
    const { source, taskId, window } = reportOfKey(key);
    return [lossIntent(source, taskId, window)];
  }),
  // The id carries whose loss and the window: no upstream call until the buckets are asked for.
  loadOne: (key) => reportOfKey(key),
  fields: (t) => {
    const buckets =
      (pick: (loss: Loss) => LossBucketData[], list: LossBucketShape['list']) =>
      async (r: LossReportShape, ctx: Context): Promise<LossBucketShape[]> => {
        const loss = await loadLoss(r, ctx);
        const report = reportKey(r);
        return reportBuckets(pick(loss), `${list}\0${JSON.stringify(report)}`, () =>
          pick(loss).map((b) => ({ ...b, report, list, byPlatform: loss.byPlatform })),
        );
      };
    return {
      taskId: t.id({ nullable: true, resolve: (r) => r.taskId }),
      from: t.field({ type: 'DateTime', resolve: (r) => r.window.from }),
      to: t.field({ type: 'DateTime', resolve: (r) => r.window.to }),
      readyToSend: t.field({
        type: [LossBucket],
        resolve: (r, _, ctx) => buckets((l) => l.readyToSend, 'stage')(r, ctx),
      }),
      postSendDelivered: t.field({
        type: [LossBucket],
        resolve: (r, _, ctx) => buckets((l) => l.postSendDelivered, 'stage')(r, ctx),
      }),
      byPlatform: t.field({
        type: [LossBucket],
        description: 'The per-channel breakdown, optionally narrowed to one stage and/or one channel.',
        args: {
          stage: t.arg({ type: LossStage }),
          platform: t.arg({ type: PushPlatform }),
        },
        resolve: async (r, { stage, platform }, ctx) =>
          (await buckets((l) => l.byPlatform, 'platform')(r, ctx)).filter(
            (b) => (stage == null || b.stage === stage) && (platform == null || b.platform === platform),
          ),
      }),
      total: t.int({
        description: 'Sum of the readyToSend and postSendDelivered counts.',
        resolve: async (r, _, ctx) => r.recorded?.total ?? lossTotal(await loadLoss(r, ctx)),
      }),
    };
  },
});

builder.queryFields((t) => {
  /** A loss report over a required window, from one of the window-keyed loaders. */
  const windowLoss = (description: string, source: 'pushes' | 'tasks') =>
    t.field({
      type: LossReport,
      nullable: true,
      description,
      args: { range: t.arg({ type: TimeRange, required: true }) },
      extensions: upstreamCost({ intents: (args) => [lossIntent(source, null, windowArg(args.range))] }),
      resolve: async (_, { range }, ctx) => {
        const report: LossReportShape = { source, taskId: null, window: toWindow(range) };
        return { ...report, loss: await loadLoss(report, ctx) };
      },
    });
  return {
    pushLoss: windowLoss('Loss of ordinary (single-chat) pushes in a window (normal_push_loss).', 'pushes'),
    overallTaskLoss: windowLoss(
      'Loss of all all-user / tag / batch push tasks together in a window (all_member_push_loss, no TaskID).',
      'tasks',
    ),
  };
});
