// Decoders from wire JSON to the model. They trust nothing: a missing or mistyped field becomes null or a default.
import {
  EVENT_TYPES,
  PLATFORMS,
  PUSH_STATUSES,
  type EventType,
  type InstanceTrace,
  type Loss,
  type LossBucket,
  type LossStage,
  type Platform,
  type StageStat,
  type TraceStage,
} from './model.js';

/** A JSON object as it comes off the wire: nothing about its fields is known until a decoder checks it. */
export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const optStr = (v: unknown): string | null => str(v) || null;
const int = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) ? Math.trunc(n) : 0;
};
const list = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isObject) : []);

export const decodePlatform = (v: unknown): Platform => PLATFORMS[int(v)] ?? 'UNKNOWN';
export const decodeEventType = (v: unknown): EventType | null => EVENT_TYPES[int(v) - 1] ?? null;

export interface DecodeOptions {
  /** Offset of the upstream's local times from UTC, in minutes; the upstream writes UTC+08:00. */
  utcOffsetMinutes: number;
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

/** "2025-03-13 16:16:29" in the upstream's zone → a Date; anything else → null. */
export function decodeTime(v: unknown, { utcOffsetMinutes }: DecodeOptions): Date | null {
  const m = LOCAL_TIME.exec(str(v).trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  const date = new Date(utc - utcOffsetMinutes * 60_000);
  // Reject dates that Date.UTC silently rolled over (2025-02-30).
  return new Date(utc).getUTCDate() === d ? date : null;
}

export function encodeTime(date: Date, { utcOffsetMinutes }: DecodeOptions): string {
  return new Date(date.getTime() + utcOffsetMinutes * 60_000).toISOString().slice(0, 19).replace('T', ' ');
}

const STAGE_PATHS: readonly [TraceStage, string, string][] = [
  ['IM_COMMIT', 'IMCommitStat', 'IMStat'],
  ['OFFLINE_SUBMIT', 'OfflinePushStat', 'OfflineStat'],
  ['OFFLINE_CHANNEL', 'OfflinePushStat', 'ChannelStat'],
  ['OFFLINE_DEVICE', 'OfflinePushStat', 'DeviceStat'],
  ['OFFLINE_CLICK', 'OfflinePushStat', 'ClickStat'],
  ['ONLINE_CHANNEL', 'OnlinePushStat', 'ChannelStat'],
  ['ONLINE_DEVICE', 'OnlinePushStat', 'DeviceStat'],
];

function decodeStages(wire: Json, opts: DecodeOptions): StageStat[] {
  const stages: StageStat[] = [];
  for (const [stage, group, name] of STAGE_PATHS) {
    const outer = wire[group];
    const stat = isObject(outer) ? outer[name] : undefined;
    if (!isObject(stat)) continue;
    stages.push({
      stage,
      status: PUSH_STATUSES[int(stat.PushStatus) - 1] ?? 'FAILURE',
      errorCode: int(stat.ErrorCode),
      errorInfo: str(stat.ErrorInfo),
      eventTime: decodeTime(stat.EventTime, opts),
    });
  }
  return stages;
}

export function decodeInstance(wire: Json, opts: DecodeOptions): InstanceTrace {
  return {
    instanceId: str(wire.InstanceId),
    pushTime: decodeTime(wire.PushTime, opts),
    eventType: decodeEventType(wire.EventType),
    platform: decodePlatform(wire.PushPlatform),
    deviceModel: optStr(wire.DeviceModel),
    system: optStr(wire.System),
    systemVersion: optStr(wire.SystemVersion),
    token: optStr(wire.Token),
    certId: optStr(wire.CertId),
    sdkVersion: optStr(wire.SdkVersion),
    pushVersion: optStr(wire.PushVersion),
    notificationEnabled: int(wire.NotificationStatus) === 1,
    // The pages write both spellings.
    recentlyActive: int(wire.LastActiveTerminal ?? wire.last_active_terminal) === 1,
    stages: decodeStages(wire, opts),
  };
}

export const decodeTrace = (response: Json, opts: DecodeOptions): InstanceTrace[] =>
  list(response.InstanceTrace).map((i) => decodeInstance(i, opts));

function decodeBuckets(v: unknown, stage: LossStage, perPlatform: boolean): LossBucket[] {
  return list(v).map((e) => ({
    stage,
    platform: perPlatform ? decodePlatform(e.PushPlatform) : null,
    eventType: decodeEventType(e.EventType),
    errorCode: str(e.ErrCode),
    errorInfo: str(e.ErrInfo),
    count: Math.max(0, int(e.ErrCount)),
  }));
}

export function decodeLoss(wire: Json): Loss {
  return {
    readyToSend: decodeBuckets(wire.ReadyToSendLoss, 'READY_TO_SEND', false),
    postSendDelivered: decodeBuckets(wire.PostSendDeliveredLoss, 'POST_SEND_DELIVERED', false),
    byPlatform: [
      ...decodeBuckets(wire.PlatformReadyToSendLoss, 'READY_TO_SEND', true),
      ...decodeBuckets(wire.PlatformPostSendDeliveredLoss, 'POST_SEND_DELIVERED', true),
    ],
  };
}

/** all_member_push_loss `Results` → loss per TaskID. */
export function decodeTaskLosses(response: Json): Map<string, Loss> {
  return new Map(list(response.Results).map((r) => [str(r.TaskID), decodeLoss(r)]));
}
