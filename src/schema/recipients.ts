// Who got a push and who did not: every recipient of a task or ordinary push, from the push callbacks kept in the
// history database, filtered by result, class, channel and code, paged by keyset; a push's summary; the
// recipients whose tokens a vendor rejected. No upstream call, but Recipient.trace when selected.
import { diagnose } from '../diagnosis/index.js';
import { HistoryUnavailableError } from '../history/errors.js';
import { lossStageOfEvent } from '../events/model.js';
import {
  RESULTS,
  deviceResult,
  eventTypeOf,
  platformOf,
  stageOf,
  type Device,
  type InvalidCursor,
  type RecipientFilter as Filter,
  type RecipientRow,
  type Recipients,
  type Subject,
} from '../recipients/index.js';
import { LOSS_CLASSES, type LossClass as LossClassValue } from '../diagnosis/index.js';
import { PLATFORMS, type Platform } from '../upstream/model.js';
import { allMemberPushTrace } from '../upstream/apis/index.js';
import { PushEventType, PushPlatform, PushStatus, builder, type Context } from './builder.js';
import { read, upstreamCost } from './cost.js';
import { Diagnosis, LossClass } from './diagnosis.js';
import { nodeIdentity, idPart, notAnId } from './identity.js';
import { PushStage } from './live.js';
import { TraceResult } from './outcome.js';
import { Task } from './task.js';
import { Push, UserTrace } from './trace.js';
import { decodeCursor, encodeCursor, keysetPage, pageSize } from './cursor.js';
import { requireId } from './validate.js';

/** The most recipients one page holds. */
export const MAX_PAGE = 1_000;

const RecipientDevice = builder.objectRef<Device>('RecipientDevice').implement({
  description:
    "One device of a recipient, as the callbacks reported it: its channel and event type, the furthest it got or where it failed, and the vendor's code.",
  fields: (t) => ({
    platform: t.field({ type: PushPlatform, resolve: (d) => platformOf(d.p) }),
    eventType: t.field({ type: PushEventType, nullable: true, resolve: (d) => eventTypeOf(d.e) }),
    stage: t.field({
      type: PushStage,
      description: 'Where it failed, or the furthest stage that succeeded.',
      resolve: (d) => stageOf(d.f ?? Math.max(d.r, 1)),
    }),
    status: t.field({ type: PushStatus, resolve: (d) => (d.f !== undefined ? 'FAILURE' : 'SUCCESS') }),
    errorCode: t.int({ resolve: (d) => d.c ?? 0 }),
    errorInfo: t.string({ resolve: (d) => d.i ?? '' }),
    diagnosis: t.field({
      type: Diagnosis,
      nullable: true,
      description: "What the failure's code means and what to do; null unless the device failed.",
      resolve: (d) =>
        d.f === undefined ? null : diagnose(platformOf(d.p), d.c ?? 0, lossStageOfEvent(stageOf(d.f)), d.i),
    }),
    at: t.field({ type: 'DateTime', description: 'Its latest event.', resolve: (d) => new Date(d.at) }),
  }),
});

export const Recipient = builder.objectRef<RecipientRow>('Recipient');
builder.node(Recipient, {
  description:
    'One recipient of a push, from the push callbacks: its result is the best over its devices (FAILED only when every device failed), with the rules InstanceTrace.outcome uses.',
  id: nodeIdentity((r: RecipientRow) => [r.kind, r.subject, r.account]),
  loadOne: async (key, ctx) => {
    if (key[0] !== 'task' && key[0] !== 'push') throw notAnId();
    const subject: Subject = { kind: key[0], id: idPart(key[1]) };
    const [row] = await (await storeOf(ctx)).page(subject, { account: idPart(key[2]) }, 1);
    return row ?? null;
  },
  fields: (t) => ({
    account: t.exposeID('account'),
    taskId: t.id({ nullable: true, resolve: (r) => (r.kind === 'task' ? r.subject : null) }),
    pushId: t.id({ nullable: true, resolve: (r) => (r.kind === 'push' ? r.subject : null) }),
    result: t.field({ type: TraceResult, resolve: (r) => r.result }),
    failedStage: t.field({
      type: PushStage,
      nullable: true,
      description: 'Where delivery stopped when every device failed: the earliest failed stage.',
      resolve: (r) => (r.failedStage === null ? null : stageOf(r.failedStage)),
    }),
    lastEventAt: t.field({ type: 'DateTime', resolve: (r) => r.lastAt }),
    devices: t.field({
      type: [RecipientDevice],
      // Failures first: the device a reader looks for.
      resolve: (r) =>
        [...r.devices].sort((a, b) => RESULTS.indexOf(deviceResult(b)) - RESULTS.indexOf(deviceResult(a))),
    }),
    trace: t.field({
      type: UserTrace,
      nullable: true,
      description:
        "This recipient's per-device trace of the task (all_member_push_trace: one call, only when selected); null for an ordinary push's recipient (see Push.traces).",
      authScopes: { statsRead: true },
      extensions: upstreamCost({
        intents: (_, recipients) => recipients.map((r) => read(allMemberPushTrace, { taskId: r, userId: r })),
      }),
      resolve: async (r, _, ctx) =>
        r.kind === 'task'
          ? {
              taskId: r.subject,
              userId: r.account,
              instances: await ctx.loaders.taskTrace.load({ taskId: r.subject, userId: r.account }),
            }
          : null,
    }),
  }),
});

