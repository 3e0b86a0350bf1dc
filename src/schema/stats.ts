// Delivery statistics: the funnel sendable → sent → delivered → clicked, with its rates, per vendor channel.
import type { Stats, StatsCounts, StatsRow, Window } from '../upstream/model.js';
import { LIMITS } from '../upstream/wire.js';
import { PushEventType, PushPlatform, builder, type Context } from './builder.js';
import { perObject, perObjectIn } from './derived.js';
import { globalIdOf, windowKey } from './identity.js';
import type { LossSource } from './loss.js';
import { Task } from './task.js';
import { badInput } from './validate.js';
import { allMemberPushStatistics, normalPushStatistics } from '../upstream/apis/index.js';
import { recordedFigures, type RecordedDay } from '../loaders/index.js';
import { DEFAULT_STATS_WINDOW, read, upstreamCost, windowArg } from './cost.js';

export interface DeliveryStatsShape extends StatsCounts {
  origin?: Stats['origin'];
  /** Whose statistics: one task, ordinary pushes or all tasks together. */
  source: LossSource;
  taskId: string | null;
  window: Window;
  /** Absent for a recorded day, whose totals are read alone: its channels are read from it when selected. */
  byPlatform?: StatsRow[];
  recorded?: RecordedDay;
}

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

export const StatsRange = builder.inputType('StatsRange', {
  description: 'A window of at most 30 days, to after from (the statistics APIs keep 30 days).',
  fields: (t) => ({
    from: t.field({ type: 'DateTime', required: true }),
    to: t.field({ type: 'DateTime', required: true }),
  }),
});

/** A range as the statistics APIs take it: whole seconds, to after from, at most 30 days. */
export function toStatsWindow(range: { from: Date; to: Date }, argument = 'range'): Window {
  const from = new Date(Math.floor(range.from.getTime() / 1000) * 1000);
  const to = new Date(Math.floor(range.to.getTime() / 1000) * 1000);
  if (to <= from) throw badInput(`${argument}.to must be after ${argument}.from`, argument);
  if ((to.getTime() - from.getTime()) / 1000 > LIMITS.maxStatsWindowSeconds) {
    throw badInput(`${argument} spans more than 30 days, the most the statistics APIs keep`, argument);
  }
  return { from, to };
}

/**
 * The last 30 days up to the same end as the loss default (a DEFAULT_WINDOW_STEP_SECONDS step), starting as far
 * after 30 days before it as the loss default starts after 7: within what the upstream keeps.
 */
export const lastThirtyDays = (ctx: Context): Window => {
  const { from, to } = ctx.defaultWindow;
  const step = from.getTime() - (to.getTime() - LIMITS.maxWindowSeconds * 1000);
  return { from: new Date(to.getTime() - LIMITS.maxStatsWindowSeconds * 1000 + step), to };
};

/** A share, or null when there is nothing to divide by. */
export const ratio = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** Huawei, HONOR and Meizu report arrival only through receipts the app must configure. */
const RECEIPT_PLATFORMS: ReadonlySet<StatsRow['platform']> = new Set(['HUAWEI', 'HONOR', 'MEIZU']);

/** The funnel's counts and rates, the same on the whole and on one channel. */
function funnelFields<T extends StatsCounts>(t: PothosSchemaTypes.ObjectFieldBuilder<Types, T>) {
  return {
    total: t.int({ description: 'Sendable: what could be sent (TotalCount).', resolve: (s) => s.total }),
    sent: t.int({ resolve: (s) => s.sent }),
    delivered: t.int({ description: 'Reached the device.', resolve: (s) => s.delivered }),
    clicked: t.int({ resolve: (s) => s.clicked }),
    sentRate: t.float({
      nullable: true,
      description: 'sent / total; null when total is 0.',
      resolve: (s) => ratio(s.sent, s.total),
    }),
    deliveryRate: t.float({
      nullable: true,
      description: 'delivered / sent; null when sent is 0.',
      resolve: (s) => ratio(s.delivered, s.sent),
    }),
    clickRate: t.float({
      nullable: true,
      description: 'clicked / delivered; null when delivered is 0.',
      resolve: (s) => ratio(s.clicked, s.delivered),
    }),
  };
}

const PlatformStats = builder.objectRef<StatsRow & { stats: string }>('PlatformStats').implement({
  description:
    "One channel's funnel. The online row (eventType ONLINE, platform UNKNOWN) is kept apart from the vendors'.",
  fields: (t) => ({
    id: t.id({ resolve: perObject((r) => globalIdOf('PlatformStats', [r.stats, r.platform, r.eventType])) }),
    platform: t.field({ type: PushPlatform, resolve: (r) => r.platform }),
    eventType: t.field({
      type: PushEventType,
      nullable: true,
      description:
        'OFFLINE or ONLINE as all_member_push_statistics reports it. normal_push_statistics does not report it: there a platform-0 row is the online row (online pushes are not split by vendor), the others null.',
      resolve: (r) => r.eventType,
    }),
    ...funnelFields(t),
    deliveryNeedsReceipts: t.boolean({
      description:
        "True for Huawei, HONOR and Meizu: their delivered count comes from the vendor's delivery receipts, and stays far below the truth unless receipts are configured for the app in the vendor's console.",
      resolve: (r) => RECEIPT_PLATFORMS.has(r.platform),
    }),
  }),
});

