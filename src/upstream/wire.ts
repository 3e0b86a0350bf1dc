// The upstream's JSON as it travels, spelled as Tencent spells it. Shared by the client and the emulator.

export const APIS = [
  'normal_push_trace',
  'all_member_push_trace',
  'normal_push_loss',
  'all_member_push_loss',
  'normal_push_statistics',
  'all_member_push_statistics',
  'batch',
  'revoke',
] as const;
export type Api = (typeof APIS)[number];

export const apiPath = (api: Api): string => `/v4/timpush/${api}`;

export interface WireEnvelope {
  ActionStatus: 'OK' | 'FAIL';
  ErrorCode: number;
  ErrorInfo: string;
}

export interface WireStat {
  PushStatus: number;
  ErrorCode: number;
  ErrorInfo: string;
  EventTime: string;
}

export interface WireInstanceTrace {
  InstanceId: string;
  PushTime: string;
  DeviceModel: string;
  System: string;
  SystemVersion: string;
  EventType?: number;
  PushPlatform: number;
  Token: string;
  CertId: string;
  SdkVersion: string;
  PushVersion: string;
  NotificationStatus: number;
  /** The pages' JSON examples spell it this way, their field tables `LastActiveTerminal`. */
  last_active_terminal?: number;
  LastActiveTerminal?: number;
  IMCommitStat?: { IMStat?: WireStat };
  OfflinePushStat?: { OfflineStat?: WireStat; ChannelStat?: WireStat; DeviceStat?: WireStat; ClickStat?: WireStat };
  OnlinePushStat?: { ChannelStat?: WireStat; DeviceStat?: WireStat };
}

export interface WirePushTraceRequest {
  PushID: string;
}
export interface WireTaskTraceRequest {
  TaskID: string;
  UserID: string;
}
export interface WireTraceResponse extends WireEnvelope {
  InstanceTrace?: WireInstanceTrace[];
}

export interface WireLossEntry {
  ErrCode: string;
  ErrCount: number;
  ErrInfo: string;
  PushPlatform?: number;
  EventType?: number;
}
export interface WireLossArrays {
  ReadyToSendLoss?: WireLossEntry[];
  PostSendDeliveredLoss?: WireLossEntry[];
  PlatformReadyToSendLoss?: WireLossEntry[];
  PlatformPostSendDeliveredLoss?: WireLossEntry[];
}
export interface WireLossRequest {
  StartTime: number;
  EndTime: number;
  /** all_member_push_loss only: up to 5 ids, empty for the overall statistics. */
  TaskID?: string[];
}
export interface WireTaskLoss extends WireLossArrays {
  TaskID: string;
}
export interface WireTaskLossResponse extends WireEnvelope {
  Results?: WireTaskLoss[];
}
export type WirePushLossResponse = WireEnvelope & WireLossArrays;

export interface WireBatchRequest {
  From_Account: string;
  To_Account: string[];
  MsgRandom: number;
  OfflinePushInfo: { PushFlag: 0 | 1; Title?: string; Desc?: string };
  DataId?: string;
}
export interface WireBatchResponse extends WireEnvelope {
  /** Note the casing: `batch` answers `TaskId`, the statistics APIs take `TaskID`. */
  TaskId: string;
  ErrorList?: { To_Account: string; ErrorCode: number; ErrorInfo?: string }[];
}

/** revoke: `TaskId` spelled as `batch` answers it; the notification is overwritten only when OfflinePushInfo is sent. */
export interface WireRevokeRequest {
  TaskId: string;
  OfflinePushInfo?: { Title?: string; Desc?: string };
}

/** Documented limits of the upstream, checked by the gateway before calling and by the emulator on receipt. */
export const LIMITS = {
  maxWindowSeconds: 7 * 24 * 3600,
  maxLossTaskIds: 5,
  /** The statistics APIs: windows of at most 30 days, 5 task ids a call. */
  maxStatsWindowSeconds: 30 * 24 * 3600,
  maxStatsTaskIds: 5,
  maxRecipients: 500,
  maxDataIdBytes: 64,
  maxUInt32: 4294967295,
  /** revoke accepts tasks up to 24 h after they started. */
  revokeWindowMs: 24 * 3600 * 1000,
} as const;

export const isUInt32 = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= LIMITS.maxUInt32;

/** Documented quotas per SDKAppID, calls/s: 1 for the statistics APIs and revoke, 10 for batch on the free edition. */
export const DOCUMENTED_RATES: Readonly<Record<Api, number>> = {
  normal_push_trace: 1,
  all_member_push_trace: 1,
  normal_push_loss: 1,
  all_member_push_loss: 1,
  normal_push_statistics: 1,
  all_member_push_statistics: 1,
  batch: 10,
  revoke: 1,
};
