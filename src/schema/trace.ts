// Per-device delivery traces: ordinary pushes (Push) and the per-user trace object shared with tasks.
import { diagnose } from '../diagnosis/index.js';
import type { InstanceTrace as InstanceTraceShape, Platform, StageStat as StageStatShape } from '../upstream/model.js';
import { PushEventType, PushPlatform, PushStatus, TraceStage, builder } from './builder.js';
import { Diagnosis } from './diagnosis.js';
import { requireId } from './validate.js';

/** A stage with the channel of its device, which a vendor's code is read with. */
type StageOnDevice = StageStatShape & { platform: Platform };

const StageStat = builder.objectRef<StageOnDevice>('StageStat').implement({
  fields: (t) => ({
    stage: t.field({ type: TraceStage, resolve: (s) => s.stage }),
    status: t.field({ type: PushStatus, resolve: (s) => s.status }),
    errorCode: t.exposeInt('errorCode'),
    errorInfo: t.exposeString('errorInfo'),
    eventTime: t.field({ type: 'DateTime', nullable: true, resolve: (s) => s.eventTime }),
    diagnosis: t.field({
      type: Diagnosis,
      nullable: true,
      description: "What the failure's code means and what to do; null for a successful stage.",
      resolve: (s) => (s.status === 'SUCCESS' ? null : diagnose(s.platform, s.errorCode, s.stage, s.errorInfo)),
    }),
  }),
});

export const InstanceTrace = builder.objectRef<InstanceTraceShape>('InstanceTrace').implement({
  description: 'What happened to one push on one IM instance (device) of the user.',
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
      resolve: (i) => i.stages.map((s) => ({ ...s, platform: i.platform })),
    }),
  }),
});

export interface UserTraceShape {
  taskId: string;
  userId: string;
  instances: InstanceTraceShape[];
}

export const UserTrace = builder.objectRef<UserTraceShape>('UserTrace').implement({
  fields: (t) => ({
    taskId: t.exposeID('taskId'),
    userId: t.exposeID('userId'),
    instances: t.field({ type: [InstanceTrace], resolve: (u) => u.instances }),
  }),
});

const Push = builder.objectRef<{ id: string }>('Push').implement({
  description: 'An ordinary (single-chat) push, by its PushID: the MsgID of the message.',
  fields: (t) => ({
    id: t.exposeID('id'),
    traces: t.field({
      type: [InstanceTrace],
      nullable: true,
      description: 'Per-device trace (normal_push_trace).',
      resolve: (p, _, ctx) => ctx.loaders.pushTrace.load(p.id),
    }),
  }),
});

builder.queryField('push', (t) =>
  t.field({
    type: Push,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_, { id }) => ({ id: requireId(id, 'id') }),
  }),
);
