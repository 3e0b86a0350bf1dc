// The decoded, camelCase shapes the rest of the gateway works with. Only src/upstream knows the wire spellings:
// each API's module in apis/ for its request and answer, decode.ts for the shared decoders, transport.ts for
// the envelope every answer shares (ActionStatus, ErrorCode, ErrorInfo).
import type { Notification } from './notification.js';

export * from './notification.js';

export const PLATFORMS = ['UNKNOWN', 'APNS', 'XIAOMI', 'HUAWEI', 'FCM', 'MEIZU', 'OPPO', 'VIVO', 'HONOR'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const EVENT_TYPES = ['OFFLINE', 'ONLINE'] as const; // wire 1, 2
export type EventType = (typeof EVENT_TYPES)[number];

export const PUSH_STATUSES = ['SUCCESS', 'FAILURE'] as const; // wire 1, 2
export type PushStatus = (typeof PUSH_STATUSES)[number];

/** Funnel order: `stages` lists the present ones in this order. */
export const TRACE_STAGES = [
  'IM_COMMIT',
  'OFFLINE_SUBMIT',
  'OFFLINE_CHANNEL',
  'OFFLINE_DEVICE',
  'OFFLINE_CLICK',
  'ONLINE_CHANNEL',
  'ONLINE_DEVICE',
] as const;
export type TraceStage = (typeof TRACE_STAGES)[number];

export const LOSS_STAGES = ['READY_TO_SEND', 'POST_SEND_DELIVERED'] as const;
export type LossStage = (typeof LOSS_STAGES)[number];

export interface StageStat {
  stage: TraceStage;
  status: PushStatus;
  errorCode: number;
  errorInfo: string;
  eventTime: Date | null;
}

export interface InstanceTrace {
  instanceId: string;
  pushTime: Date | null;
  eventType: EventType | null;
  platform: Platform;
  deviceModel: string | null;
  system: string | null;
  systemVersion: string | null;
  token: string | null;
  certId: string | null;
  sdkVersion: string | null;
  pushVersion: string | null;
  notificationEnabled: boolean;
  recentlyActive: boolean;
  stages: StageStat[];
}

export interface LossBucket {
  stage: LossStage;
  platform: Platform | null;
  eventType: EventType | null;
  errorCode: string;
  errorInfo: string;
  count: number;
}

/** Where figures came from: the upstream, the gateway's cache of it, or the daily records (src/history/). */
export type DataSource = 'UPSTREAM' | 'CACHE' | 'HISTORY';

export interface Loss {
  /** Absent: fetched from the upstream. */
  origin?: DataSource;
  readyToSend: LossBucket[];
  postSendDelivered: LossBucket[];
  /** The per-channel breakdown of both stages. */
  byPlatform: LossBucket[];
}

export const EMPTY_LOSS: Loss = { readyToSend: [], postSendDelivered: [], byPlatform: [] };

/** A window of whole seconds, as the loss APIs take it. */
export interface Window {
  from: Date;
  to: Date;
}

export interface BatchPush extends Notification {
  fromAccount: string;
  toAccounts: string[];
  dataId: string | null;
  msgRandom: number;
}

/** An account the upstream listed in an answer's ErrorList: the call went through, not for this account. */
export interface AccountFailure {
  account: string;
  errorCode: number;
  errorInfo: string | null;
}

export interface BatchPushResult {
  taskId: string;
  failedAccounts: AccountFailure[];
}

export interface Attribute {
  name: string;
  value: string;
}

/** Who an all-user, tag or attribute push reaches. */
export type Audience =
  | { kind: 'ALL' }
  /** Tags: all of `and`, any of `or`, none of `not`; empty lists are left out. */
  | { kind: 'TAGS'; and: string[]; or: string[]; not: string[] }
  /** Users with every one of these attribute values. */
  | { kind: 'ATTRIBUTES'; attributes: Attribute[] };

export interface AudiencePush extends Notification {
  fromAccount: string;
  audience: Audience;
  dataId: string | null;
  msgRandom: number;
}

export interface PushResult {
  taskId: string;
}

/** One account's tags as the upstream answers them; `failure`: it answered this account with an error instead. */
export interface UserTags {
  account: string;
  tags: string[];
  failure: AccountFailure | null;
}

export interface UserAttributes {
  account: string;
  attributes: Attribute[];
  failure: AccountFailure | null;
}

/** Tags given to (or taken from) accounts; `replace`: the accounts' tags become exactly these. */
export interface TagChange {
  accounts: string[];
  tags: string[];
  replace: boolean;
}

export interface AttributeChange {
  users: { account: string; attributes: Attribute[] }[];
}

export interface AttributeRemoval {
  users: { account: string; names: string[] }[];
}

/** Who a scheduled push reaches: an audience, as sendPush does, or listed accounts, as sendBatchPush does. */
export type Recipients = Audience | { kind: 'USERS'; accounts: string[] };

/** A scheduled task's Type: an all-user push, a tag (or attribute) push, or a push to listed accounts. */
export const SCHEDULE_TYPES = ['ALL', 'TAG', 'USER'] as const;
export type ScheduleType = (typeof SCHEDULE_TYPES)[number];

/** What a scheduled push sends when its time comes. */
export interface ScheduledContent extends Notification {
  fromAccount: string;
  recipients: Recipients;
  dataId: string | null;
  msgRandom: number;
}

export interface NewSchedule {
  sdkAppId: number;
  at: Date;
  content: ScheduledContent;
}

/** A change of a pending scheduled push: its time, its content, or both; its type never changes. */
export interface ScheduleChange {
  sdkAppId: number;
  id: string;
  type: ScheduleType;
  at?: Date;
  content?: ScheduledContent;
}

export interface ScheduleKey {
  sdkAppId: number;
  id: string;
}

export interface ScheduleQuery {
  sdkAppId: number;
  from: Date;
  to: Date;
  keyword: string | null;
  offset: number;
  want: number;
}

export interface ScheduledTask {
  /** The scheduled task's TaskID (its own id space, not a push TaskId). */
  id: string;
  type: ScheduleType | null;
  at: Date | null;
  createdAt: Date | null;
  /** The upstream's own word ("pending"…). */
  status: string;
  title: string | null;
  description: string | null;
  /** The TaskId of the push it made, once dispatched. */
  pushTaskId: string | null;
  dispatchError: string | null;
}

export interface ScheduleList {
  total: number;
  tasks: ScheduledTask[];
}

/** An audience write's outcome: the accounts it did not apply to (the answers' ErrorLists). */
export interface AudienceResult {
  failedAccounts: AccountFailure[];
}

export interface RevokePush {
  taskId: string;
  /** Overwrite the notification already shown; both null leaves it as it was. */
  title: string | null;
  description: string | null;
}

/** The delivery funnel's counters: sendable → sent → delivered → clicked. */
export interface StatsCounts {
  total: number;
  sent: number;
  delivered: number;
  clicked: number;
}
export interface StatsRow extends StatsCounts {
  platform: Platform;
  eventType: EventType | null;
}
export interface Stats extends StatsCounts {
  /** Absent: fetched from the upstream. */
  origin?: DataSource;
  byPlatform: StatsRow[];
}

export const EMPTY_STATS: Stats = { total: 0, sent: 0, delivered: 0, clicked: 0, byPlatform: [] };
