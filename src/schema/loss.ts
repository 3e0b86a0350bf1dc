// Loss reports: error codes that ate how many sends, per stage and per vendor channel.
import { diagnoseBucket } from '../diagnosis/index.js';
import type { Loss, LossBucket as LossBucketShape, Window } from '../upstream/model.js';
import type { Loaders } from '../loaders/index.js';
import { LossStage, PushEventType, PushPlatform, builder, type Context } from './builder.js';
import { Diagnosis } from './diagnosis.js';
import { toWindow } from './validate.js';

export interface LossReportShape {
  taskId: string | null;
  window: Window;
  loss: Loss;
}

export const TimeRange = builder.inputType('TimeRange', {
  description: 'A window of at most 7 days, to after from.',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', required: true }),
    to: t.field({ type: 'DateTime', required: true }),
  }),
});

/** A bucket with the per-channel breakdown of its report, which names the channel of an overall bucket's code. */
type BucketInReport = LossBucketShape & { byPlatform: readonly LossBucketShape[] };

const inReport = (buckets: readonly LossBucketShape[], loss: Loss): BucketInReport[] =>
  buckets.map((b) => ({ ...b, byPlatform: loss.byPlatform }));

const LossBucket = builder.objectRef<BucketInReport>('LossBucket').implement({
  description: 'One error code of one stage (and, in byPlatform, one channel) with the sends it ate.',
  fields: (t) => ({
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
      resolve: (b) => diagnoseBucket(b, b.byPlatform),
    }),
  }),
});

export const LossReport = builder.objectRef<LossReportShape>('LossReport').implement({
  fields: (t) => ({
    taskId: t.id({ nullable: true, resolve: (r) => r.taskId }),
    from: t.field({ type: 'DateTime', resolve: (r) => r.window.from }),
    to: t.field({ type: 'DateTime', resolve: (r) => r.window.to }),
    readyToSend: t.field({ type: [LossBucket], resolve: (r) => inReport(r.loss.readyToSend, r.loss) }),
    postSendDelivered: t.field({ type: [LossBucket], resolve: (r) => inReport(r.loss.postSendDelivered, r.loss) }),
    byPlatform: t.field({
      type: [LossBucket],
      description: 'The per-channel breakdown, optionally narrowed to one stage and/or one channel.',
      args: {
        stage: t.arg({ type: LossStage }),
        platform: t.arg({ type: PushPlatform }),
      },
      resolve: (r, { stage, platform }) =>
        inReport(
          r.loss.byPlatform.filter(
            (b) => (stage == null || b.stage === stage) && (platform == null || b.platform === platform),
          ),
          r.loss,
        ),
    }),
    total: t.int({
      description: 'Sum of the readyToSend and postSendDelivered counts.',
      resolve: (r) => [...r.loss.readyToSend, ...r.loss.postSendDelivered].reduce((sum, b) => sum + b.count, 0),
    }),
  }),
});

builder.queryFields((t) => {
  /** A loss report over a required window, from one of the window-keyed loaders. */
  const windowLoss = (description: string, loader: (ctx: Context) => Loaders['pushLoss']) =>
    t.field({
      type: LossReport,
      nullable: true,
      description,
      args: { range: t.arg({ type: TimeRange, required: true }) },
      resolve: async (_, { range }, ctx) => {
        const window = toWindow(range);
        return { taskId: null, window, loss: await loader(ctx).load(window) };
      },
    });
  return {
    pushLoss: windowLoss(
      'Loss of ordinary (single-chat) pushes in a window (normal_push_loss).',
      (ctx) => ctx.loaders.pushLoss,
    ),
    overallTaskLoss: windowLoss(
      'Loss of all all-user / tag / batch push tasks together in a window (all_member_push_loss, no TaskID).',
      (ctx) => ctx.loaders.overallTaskLoss,
    ),
  };
});
