// The per-device trace both trace APIs answer with, spelled as Tencent spells it.

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

/** The answer of normal_push_trace and all_member_push_trace, beside the envelope. */
export interface WireTraceAnswer {
  InstanceTrace: WireInstanceTrace[];
}
