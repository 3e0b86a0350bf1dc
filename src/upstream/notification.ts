// What a push shows and carries on each device (the upstream's OfflinePushInfo), in our words: the shapes the
// schema builds and apis/notification.ts spells on the wire. Enumerations list their wire values in order.

/** Huawei's and HONOR's message importance (wire "LOW" / "NORMAL"). */
export const NOTIFICATION_IMPORTANCES = ['LOW', 'NORMAL'] as const;
export type NotificationImportance = (typeof NOTIFICATION_IMPORTANCES)[number];

/** FCM's priority (wire "normal" / "high"). */
export const GOOGLE_PRIORITIES = ['NORMAL', 'HIGH'] as const;
export type GooglePriority = (typeof GOOGLE_PRIORITIES)[number];

/** vivo's classification, wire 0 and 1: operational messages are capped per device and day, system ones less so. */
export const VIVO_CLASSIFICATIONS = ['OPERATIONAL', 'SYSTEM'] as const;
export type VivoClassification = (typeof VIVO_CLASSIFICATIONS)[number];

/** Meizu's notice type, wire 0 and 1. */
export const MEIZU_NOTICE_TYPES = ['OFFICIAL', 'PRIVATE'] as const;
export type MeizuNoticeType = (typeof MEIZU_NOTICE_TYPES)[number];

/** Android notification style, wire 0 and 1 (big text: Huawei, HONOR and OPPO only). */
export const ANDROID_PUSH_STYLES = ['DEFAULT', 'BIG_TEXT'] as const;
export type AndroidPushStyle = (typeof ANDROID_PUSH_STYLES)[number];

/** Whether an APNs push counts towards the app's badge, wire 0 and 1. */
export const APNS_BADGE_MODES = ['COUNT', 'NO_COUNT'] as const;
export type ApnsBadgeMode = (typeof APNS_BADGE_MODES)[number];

/** iOS 15 interruption levels (wire "passive", "active", "time-sensitive", "critical"). */
export const APNS_INTERRUPTION_LEVELS = ['PASSIVE', 'ACTIVE', 'TIME_SENSITIVE', 'CRITICAL'] as const;
export type ApnsInterruptionLevel = (typeof APNS_INTERRUPTION_LEVELS)[number];

/** What a Live Activity push does (wire "update" / "end"). */
export const LIVE_ACTIVITY_EVENTS = ['UPDATE', 'END'] as const;
export type LiveActivityEvent = (typeof LIVE_ACTIVITY_EVENTS)[number];

/** Name → value, as the upstream takes template and OPPO private-message parameters. */
export type Params = Record<string, string>;

/** Per-vendor Android options; an absent one is left to the console's settings. */
export interface AndroidOptions {
  sound?: string;
  pushStyle?: AndroidPushStyle;
  xiaomiChannelId?: string;
  oppoChannelId?: string;
  oppoCategory?: string;
  /** 1, 2 or 16; needs oppoCategory. */
  oppoNotifyLevel?: number;
  oppoPrivateTemplateId?: string;
  oppoPrivateTitleParams?: Params;
  oppoPrivateContentParams?: Params;
  vivoClassification?: VivoClassification;
  vivoCategory?: string;
  /** 1 to 4. */
  vivoNotifyType?: number;
  huaweiCategory?: string;
  huaweiImportance?: NotificationImportance;
  huaweiChannelId?: string;
  huaweiImage?: string;
  honorImportance?: NotificationImportance;
  honorImage?: string;
  googleChannelId?: string;
  googlePriority?: GooglePriority;
  googleImage?: string;
  meizuNoticeMsgType?: MeizuNoticeType;
}

export interface LiveActivity {
  id: string;
  event: LiveActivityEvent;
  /** A JSON object, sent as an object. */
  contentState: Record<string, unknown>;
  dismissalDate?: Date;
}

export interface ApnsOptions {
  title?: string;
  subtitle?: string;
  sound?: string;
  image?: string;
  badgeMode?: ApnsBadgeMode;
  mutableContent?: boolean;
  contentAvailable?: boolean;
  interruptionLevel?: ApnsInterruptionLevel;
  voip?: boolean;
  liveActivity?: LiveActivity;
}

export interface HarmonyOptions {
  title?: string;
  category?: string;
  image?: string;
  sound?: string;
  /** 1 to 60 seconds. */
  soundDuration?: number;
}

export interface Badge {
  add?: number;
  set?: number;
}

export interface LocalizedContent {
  language: string;
  title?: string;
  description?: string;
}

export interface PushTemplate {
  id: string;
  params?: Params;
}

/** Everything a push shows and carries; the same for a batch, an all-user or tag push and a scheduled one. */
export interface Notification {
  title: string | null;
  description: string | null;
  /** Through the vendor channels to offline devices (PushFlag 0), or online only (1). */
  offlinePush: boolean;
  /** Passed through to the app (OfflinePushInfo.Ext). */
  ext?: string;
  android?: AndroidOptions;
  apns?: ApnsOptions;
  harmony?: HarmonyOptions;
  badge?: Badge;
  localized?: LocalizedContent[];
  template?: PushTemplate;
}