/** Vendors first, the online row last. */
const ordered = (rows: readonly StatsRow[]): StatsRow[] => [
  ...rows.filter((r) => r.eventType !== 'ONLINE'),
  ...rows.filter((r) => r.eventType === 'ONLINE'),
];

const platformRows = perObject((s: DeliveryStatsShape) =>
  ordered(s.byPlatform!).map((r) => ({ ...r, stats: statsId(s) })),
);

const statsId = (s: DeliveryStatsShape) => globalIdOf('DeliveryStats', [s.source, s.taskId, ...windowKey(s.window)]);

const shapes = perObjectIn<DeliveryStatsShape>();
/** Statistics with whose they are and their window: one object per (cached) answer, as DeliveryStats reads it. */
export const statsShape = (stats: Stats, source: LossSource, taskId: string | null, window: Window) =>
  shapes(stats, `${source}\0${taskId}\0${window.from.getTime()}\0${window.to.getTime()}`, () => ({
    source,
    taskId,
    window,
    ...stats,
  }));

export const DeliveryStats = builder.objectRef<DeliveryStatsShape>('DeliveryStats').implement({
  description: 'The delivery funnel in a window: sendable → sent → delivered → clicked, on the whole and per channel.',
  fields: (t) => ({
    id: t.id({
      description: 'Stable for the same statistics (whose, and the window), for normalized client caches.',
      resolve: perObject(statsId),
    }),
    taskId: t.id({ nullable: true, resolve: (s) => s.taskId }),
    from: t.field({ type: 'DateTime', resolve: (s) => s.window.from }),
    to: t.field({ type: 'DateTime', resolve: (s) => s.window.to }),
    ...funnelFields(t),
    byPlatform: t.field({
      type: [PlatformStats],
      resolve: (s, _, ctx) =>
        s.byPlatform
          ? platformRows(s)
          : recordedFigures<Stats>(ctx.loaders, s.recorded!, 'stats').then((f) => platformRows({ ...s, ...f })),
    }),
  }),
});

builder.objectField(Task, 'stats', (t) =>
  t.field({
    type: DeliveryStats,
    nullable: true,
    description:
      'Delivery statistics of this task (all_member_push_statistics, 5 tasks a call, shared with other requests). Default range: the last 30 days, ending on a 5-minute step (DEFAULT_WINDOW_STEP_SECONDS).',
    args: { range: t.arg({ type: StatsRange }) },
    authScopes: { statsRead: true },
    extensions: upstreamCost({
      intents: (args, tasks) =>
        tasks.map((taskId) =>
          read(allMemberPushStatistics, { window: windowArg(args.range, DEFAULT_STATS_WINDOW), taskId }),
        ),
    }),
    resolve: async (task, { range }, ctx) => {
      const window = range ? toStatsWindow(range) : lastThirtyDays(ctx);
      return statsShape(await ctx.loaders.taskStats.load({ window, taskId: task.id }), 'task', task.id, window);
    },
  }),
);

builder.queryFields((t) => {
  /** Statistics over a required window, from one of the window-keyed loaders. */
  const windowStats = (
    description: string,
    source: 'pushes' | 'tasks',
    loader: (ctx: Context) => Context['loaders']['pushStats'],
  ) =>
    t.field({
      type: DeliveryStats,
      nullable: true,
      description,
      args: { range: t.arg({ type: StatsRange, required: true }) },
      extensions: upstreamCost({
        intents: ({ range }) => [
          source === 'pushes'
            ? read(normalPushStatistics, windowArg(range))
            : read(allMemberPushStatistics, { window: windowArg(range), taskId: null }),
        ],
      }),
      resolve: async (_, { range }, ctx) => {
        const window = toStatsWindow(range);
        return statsShape(await loader(ctx).load(window), source, null, window);
      },
    });
  return {
    pushStats: windowStats(
      'Delivery statistics of ordinary (single and group message) pushes in a window (normal_push_statistics).',
      'pushes',
      (ctx) => ctx.loaders.pushStats,
    ),
    overallTaskStats: windowStats(
      'Delivery statistics of all all-user / tag / batch push tasks together (all_member_push_statistics, no TaskID).',
      'tasks',
      (ctx) => ctx.loaders.overallTaskStats,
    ),
  };
});
