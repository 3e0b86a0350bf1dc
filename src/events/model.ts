// Push events as the callbacks report them, and the live per-task counters built from them.
import type { EventType, LossStage, Platform } from '../upstream/model.js';

/** PushStage on the wire: 1 handed to the vendor channel (or the IM connection), 2 reached the device, 3 clicked. */
export const PUSH_STAGES = ['SENT', 'DELIVERED', 'CLICKED'] as const;
export type PushStage = (typeof PUSH_STAGES)[number];

/**
 * The loss stage a callback's failure is at, for its diagnosis. A failure at SENT is either Tencent's, before the
 * vendor (no certificate, no token), or the vendor channel refusing it (an invalid regid): the callback does not
 * say which, so either stage's entry of the code fits. Later failures are after the vendor took it.
 */
export const lossStageOfEvent = (stage: PushStage): LossStage | null =>
  stage === 'SENT' ? null : 'POST_SEND_DELIVERED';

/** EventType of a Push.OfflinePush callback: 1 one-to-one chat, 2 group chat (not offline/online!). */
export const CHAT_TYPES = ['ONE_TO_ONE', 'GROUP'] as const;
export type ChatType = (typeof CHAT_TYPES)[number];

export const ALL_MEMBER_PUSH = 'Push.AllMemberPush';
export const OFFLINE_PUSH = 'Push.OfflinePush';
export type PushCommand = typeof ALL_MEMBER_PUSH | typeof OFFLINE_PUSH;

/** One callback event, decoded. JSON-safe (times in unix ms) so it crosses Redis pub/sub as it is. */
export interface PushEvent {
  /** Stable for the same event: replays of it have the same id. */
  eventId: string;
  command: PushCommand;
  /** Push.AllMemberPush: all-user, tag and batch tasks. */
  taskId: string | null;
  /** Push.OfflinePush: offline pushes of IM messages. */
  pushId: string | null;
  dataId: string | null;
  account: string;
  fromAccount: string | null;
  groupId: string | null;
  platform: Platform;
  /** The wire's PushPlatform, kept because new channels (HarmonyOS…) appear before the enum knows them. */
  platformCode: number;
  eventType: EventType | null;
  chatType: ChatType | null;
  stage: PushStage;
  errorCode: number;
  errorInfo: string;
  eventTime: number;
  taskTime: number | null;
  receivedAt: number;
}

export interface PlatformProgress {
  platform: Platform;
  sent: number;
  delivered: number;
  clicked: number;
  failed: number;
}

/** A failure reason: how many events failed at this stage, on this channel, with this code. */
export interface FailureReason {
  stage: PushStage;
  platform: Platform;
  errorCode: number;
  errorInfo: string;
  count: number;
}

export interface TaskProgress {
  taskId: string;
  sent: number;
  delivered: number;
  clicked: number;
  failed: number;
  byPlatform: PlatformProgress[];
  topReasons: FailureReason[];
  /** Unix ms of the last event counted; null when none was received. */
  updatedAt: number | null;
}