interface ConnectionShape {
  edges: { cursor: string; node: RecipientRow }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: () => Promise<number>;
}

const RecipientConnection = builder.connectionObject(
  {
    type: Recipient,
    name: 'RecipientConnection',
    fields: (t) => ({
      totalCount: t.int({
        description: 'How many recipients match the filter, over every page.',
        // The relay plugin types a connection's own shape as edges and pageInfo; pageOf adds the count's reader.
        resolve: (c) => (c as unknown as ConnectionShape).totalCount(),
      }),
    }),
  },
  { name: 'RecipientEdge' },
);

export const RecipientFilter = builder.inputType('RecipientFilter', {
  description:
    "Which recipients: `result` on the recipient's result; `class`, `platform` and `errorCode` match when one device of the recipient matches them all.",
  fields: (t) => ({
    result: t.field({ type: [TraceResult] }),
    class: t.field({ type: [LossClass] }),
    platform: t.field({ type: [PushPlatform] }),
    errorCode: t.int(),
    account: t.id(),
  }),
});

type FilterInput = {
  result?: (typeof RESULTS)[number][] | null;
  class?: LossClassValue[] | null;
  platform?: Platform[] | null;
  errorCode?: number | null;
  account?: string | null;
};

function readFilter(input: FilterInput | null | undefined): Filter {
  if (!input) return {};
  const classes = input.class ?? undefined;
  const platforms = input.platform ?? undefined;
  const errorCode = input.errorCode ?? undefined;
  return {
    results: input.result ?? undefined,
    device:
      classes?.length || platforms?.length || errorCode !== undefined ? { classes, platforms, errorCode } : undefined,
    account: input.account == null ? undefined : requireId(input.account, 'filter.account'),
  };
}

function recipientsOf(ctx: Context): Recipients {
  if (!ctx.recipients)
    throw new HistoryUnavailableError(
      'this gateway keeps no recipients: they live in the history (HISTORY_ENABLED=false)',
      true,
    );
  return ctx.recipients;
}
const storeOf = async (ctx: Context) => recipientsOf(ctx).store();

/** A page of a push's recipients, its cursor the last account. */
async function pageOf(
  ctx: Context,
  subject: Subject,
  args: { filter?: FilterInput | null; first?: number | null; after?: string | null },
): Promise<ConnectionShape> {
  const first = pageSize(args.first, 50, MAX_PAGE);
  const filter = readFilter(args.filter);
  const after = args.after == null ? undefined : decodeCursor(args.after, 'recipients', 1)[0];
  const store = await storeOf(ctx);
  const rows = await store.page(subject, filter, first + 1, after);
  return connection(
    rows,
    first,
    args.after,
    (r) => encodeCursor([r.account]),
    () => store.count(subject, filter),
  );
}

function connection(
  rows: RecipientRow[],
  first: number,
  after: string | null | undefined,
  cursorOf: (r: RecipientRow) => string,
  totalCount: () => Promise<number>,
): ConnectionShape {
  return { ...keysetPage(rows, first, after, cursorOf, (row) => row), totalCount };
}

interface SummaryShape {
  recipients: number;
  counts: Record<string, number>;
}

const ResultCount = builder
  .objectRef<{ result: (typeof RESULTS)[number]; count: number }>('RecipientResultCount')
  .implement({
    fields: (t) => ({ result: t.field({ type: TraceResult, resolve: (c) => c.result }), count: t.exposeInt('count') }),
  });
