// Per-device delivery traces: ordinary pushes (Push) and the per-user trace object shared with tasks.
import { diagnose } from '../diagnosis/index.js';
import type { InstanceTrace as InstanceTraceData, Platform, StageStat as StageStatData } from '../upstream/model.js';
import { PushEventType, PushPlatform, PushStatus, TraceStage, builder, type Context } from './builder.js';
import { Diagnosis } from './diagnosis.js';
import { perObject, perObjectIn } from './derived.js';
import { globalIdOf, idPart, nodeIdentity, notAnId, type IdentityKey } from './identity.js';
import { requireId } from './validate.js';
import { allMemberPushTrace, normalPushTrace } from '../upstream/apis/index.js';
import { nodeCost, read, upstreamCost } from './cost.js';

/** Whose trace an instance belongs to: ["task", taskId, userId] or ["push", pushId]. */
type TraceOwner = readonly ['task', string, string] | readonly ['push', string];

interface InstanceTraceShape extends InstanceTraceData {
  owner: TraceOwner;
}

const instanceKey = (i: InstanceTraceShape): IdentityKey => [...i.owner, i.instanceId];
const ownedInstances = perObjectIn<InstanceTraceShape[]>();
const owned = (owner: TraceOwner, instances: InstanceTraceData[]): InstanceTraceShape[] =>
  ownedInstances(instances, owner.join('\0'), () => instances.map((i) => ({ ...i, owner })));

function loadTrace(owner: TraceOwner, ctx: Context): Promise<InstanceTraceData[]> {
  return owner[0] === 'task'
    ? ctx.loaders.taskTrace.load({ taskId: owner[1], userId: owner[2] })
    : ctx.loaders.pushTrace.load(owner[1]);
}

function ownerOfKey(key: IdentityKey): TraceOwner {
  if (key[0] === 'task' && key.length >= 3) return ['task', idPart(key[1]), idPart(key[2])];
  if (key[0] === 'push' && key.length >= 2) return ['push', idPart(key[1])];
  throw notAnId();
}

/** A stage of an instance, with the channel of its device, which a vendor's code is read with. */
type StageOnDevice = StageStatData & { instance: IdentityKey; platform: Platform };

const StageStat = builder.objectRef<StageOnDevice>('StageStat').implement({
  fields: (t) => ({
    id: t.id({ resolve: perObject((s) => globalIdOf('StageStat', [...s.instance, s.stage])) }),
    stage: t.field({ type: TraceStage, resolve: (s) => s.stage }),
    status: t.field({ type: PushStatus, resolve: (s) => s.status }),
    errorCode: t.exposeInt('errorCode'),
    errorInfo: t.exposeString('errorInfo'),
    eventTime: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.eventTime }),
    diagnosis: t.field({
      type: Diagnosis,
      nullable: true,
      description: "What the failure's code means and what to do; null for a successful stage.",
      resolve: perObject((s) =>
        s.status === 'SUCCESS' ? null : diagnose(s.platform, s.errorCode, s.stage, s.errorInfo),
      ),
    }),
  }),
});

export const InstanceTrace = builder.objectRef<InstanceTraceShape>('InstanceTrace');
builder.node(InstanceTrace, {
  description: 'What happened to one push on one IM instance (device) of the user.',
  extensions: nodeCost((key) =>
    key[0] === 'task'
      ? [read(allMemberPushTrace, { taskId: String(key[1]), userId: String(key[2]) })]
      : [read(normalPushTrace, String(key[1]))],
  ),
  id: nodeIdentity(instanceKey),
  loadOne: async (key, ctx) => {
    const owner = ownerOfKey(key);
    const instanceId = idPart(key[owner.length]);
    return owned(owner, await loadTrace(owner, ctx)).find((i) => i.instanceId === instanceId) ?? null;
  },
  fields: (t) => ({
    instanceId: t.exposeID('instanceId'),
    pushTime: t.field({ type: 'DateTime', nullable: true, resolve: (i) => i.pushTime }),
    eventType: t.field({ type: PushEventType, nullable: true, resolve: (i) => i.eventType }),
    platform: t.field({ type: PushPlatform, resolve: (i) => i.platform }),
    deviceModel: t.exposeString('deviceModel', { nullable: true }),
    system: t.exposeString('system', { nullable: true }),
    systemVersion: t.exposeString('systemVersion', { nullable: true }),
    token: t.exposeString('token', {
      nullable: true,
      description: 'The vendor device token; null unless the client has the stats:tokens scope.',
      authScopes: { statsTokens: true },
      unauthorizedResolver: () => null,
    }),
    certId: t.exposeString('certId', { nullable: true }),
    sdkVersion: t.exposeString('sdkVersion', { nullable: true }),
    pushVersion: t.exposeString('pushVersion', { nullable: true }),
    notificationEnabled: t.exposeBoolean('notificationEnabled', { description: 'The notification bar is enabled.' }),
    recentlyActive: t.exposeBoolean('recentlyActive', { description: 'The IM instance was active recently.' }),
    stages: t.field({
      type: [StageStat],
      description: 'The stages present, in TraceStage (funnel) order.',
      resolve: perObject((i) => i.stages.map((s) => ({ ...s, instance: instanceKey(i), platform: i.platform }))),
    }),
  }),
});

export interface UserTraceShape {
  taskId: string;
  userId: string;
  /** Absent when the trace was found by its id alone: then `instances` loads it. */
  instances?: InstanceTraceData[];
}

/** A user's devices: carried by the trace, or loaded when it was found by its id alone. */
export const instancesOf = (u: UserTraceShape, ctx: Context): Promise<InstanceTraceData[]> =>
  u.instances ? Promise.resolve(u.instances) : loadTrace(['task', u.taskId, u.userId], ctx);

export const UserTrace = builder.objectRef<UserTraceShape>('UserTrace');
builder.node(UserTrace, {
  description: "One user's per-device trace of one task.",
  // Found by its id alone, then its instances: one trace call at most.
  extensions: nodeCost((key) => [read(allMemberPushTrace, { taskId: String(key[0]), userId: String(key[1]) })]),
  id: nodeIdentity((u: UserTraceShape) => [u.taskId, u.userId]),
  // The id carries the task and the user: no upstream call until `instances` is asked for.
  loadOne: (key) => ({ taskId: idPart(key[0]), userId: idPart(key[1]) }),
  fields: (t) => ({
    taskId: t.exposeID('taskId'),
    userId: t.exposeID('userId'),
    instances: t.field({
      type: [InstanceTrace],
      resolve: async (u, _, ctx) => {
        return owned(['task', u.taskId, u.userId], await instancesOf(u, ctx));
      },
    }),
  }),
});

export const Push = builder.objectRef<{ id: string }>('Push').implement({
  description: 'An ordinary (single-chat) push, by its PushID: the MsgID of the message.',
  fields: (t) => ({
    id: t.exposeID('id'),
    traces: t.field({
      type: [InstanceTrace],
      nullable: true,
      description: 'Per-device trace (normal_push_trace).',
      extensions: upstreamCost({ intents: (_, pushes) => pushes.map((pushId) => read(normalPushTrace, pushId)) }),
      resolve: async (p, _, ctx) => owned(['push', p.id], await ctx.loaders.pushTrace.load(p.id)),
    }),
  }),
});

builder.queryField('push', (t) =>
  t.field({
    type: Push,
    args: { id: t.arg.id({ required: true }) },
    extensions: upstreamCost({ returns: (args) => [String(args.id)] }),
    resolve: (_, { id }) => ({ id: requireId(id, 'id') }),
  }),
);