const ClassCount = builder.objectRef<{ class: LossClassValue; count: number }>('RecipientClassCount').implement({
  description: 'Recipients with a failed device of this class.',
  fields: (t) => ({ class: t.field({ type: LossClass, resolve: (c) => c.class }), count: t.exposeInt('count') }),
});
const PlatformCount = builder
  .objectRef<{ platform: Platform; result: (typeof RESULTS)[number]; count: number }>('RecipientPlatformCount')
  .implement({
    description: 'Devices on this channel with this result.',
    fields: (t) => ({
      platform: t.field({ type: PushPlatform, resolve: (c) => c.platform }),
      result: t.field({ type: TraceResult, resolve: (c) => c.result }),
      count: t.exposeInt('count'),
    }),
  });

const RecipientSummary = builder.objectRef<SummaryShape>('RecipientSummary').implement({
  description: "A push's recipients in counts, kept as the callbacks arrive: no upstream call, no scan.",
  fields: (t) => ({
    total: t.int({ resolve: (s) => s.recipients }),
    byResult: t.field({
      type: [ResultCount],
      resolve: (s) => RESULTS.map((result) => ({ result, count: s.counts[`result:${result}`] ?? 0 })),
    }),
    byClass: t.field({
      type: [ClassCount],
      resolve: (s) =>
        LOSS_CLASSES.map((c) => ({ class: c, count: s.counts[`class:${c}`] ?? 0 })).filter((c) => c.count > 0),
    }),
    byPlatform: t.field({
      type: [PlatformCount],
      resolve: (s) =>
        PLATFORMS.flatMap((platform) =>
          RESULTS.map((result) => ({ platform, result, count: s.counts[`platform:${platform}:${result}`] ?? 0 })),
        ).filter((c) => c.count > 0),
    }),
  }),
});

for (const [ref, kind] of [
  [Task, 'task'],
  [Push, 'push'],
] as const) {
  builder.objectFields(ref, (t) => ({
    recipients: t.field({
      type: RecipientConnection,
      description: `Every recipient of this ${kind === 'task' ? 'task' : 'push'} the callbacks reported, by account (keyset pages of at most ${MAX_PAGE}). No upstream call.`,
      args: {
        filter: t.arg({ type: RecipientFilter }),
        first: t.arg.int({ defaultValue: 50 }),
        after: t.arg.string({ description: 'The endCursor of the previous page.' }),
      },
      authScopes: { statsRead: true },
      extensions: upstreamCost({
        returns: (args) =>
          Array.from({ length: Math.min(Number(args.first ?? 50) || 0, MAX_PAGE) }, (_, i) => `recipient ${i}`),
      }),
      resolve: (parent, args, ctx) => pageOf(ctx, { kind, id: parent.id }, args),
    }),
    recipientSummary: t.field({
      type: RecipientSummary,
      description: 'Its recipients in counts: by result, by class, by channel. No upstream call.',
      authScopes: { statsRead: true },
      resolve: async (parent, _, ctx) => (await storeOf(ctx)).summary({ kind, id: parent.id }),
    }),
  }));
}

builder.queryField('invalidTokens', (t) =>
  t.field({
    type: RecipientConnection,
    description:
      'Recipients with a device whose token a vendor rejected (class TOKEN_INVALID, pruneToken): the list to clean up, newest first. The gateway never deletes anything itself. No upstream call.',
    args: {
      since: t.arg({ type: 'DateTime', description: 'Only those rejected since.' }),
      platform: t.arg({ type: [PushPlatform] }),
      first: t.arg.int({ defaultValue: 50 }),
      after: t.arg.string({ description: 'The endCursor of the previous page.' }),
    },
    authScopes: { statsRead: true },
    resolve: async (_, args, ctx) => {
      const first = pageSize(args.first, 50, MAX_PAGE);
      const at = args.after == null ? undefined : decodeCursor(args.after, 'invalidTokens', 4, [0]);
      const after: InvalidCursor | undefined = at && { lastAt: at[0]!, kind: at[1]!, subject: at[2]!, account: at[3]! };
      const store = await storeOf(ctx);
      const rows = await store.invalidTokens({
        since: args.since ?? undefined,
        platforms: args.platform ?? undefined,
        limit: first + 1,
        after,
      });
      return connection(
        rows,
        first,
        args.after,
        (r) => encodeCursor([r.lastAt.toISOString(), r.kind, r.subject, r.account]),
        () => store.countInvalid({ since: args.since ?? undefined, platforms: args.platform ?? undefined }),
      );
    },
  }),
);
