/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
export type AlertChannelInput = {
  webhook: WebhookInput;
};

/** Exactly one of these. */
export type AlertConditionInput = {
  lossRate?: LossRateConditionInput | null | undefined;
  newCode?: NewCodeConditionInput | null | undefined;
  quota?: QuotaConditionInput | null | undefined;
  silence?: SilenceConditionInput | null | undefined;
};

/** PENDING: not tried yet; SENDING: a send is under way; DELIVERED: the receiver took it; RETRYING: failed, tried again later (with a doubling wait); FAILED: given up after ALERT_DELIVERY_ATTEMPTS. */
export type AlertDeliveryStatus =
  | 'PENDING'
  | 'SENDING'
  | 'DELIVERED'
  | 'RETRYING'
  | 'FAILED';

export type AlertRuleInput = {
  /** At most 10. */
  channels: Array<AlertChannelInput>;
  condition: AlertConditionInput;
  /** After a firing, the condition holding again within this long sends nothing (0 to 10080). */
  cooldownMinutes?: number | null | undefined;
  /** False pauses the rule (its firing alert resolves quietly). */
  enabled?: boolean | null | undefined;
  /** 1 to 100 characters. */
  name: string;
};

/** FIRING while its condition holds; RESOLVED once it stopped. */
export type AlertState =
  | 'FIRING'
  | 'RESOLVED';

/** Vendor options for Android (AndroidInfo); each overrides the console's setting. Channels and categories decide whether a vendor throttles a message as marketing. */
export type AndroidNotificationInput = {
  /** FCM notification channel. */
  googleChannelId?: string | null | undefined;
  /** An image URL, at most 1 MB. */
  googleImage?: string | null | undefined;
  googlePriority?: GooglePriority | null | undefined;
  /** An image URL. */
  honorImage?: string | null | undefined;
  honorImportance?: NotificationImportance | null | undefined;
  /** Huawei self-classification category, e.g. IM (HuaWeiCategory). */
  huaweiCategory?: string | null | undefined;
  huaweiChannelId?: string | null | undefined;
  /** An https URL of an image under 512 KB. */
  huaweiImage?: string | null | undefined;
  huaweiImportance?: NotificationImportance | null | undefined;
  meizuNoticeMsgType?: MeizuNoticeType | null | undefined;
  /** OPPO message category, e.g. IM or ORDER (OPPOCategory). */
  oppoCategory?: string | null | undefined;
  /** OPPO notification channel (OPPOChannelID). */
  oppoChannelId?: string | null | undefined;
  /** 1 status bar, 2 also the lock screen, 16 also a banner, sound and vibration; needs oppoCategory. */
  oppoNotifyLevel?: number | null | undefined;
  oppoPrivateContentParams?: Array<TemplateParamInput> | null | undefined;
  /** OPPO private-message template. */
  oppoPrivateTemplateId?: string | null | undefined;
  oppoPrivateTitleParams?: Array<TemplateParamInput> | null | undefined;
  pushStyle?: AndroidPushStyle | null | undefined;
  /** A sound file of the app, without its suffix. */
  sound?: string | null | undefined;
  /** vivo message category, e.g. IM or ORDER (VIVOCategory). */
  vivoCategory?: string | null | undefined;
  vivoClassification?: VivoClassification | null | undefined;
  /** 1 silent, 2 sound, 3 vibration, 4 sound and vibration (the default). */
  vivoNotifyType?: number | null | undefined;
  /** Xiaomi notification channel (XiaoMiChannelID). */
  xiaomiChannelId?: string | null | undefined;
};

/** BIG_TEXT shows the whole text (Huawei, HONOR and OPPO only). */
export type AndroidPushStyle =
  | 'DEFAULT'
  | 'BIG_TEXT';

/** Whether the push counts towards the app icon badge (NO_COUNT is the default of batch pushes). */
export type ApnsBadgeMode =
  | 'COUNT'
  | 'NO_COUNT';

/** iOS 15+: how the notification may interrupt (CRITICAL needs an entitlement from Apple). */
export type ApnsInterruptionLevel =
  | 'PASSIVE'
  | 'ACTIVE'
  | 'TIME_SENSITIVE'
  | 'CRITICAL';

export type ApnsLiveActivityInput = {
  /** A JSON object: the activity content state. */
  contentState: string;
  /** When an ended activity leaves the lock screen. */
  dismissalDate?: string | null | undefined;
  event: LiveActivityEvent;
  /** The Live Activity id (LaId), at most 64 bytes. */
  id: string;
};

/** Options for Apple devices (ApnsInfo). */
export type ApnsNotificationInput = {
  badgeMode?: ApnsBadgeMode | null | undefined;
  /** A silent (background) push. */
  contentAvailable?: boolean | null | undefined;
  /** An image URL, shown by a notification service extension. */
  image?: string | null | undefined;
  interruptionLevel?: ApnsInterruptionLevel | null | undefined;
  liveActivity?: ApnsLiveActivityInput | null | undefined;
  /** Let a notification service extension change the notification. */
  mutableContent?: boolean | null | undefined;
  /** A sound file of the app, with its suffix, at most 30 s. */
  sound?: string | null | undefined;
  subtitle?: string | null | undefined;
  /** Replaces the title on Apple devices. */
  title?: string | null | undefined;
  /** A VoIP push; a normal notification where the device has no VoIP token. */
  voip?: boolean | null | undefined;
};

export type AttributeInput = {
  /** An attribute name set with setAttributeNames. */
  name: string;
  /** At most 50 bytes. */
  value: string;
};

/** Exactly one of: all: true (every user of the app), tags (tagsAnd, tagsOr, tagsNot, each of at most 10 tags), or attributes. Tags and attributes cannot be combined. */
export type AudienceInput = {
  /** Every user of the app. */
  all?: boolean | null | undefined;
  /** Users with every one of these attribute values. */
  attributes?: Array<AttributeInput> | null | undefined;
  /** Users with all of these tags. */
  tagsAnd?: Array<string> | null | undefined;
  /** Leaves out users with these tags. */
  tagsNot?: Array<string> | null | undefined;
  /** Users with any of these tags. */
  tagsOr?: Array<string> | null | undefined;
};

/** The app icon badge on APNs, Huawei, HONOR and HarmonyOS devices; set wins over add. */
export type BadgeInput = {
  /** Add 1 to 99 to the badge. */
  add?: number | null | undefined;
  /** Set the badge: 0 to 999 on APNs, 0 to 99 elsewhere. */
  set?: number | null | undefined;
};

export type GooglePriority =
  | 'NORMAL'
  | 'HIGH';

/** Options for HarmonyOS devices (HarmonyInfo). */
export type HarmonyNotificationInput = {
  /** HarmonyOS notification category, e.g. IM. */
  category?: string | null | undefined;
  /** An https URL. */
  image?: string | null | undefined;
  sound?: string | null | undefined;
  /** 1 to 60 seconds. */
  soundDuration?: number | null | undefined;
  title?: string | null | undefined;
};

export type LiveActivityEvent =
  | 'UPDATE'
  | 'END';

/** A title and text for devices in one language (SDK 8.5.6870+), matched to the device's language. */
export type LocalizedContentInput = {
  description?: string | null | undefined;
  /** A language code, e.g. en or zh-Hans. */
  language: string;
  title?: string | null | undefined;
};

/** What kind of fix a lost push calls for: a dead token to prune, console or credential configuration, a vendor quota or rate, a user who turned notifications off, an inactive device, the message itself, a passing failure to retry, or not known. */
export type LossClass =
  | 'TOKEN_INVALID'
  | 'CONFIG'
  | 'QUOTA_RATE'
  | 'USER_OPTOUT'
  | 'DEVICE_INACTIVE'
  | 'PAYLOAD'
  | 'TRANSIENT'
  | 'UNKNOWN';

/** Failed ÷ attempted devices over a sliding window of push callbacks: all pushes, or one task, one channel, one class of failure. */
export type LossRateConditionInput = {
  /** A share from 0 to 1: 0.05 holds above 5%. */
  above: number;
  /** Counts only failures of this class. */
  class?: LossClass | null | undefined;
  /** Devices attempted in the window before it can hold. */
  minEvents?: number | null | undefined;
  platform?: PushPlatform | null | undefined;
  taskId?: string | number | null | undefined;
  /** 1 to 1440. */
  windowMinutes?: number | null | undefined;
};

/** READY_TO_SEND: lost before handing to the vendor; POST_SEND_DELIVERED: lost between vendor and device. */
export type LossStage =
  | 'READY_TO_SEND'
  | 'POST_SEND_DELIVERED';

export type MeizuNoticeType =
  | 'OFFICIAL'
  | 'PRIVATE';

/** A vendor code failing on a channel for the first time (the first CONFIG failure on APNs is usually an expired certificate). Holds while such a code was first seen within windowMinutes. */
export type NewCodeConditionInput = {
  class?: LossClass | null | undefined;
  platform?: PushPlatform | null | undefined;
  /** 1 to 1440. */
  windowMinutes?: number | null | undefined;
};

/** Huawei's and HONOR's message importance: LOW messages are not announced. */
export type NotificationImportance =
  | 'LOW'
  | 'NORMAL';

/** OFFLINE: through a vendor channel; ONLINE: over the IM connection. */
export type PushEventType =
  | 'OFFLINE'
  | 'ONLINE';

/** The vendor channel of a push (wire values 0 to 8). */
export type PushPlatform =
  | 'UNKNOWN'
  | 'APNS'
  | 'XIAOMI'
  | 'HUAWEI'
  | 'FCM'
  | 'MEIZU'
  | 'OPPO'
  | 'VIVO'
  | 'HONOR';

/** Where a push callback saw a push: SENT handed to the vendor channel (or the IM connection), DELIVERED reached the device, CLICKED opened by the user. */
export type PushStage =
  | 'SENT'
  | 'DELIVERED'
  | 'CLICKED';

export type PushStatus =
  | 'SUCCESS'
  | 'FAILURE';

/** A push template made in the console, with its variables. */
export type PushTemplateInput = {
  /** The template id, e.g. 1400000000-1. */
  id: string;
  params?: Array<TemplateParamInput> | null | undefined;
};

/** Today's all-user, tag and attribute pushes (Query.pushQuota) running out. */
export type QuotaConditionInput = {
  /** Holds while fewer are left. */
  remainingBelow: number;
};

/** Which recipients: `result` on the recipient's result; `class`, `platform` and `errorCode` match when one device of the recipient matches them all. */
export type RecipientFilter = {
  account?: string | number | null | undefined;
  class?: Array<LossClass> | null | undefined;
  errorCode?: number | null | undefined;
  platform?: Array<PushPlatform> | null | undefined;
  result?: Array<TraceResult> | null | undefined;
};

export type SchedulePushInput = {
  android?: AndroidNotificationInput | null | undefined;
  apns?: ApnsNotificationInput | null | undefined;
  /** When to push; in the future. */
  at: string;
  /** Everyone, tags or attributes; or give toAccounts. */
  audience?: AudienceInput | null | undefined;
  badge?: BadgeInput | null | undefined;
  /** Your own identifier, passed to your callbacks; at most 64 bytes. */
  dataId?: string | null | undefined;
  /** Notification text. */
  description?: string | null | undefined;
  /** Passed through to the app, e.g. the screen to open; keep it JSON. */
  ext?: string | null | undefined;
  /** Sender: the app administrator, or a UserID recipients see. */
  fromAccount: string | number;
  harmony?: HarmonyNotificationInput | null | undefined;
  /** Repeating a request with the same key and the same input (within 24 h) returns the first result without pushing again; another input with that key is refused. A push whose outcome is unknown keeps its key: repeats answer PUSH_OUTCOME_UNKNOWN. */
  idempotencyKey?: string | null | undefined;
  localized?: Array<LocalizedContentInput> | null | undefined;
  /** De-duplication random; derived or random when absent. */
  msgRandom?: number | null | undefined;
  /** Send through the vendor channels to offline devices. */
  offlinePush?: boolean | null | undefined;
  template?: PushTemplateInput | null | undefined;
  /** Notification title. */
  title?: string | null | undefined;
  /** 1 to 500 accounts; or give audience. */
  toAccounts?: Array<string | number> | null | undefined;
};

/** PENDING: waiting for its time, and the only state in which it can be changed or cancelled; DISPATCHING: being sent; DISPATCHED: sent, its task is known; FAILED: its dispatch failed (dispatchError says why); UNKNOWN: a status the gateway does not know (upstreamStatus). */
export type ScheduledPushStatus =
  | 'PENDING'
  | 'DISPATCHING'
  | 'DISPATCHED'
  | 'FAILED'
  | 'UNKNOWN';

export type SendBatchPushInput = {
  android?: AndroidNotificationInput | null | undefined;
  apns?: ApnsNotificationInput | null | undefined;
  badge?: BadgeInput | null | undefined;
  /** Your own identifier, passed to your callbacks; at most 64 bytes. */
  dataId?: string | null | undefined;
  /** Notification text. */
  description?: string | null | undefined;
  /** Passed through to the app, e.g. the screen to open; keep it JSON. */
  ext?: string | null | undefined;
  /** Sender: a UserID or RegistrationID. */
  fromAccount: string | number;
  harmony?: HarmonyNotificationInput | null | undefined;
  /** Repeating a request with the same key and the same input (within 24 h) returns the first result without pushing again; another input with that key is refused. A push whose outcome is unknown keeps its key: repeats answer PUSH_OUTCOME_UNKNOWN. */
  idempotencyKey?: string | null | undefined;
  localized?: Array<LocalizedContentInput> | null | undefined;
  /** De-duplication random; when absent, derived from the client and the idempotencyKey if one is given, else random. */
  msgRandom?: number | null | undefined;
  /** Send through the vendor channels to offline devices. */
  offlinePush?: boolean | null | undefined;
  template?: PushTemplateInput | null | undefined;
  /** Notification title. */
  title?: string | null | undefined;
  /** 1 to 500 recipients: UserIDs or RegistrationIDs. */
  toAccounts: Array<string | number>;
};

export type SendPushInput = {
  android?: AndroidNotificationInput | null | undefined;
  apns?: ApnsNotificationInput | null | undefined;
  /** Who it reaches; never implied. */
  audience: AudienceInput;
  badge?: BadgeInput | null | undefined;
  /** Your own identifier, passed to your callbacks; at most 64 bytes. */
  dataId?: string | null | undefined;
  /** Notification text. */
  description?: string | null | undefined;
  /** Passed through to the app, e.g. the screen to open; keep it JSON. */
  ext?: string | null | undefined;
  /** Sender: the app administrator, or a UserID recipients see. */
  fromAccount: string | number;
  harmony?: HarmonyNotificationInput | null | undefined;
  /** Repeating a request with the same key and the same input (within 24 h) returns the first result without pushing again; another input with that key is refused. A push whose outcome is unknown keeps its key: repeats answer PUSH_OUTCOME_UNKNOWN. */
  idempotencyKey?: string | null | undefined;
  localized?: Array<LocalizedContentInput> | null | undefined;
  /** De-duplication random; when absent, derived from the client and the idempotencyKey, else random. */
  msgRandom?: number | null | undefined;
  /** Send through the vendor channels to offline devices. */
  offlinePush?: boolean | null | undefined;
  template?: PushTemplateInput | null | undefined;
  /** Notification title. */
  title?: string | null | undefined;
};

/** A push went out through the gateway `minutes` ago or more (within the last day) and no callback arrived since: the callback pipeline is down. */
export type SilenceConditionInput = {
  /** 1 to 1440. */
  minutes: number;
};

export type TemplateParamInput = {
  name: string;
  value: string;
};

/** A window of at most 7 days, to after from. */
export type TimeRange = {
  from: string;
  to: string;
};

/** How far a push got on a device: CLICKED, DELIVERED (a device stage, offline or online, succeeded), FAILED (a stage failed), PENDING (no failure and nothing delivered yet). */
export type TraceResult =
  | 'CLICKED'
  | 'DELIVERED'
  | 'PENDING'
  | 'FAILED';

/** Stages of one push to one device, in funnel order. */
export type TraceStage =
  | 'IM_COMMIT'
  | 'OFFLINE_SUBMIT'
  | 'OFFLINE_CHANNEL'
  | 'OFFLINE_DEVICE'
  | 'OFFLINE_CLICK'
  | 'ONLINE_CHANNEL'
  | 'ONLINE_DEVICE';

/** OPERATIONAL (marketing) messages are capped per device and day by vivo; SYSTEM ones (chat, orders) are not. */
export type VivoClassification =
  | 'OPERATIONAL'
  | 'SYSTEM';

/** A webhook's message shape: GENERIC JSON (signed in x-timpush-signature with a secret), a Slack incoming webhook, a WeCom (企业微信) group robot, a DingTalk (钉钉) custom robot, a Feishu/Lark (飞书) custom bot. */
export type WebhookFormat =
  | 'GENERIC'
  | 'SLACK'
  | 'WECOM'
  | 'DINGTALK'
  | 'FEISHU';

export type WebhookInput = {
  format?: WebhookFormat | null | undefined;
  /** GENERIC: signs the body (x-timpush-signature: sha256=<hex HMAC-SHA256>); DINGTALK and FEISHU: their robots’ signing secret. SLACK and WECOM take none. Never read back; "" removes it on update. */
  secret?: string | null | undefined;
  /** http(s). Refused when its host resolves to a loopback, private or link-local address, unless listed in ALERT_WEBHOOK_HOSTS. On update, the masked URL read back from the rule keeps that channel's URL (and its secret unless `secret` is given). */
  url: string;
};

export type DashboardAlertChangesSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type DashboardAlertChangesSubscription = { alerts: { id: string, state: AlertState } };

export type DashboardAlertsQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardAlertsQuery = { alertRules: Array<{ id: string, name: string, enabled: boolean, cooldownMinutes: number, condition: { summary: string, lossRate: { above: number, minEvents: number, windowMinutes: number, taskId: string | null, platform: PushPlatform | null, class: LossClass | null } | null, newCode: { platform: PushPlatform | null, class: LossClass | null, windowMinutes: number } | null, silence: { minutes: number } | null, quota: { remainingBelow: number } | null }, channels: Array<{ webhook: { url: string, format: WebhookFormat, signed: boolean } }> }>, firing: { edges: Array<{ node: { id: string, state: AlertState, value: number, threshold: number, summary: string, remedy: string | null, firedAt: string, resolvedAt: string | null, rule: { id: string, name: string }, tasks: Array<{ id: string }>, codes: Array<{ platform: PushPlatform, code: number, info: string, class: LossClass, count: number | null, meaning: string | null }>, deliveries: Array<{ channelIndex: number, event: AlertState, status: AlertDeliveryStatus, attempts: number, at: string | null, error: string | null, channel: { webhook: { url: string, format: WebhookFormat } } }> } }> }, past: { edges: Array<{ node: { id: string, state: AlertState, value: number, threshold: number, summary: string, remedy: string | null, firedAt: string, resolvedAt: string | null, rule: { id: string, name: string }, tasks: Array<{ id: string }>, codes: Array<{ platform: PushPlatform, code: number, info: string, class: LossClass, count: number | null, meaning: string | null }>, deliveries: Array<{ channelIndex: number, event: AlertState, status: AlertDeliveryStatus, attempts: number, at: string | null, error: string | null, channel: { webhook: { url: string, format: WebhookFormat } } }> } }> } };

export type DashboardAlertRuleFragment = { id: string, name: string, enabled: boolean, cooldownMinutes: number, condition: { summary: string, lossRate: { above: number, minEvents: number, windowMinutes: number, taskId: string | null, platform: PushPlatform | null, class: LossClass | null } | null, newCode: { platform: PushPlatform | null, class: LossClass | null, windowMinutes: number } | null, silence: { minutes: number } | null, quota: { remainingBelow: number } | null }, channels: Array<{ webhook: { url: string, format: WebhookFormat, signed: boolean } }> };

export type DashboardAlertFragment = { id: string, state: AlertState, value: number, threshold: number, summary: string, remedy: string | null, firedAt: string, resolvedAt: string | null, rule: { id: string, name: string }, tasks: Array<{ id: string }>, codes: Array<{ platform: PushPlatform, code: number, info: string, class: LossClass, count: number | null, meaning: string | null }>, deliveries: Array<{ channelIndex: number, event: AlertState, status: AlertDeliveryStatus, attempts: number, at: string | null, error: string | null, channel: { webhook: { url: string, format: WebhookFormat } } }> };

export type DashboardCreateAlertRuleMutationVariables = Exact<{
  input: AlertRuleInput;
}>;


export type DashboardCreateAlertRuleMutation = { createAlertRule: { id: string, name: string, enabled: boolean, cooldownMinutes: number, condition: { summary: string, lossRate: { above: number, minEvents: number, windowMinutes: number, taskId: string | null, platform: PushPlatform | null, class: LossClass | null } | null, newCode: { platform: PushPlatform | null, class: LossClass | null, windowMinutes: number } | null, silence: { minutes: number } | null, quota: { remainingBelow: number } | null }, channels: Array<{ webhook: { url: string, format: WebhookFormat, signed: boolean } }> } };

export type DashboardDailyQueryVariables = Exact<{
  taskId: string | number;
  from: string;
  to: string;
}>;


export type DashboardDailyQuery = { task: { id: string, daily: Array<{ day: string, observedAt: string, settled: boolean, stats: { id: string, total: number, sent: number, delivered: number, clicked: number } | null, loss: { id: string, total: number } | null }> } };

export type DashboardDeleteAlertRuleMutationVariables = Exact<{
  id: string | number;
}>;


export type DashboardDeleteAlertRuleMutation = { deleteAlertRule: string };

export type DashboardDiagnosisFragment = { id: string, class: LossClass, meaning: string | null, remedy: string | null, retryable: boolean, pruneToken: boolean, source: string | null };

export type DashboardInstanceFragment = { id: string, instanceId: string, platform: PushPlatform, eventType: PushEventType | null, deviceModel: string | null, system: string | null, systemVersion: string | null, notificationEnabled: boolean, recentlyActive: boolean, pushTime: string | null, outcome: { id: string, result: TraceResult, failedStage: TraceStage | null, diagnosis: { id: string, class: LossClass, meaning: string | null, remedy: string | null, retryable: boolean, pruneToken: boolean, source: string | null } | null }, stages: Array<{ id: string, stage: TraceStage, status: PushStatus, errorCode: number, errorInfo: string, eventTime: string | null }> };

export type DashboardInvalidTokensQueryVariables = Exact<{
  platform?: Array<PushPlatform> | PushPlatform | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type DashboardInvalidTokensQuery = { invalidTokens: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, account: string, taskId: string | null, pushId: string | null, result: TraceResult, failedStage: PushStage | null, lastEventAt: string, devices: Array<{ platform: PushPlatform, eventType: PushEventType | null, stage: PushStage, status: PushStatus, errorCode: number, errorInfo: string, at: string, diagnosis: { id: string, class: LossClass, meaning: string | null, remedy: string | null } | null }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };

export type DashboardProgressSubscriptionVariables = Exact<{
  taskId: string | number;
}>;


export type DashboardProgressSubscription = { taskProgress: { taskId: string, sent: number, delivered: number, clicked: number, failed: number, updatedAt: string | null, byPlatform: Array<{ platform: PushPlatform, sent: number, delivered: number, clicked: number, failed: number }>, topReasons: Array<{ stage: PushStage, platform: PushPlatform, errorCode: number, errorInfo: string, count: number, diagnosis: { class: LossClass, meaning: string | null, remedy: string | null } }> } };

export type DashboardProgressFiguresFragment = { taskId: string, sent: number, delivered: number, clicked: number, failed: number, updatedAt: string | null, byPlatform: Array<{ platform: PushPlatform, sent: number, delivered: number, clicked: number, failed: number }>, topReasons: Array<{ stage: PushStage, platform: PushPlatform, errorCode: number, errorInfo: string, count: number, diagnosis: { class: LossClass, meaning: string | null, remedy: string | null } }> };

export type DashboardPushQuotaQueryVariables = Exact<{ [key: string]: never; }>;


export type DashboardPushQuotaQuery = { pushQuota: { dailyLimit: number, used: number | null, remaining: number | null, resetsAt: string } };

export type DashboardPushTracesQueryVariables = Exact<{
  pushId: string | number;
}>;


export type DashboardPushTracesQuery = { push: { id: string, traces: Array<{ id: string, instanceId: string, platform: PushPlatform, eventType: PushEventType | null, deviceModel: string | null, system: string | null, systemVersion: string | null, notificationEnabled: boolean, recentlyActive: boolean, pushTime: string | null, outcome: { id: string, result: TraceResult, failedStage: TraceStage | null, diagnosis: { id: string, class: LossClass, meaning: string | null, remedy: string | null, retryable: boolean, pruneToken: boolean, source: string | null } | null }, stages: Array<{ id: string, stage: TraceStage, status: PushStatus, errorCode: number, errorInfo: string, eventTime: string | null }> }> | null } };

export type DashboardRecentTasksQueryVariables = Exact<{
  first: number;
}>;


export type DashboardRecentTasksQuery = { recentTasks: { edges: Array<{ node: { id: string, title: string | null, sentAt: string | null, recipientCount: number | null, dataId: string | null, tracked: boolean } }> } };

export type DashboardRecipientFragment = { id: string, account: string, taskId: string | null, pushId: string | null, result: TraceResult, failedStage: PushStage | null, lastEventAt: string, devices: Array<{ platform: PushPlatform, eventType: PushEventType | null, stage: PushStage, status: PushStatus, errorCode: number, errorInfo: string, at: string, diagnosis: { id: string, class: LossClass, meaning: string | null, remedy: string | null } | null }> };

export type DashboardRecipientsQueryVariables = Exact<{
  taskId: string | number;
  filter?: RecipientFilter | null | undefined;
  first: number;
  after?: string | null | undefined;
}>;


export type DashboardRecipientsQuery = { task: { id: string, recipientSummary: { total: number, byResult: Array<{ result: TraceResult, count: number }>, byClass: Array<{ class: LossClass, count: number }> }, recipients: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, account: string, taskId: string | null, pushId: string | null, result: TraceResult, failedStage: PushStage | null, lastEventAt: string, devices: Array<{ platform: PushPlatform, eventType: PushEventType | null, stage: PushStage, status: PushStatus, errorCode: number, errorInfo: string, at: string, diagnosis: { id: string, class: LossClass, meaning: string | null, remedy: string | null } | null }> } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } } };

export type DashboardSchedulePushMutationVariables = Exact<{
  input: SchedulePushInput;
}>;


export type DashboardSchedulePushMutation = { schedulePush: { id: string, scheduledPush: { id: string, at: string | null, status: ScheduledPushStatus } | null } };

export type DashboardSendAudiencePushMutationVariables = Exact<{
  input: SendPushInput;
}>;


export type DashboardSendAudiencePushMutation = { sendPush: { taskId: string } };

export type DashboardSendPushMutationVariables = Exact<{
  input: SendBatchPushInput;
}>;


export type DashboardSendPushMutation = { sendBatchPush: { taskId: string, failedAccounts: Array<{ id: string, account: string, errorCode: number, errorInfo: string | null }> } };

export type DashboardTaskQueryVariables = Exact<{
  taskId: string | number;
  range?: TimeRange | null | undefined;
}>;


export type DashboardTaskQuery = { task: { id: string, summary: { id: string, lossRate: number | null, stats: { id: string, from: string, to: string, total: number, sent: number, delivered: number, clicked: number, byPlatform: Array<{ id: string, platform: PushPlatform, eventType: PushEventType | null, deliveryNeedsReceipts: boolean, total: number, sent: number, delivered: number, clicked: number }> } | null, loss: { id: string, from: string, to: string, total: number, byPlatform: Array<{ id: string, stage: LossStage, platform: PushPlatform | null, count: number }> } | null, byPlatform: Array<{ id: string, platform: PushPlatform, sendable: number, delivered: number, lost: number, lossRate: number | null }>, topReasons: Array<{ id: string, stage: LossStage, platform: PushPlatform | null, errorCode: string, errorInfo: string, count: number, share: number, diagnosis: { id: string, class: LossClass, meaning: string | null, remedy: string | null, retryable: boolean, pruneToken: boolean, source: string | null } }> } | null, live: { taskId: string, sent: number, delivered: number, clicked: number, failed: number, updatedAt: string | null, byPlatform: Array<{ platform: PushPlatform, sent: number, delivered: number, clicked: number, failed: number }>, topReasons: Array<{ stage: PushStage, platform: PushPlatform, errorCode: number, errorInfo: string, count: number, diagnosis: { class: LossClass, meaning: string | null, remedy: string | null } }> } | null } };

export type DashboardTaskAlertsQueryVariables = Exact<{
  taskId: string | number;
}>;


export type DashboardTaskAlertsQuery = { task: { id: string, alerts: Array<{ id: string, summary: string, remedy: string | null, firedAt: string, rule: { id: string, name: string } }> | null } };

export type DashboardTasksQueryVariables = Exact<{
  ids: Array<string | number> | string | number;
}>;


export type DashboardTasksQuery = { tasks: Array<{ id: string, summary: { id: string, lossRate: number | null, stats: { id: string, total: number, sent: number, delivered: number, clicked: number } | null, loss: { id: string, total: number } | null } | null }> };

export type DashboardTracesQueryVariables = Exact<{
  taskId: string | number;
  userIds: Array<string | number> | string | number;
}>;


export type DashboardTracesQuery = { task: { id: string, traces: Array<{ id: string, userId: string, outcome: TraceResult, instances: Array<{ id: string, instanceId: string, platform: PushPlatform, eventType: PushEventType | null, deviceModel: string | null, system: string | null, systemVersion: string | null, notificationEnabled: boolean, recentlyActive: boolean, pushTime: string | null, outcome: { id: string, result: TraceResult, failedStage: TraceStage | null, diagnosis: { id: string, class: LossClass, meaning: string | null, remedy: string | null, retryable: boolean, pruneToken: boolean, source: string | null } | null }, stages: Array<{ id: string, stage: TraceStage, status: PushStatus, errorCode: number, errorInfo: string, eventTime: string | null }> }> } | null> | null } };

export type DashboardUpdateAlertRuleMutationVariables = Exact<{
  id: string | number;
  input: AlertRuleInput;
}>;


export type DashboardUpdateAlertRuleMutation = { updateAlertRule: { id: string, name: string, enabled: boolean, cooldownMinutes: number, condition: { summary: string, lossRate: { above: number, minEvents: number, windowMinutes: number, taskId: string | null, platform: PushPlatform | null, class: LossClass | null } | null, newCode: { platform: PushPlatform | null, class: LossClass | null, windowMinutes: number } | null, silence: { minutes: number } | null, quota: { remainingBelow: number } | null }, channels: Array<{ webhook: { url: string, format: WebhookFormat, signed: boolean } }> } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const DashboardAlertRuleFragmentDoc = new TypedDocumentString(`
    fragment DashboardAlertRule on AlertRule {
  id
  name
  enabled
  cooldownMinutes
  condition {
    summary
    lossRate {
      above
      minEvents
      windowMinutes
      taskId
      platform
      class
    }
    newCode {
      platform
      class
      windowMinutes
    }
    silence {
      minutes
    }
    quota {
      remainingBelow
    }
  }
  channels {
    webhook {
      url
      format
      signed
    }
  }
}
    `, {"fragmentName":"DashboardAlertRule"}) as unknown as TypedDocumentString<DashboardAlertRuleFragment, unknown>;
export const DashboardAlertFragmentDoc = new TypedDocumentString(`
    fragment DashboardAlert on Alert {
  id
  state
  value
  threshold
  summary
  remedy
  firedAt
  resolvedAt
  rule {
    id
    name
  }
  tasks {
    id
  }
  codes {
    platform
    code
    info
    class
    count
    meaning
  }
  deliveries {
    channelIndex
    event
    status
    attempts
    at
    error
    channel {
      webhook {
        url
        format
      }
    }
  }
}
    `, {"fragmentName":"DashboardAlert"}) as unknown as TypedDocumentString<DashboardAlertFragment, unknown>;
export const DashboardDiagnosisFragmentDoc = new TypedDocumentString(`
    fragment DashboardDiagnosis on Diagnosis {
  id
  class
  meaning
  remedy
  retryable
  pruneToken
  source
}
    `, {"fragmentName":"DashboardDiagnosis"}) as unknown as TypedDocumentString<DashboardDiagnosisFragment, unknown>;
export const DashboardInstanceFragmentDoc = new TypedDocumentString(`
    fragment DashboardInstance on InstanceTrace {
  id
  instanceId
  platform
  eventType
  deviceModel
  system
  systemVersion
  notificationEnabled
  recentlyActive
  pushTime
  outcome {
    id
    result
    failedStage
    diagnosis {
      id
      class
      meaning
      remedy
      retryable
      pruneToken
      source
    }
  }
  stages {
    id
    stage
    status
    errorCode
    errorInfo
    eventTime
  }
}
    `, {"fragmentName":"DashboardInstance"}) as unknown as TypedDocumentString<DashboardInstanceFragment, unknown>;
export const DashboardProgressFiguresFragmentDoc = new TypedDocumentString(`
    fragment DashboardProgressFigures on TaskProgress {
  taskId
  sent
  delivered
  clicked
  failed
  updatedAt
  byPlatform {
    platform
    sent
    delivered
    clicked
    failed
  }
  topReasons {
    stage
    platform
    errorCode
    errorInfo
    count
    diagnosis {
      class
      meaning
      remedy
    }
  }
}
    `, {"fragmentName":"DashboardProgressFigures"}) as unknown as TypedDocumentString<DashboardProgressFiguresFragment, unknown>;
export const DashboardRecipientFragmentDoc = new TypedDocumentString(`
    fragment DashboardRecipient on Recipient {
  id
  account
  taskId
  pushId
  result
  failedStage
  lastEventAt
  devices {
    platform
    eventType
    stage
    status
    errorCode
    errorInfo
    at
    diagnosis {
      id
      class
      meaning
      remedy
    }
  }
}
    `, {"fragmentName":"DashboardRecipient"}) as unknown as TypedDocumentString<DashboardRecipientFragment, unknown>;
export const DashboardAlertChangesDocument = new TypedDocumentString(`
    subscription DashboardAlertChanges {
  alerts {
    id
    state
  }
}
    `, {"hash":"sha256:0622a6581f3ad789edf645e6177339a9d2cb2220ad92f519cb01a64a799aac4e"}) as unknown as TypedDocumentString<DashboardAlertChangesSubscription, DashboardAlertChangesSubscriptionVariables>;
export const DashboardAlertsDocument = new TypedDocumentString(`
    query DashboardAlerts {
  alertRules {
    ...DashboardAlertRule
  }
  firing: alerts(state: FIRING, first: 50) {
    edges {
      node {
        ...DashboardAlert
      }
    }
  }
  past: alerts(state: RESOLVED, first: 20) {
    edges {
      node {
        ...DashboardAlert
      }
    }
  }
}
    fragment DashboardAlertRule on AlertRule {
  id
  name
  enabled
  cooldownMinutes
  condition {
    summary
    lossRate {
      above
      minEvents
      windowMinutes
      taskId
      platform
      class
    }
    newCode {
      platform
      class
      windowMinutes
    }
    silence {
      minutes
    }
    quota {
      remainingBelow
    }
  }
  channels {
    webhook {
      url
      format
      signed
    }
  }
}
fragment DashboardAlert on Alert {
  id
  state
  value
  threshold
  summary
  remedy
  firedAt
  resolvedAt
  rule {
    id
    name
  }
  tasks {
    id
  }
  codes {
    platform
    code
    info
    class
    count
    meaning
  }
  deliveries {
    channelIndex
    event
    status
    attempts
    at
    error
    channel {
      webhook {
        url
        format
      }
    }
  }
}`, {"hash":"sha256:b695ef7e3ddb96ca2beb64a0c763aa78765cb845f60e8c2831461ac34aab33c8"}) as unknown as TypedDocumentString<DashboardAlertsQuery, DashboardAlertsQueryVariables>;
export const DashboardCreateAlertRuleDocument = new TypedDocumentString(`
    mutation DashboardCreateAlertRule($input: AlertRuleInput!) {
  createAlertRule(input: $input) {
    ...DashboardAlertRule
  }
}
    fragment DashboardAlertRule on AlertRule {
  id
  name
  enabled
  cooldownMinutes
  condition {
    summary
    lossRate {
      above
      minEvents
      windowMinutes
      taskId
      platform
      class
    }
    newCode {
      platform
      class
      windowMinutes
    }
    silence {
      minutes
    }
    quota {
      remainingBelow
    }
  }
  channels {
    webhook {
      url
      format
      signed
    }
  }
}`, {"hash":"sha256:04147485f6e2912b5b80c2f31dc82cf6f21eb19ed88534f703bae1d909c234e0"}) as unknown as TypedDocumentString<DashboardCreateAlertRuleMutation, DashboardCreateAlertRuleMutationVariables>;
export const DashboardDailyDocument = new TypedDocumentString(`
    query DashboardDaily($taskId: ID!, $from: Date!, $to: Date!) {
  task(id: $taskId) {
    id
    daily(from: $from, to: $to) {
      day
      observedAt
      settled
      stats {
        id
        total
        sent
        delivered
        clicked
      }
      loss {
        id
        total
      }
    }
  }
}
    `, {"hash":"sha256:8e967d4a7ebc2ac6f420a3530cfd639c86f7f00615eccb100b048b753905ff76"}) as unknown as TypedDocumentString<DashboardDailyQuery, DashboardDailyQueryVariables>;
export const DashboardDeleteAlertRuleDocument = new TypedDocumentString(`
    mutation DashboardDeleteAlertRule($id: ID!) {
  deleteAlertRule(id: $id)
}
    `, {"hash":"sha256:3f146f02387afe1583da6cbf55d97c0d71e21755a382033c62c94137d30a58a8"}) as unknown as TypedDocumentString<DashboardDeleteAlertRuleMutation, DashboardDeleteAlertRuleMutationVariables>;
export const DashboardInvalidTokensDocument = new TypedDocumentString(`
    query DashboardInvalidTokens($platform: [PushPlatform!], $first: Int!, $after: String) {
  invalidTokens(platform: $platform, first: $first, after: $after) {
    totalCount
    edges {
      cursor
      node {
        ...DashboardRecipient
      }
    }
    pageInfo {
      hasNextPage
      endCursor
    }
  }
}
    fragment DashboardRecipient on Recipient {
  id
  account
  taskId
  pushId
  result
  failedStage
  lastEventAt
  devices {
    platform
    eventType
    stage
    status
    errorCode
    errorInfo
    at
    diagnosis {
      id
      class
      meaning
      remedy
    }
  }
}`, {"hash":"sha256:b70bd612486f80c63848cc6f876a47c4d3d6b8ef0cd847b884615c41009cabf8"}) as unknown as TypedDocumentString<DashboardInvalidTokensQuery, DashboardInvalidTokensQueryVariables>;
export const DashboardProgressDocument = new TypedDocumentString(`
    subscription DashboardProgress($taskId: ID!) {
  taskProgress(taskId: $taskId) {
    ...DashboardProgressFigures
  }
}
    fragment DashboardProgressFigures on TaskProgress {
  taskId
  sent
  delivered
  clicked
  failed
  updatedAt
  byPlatform {
    platform
    sent
    delivered
    clicked
    failed
  }
  topReasons {
    stage
    platform
    errorCode
    errorInfo
    count
    diagnosis {
      class
      meaning
      remedy
    }
  }
}`, {"hash":"sha256:9e9753a6018fdf7d942326803efc7a42e54d0c05e79585a4aa20cfcfe36b9245"}) as unknown as TypedDocumentString<DashboardProgressSubscription, DashboardProgressSubscriptionVariables>;
export const DashboardPushQuotaDocument = new TypedDocumentString(`
    query DashboardPushQuota {
  pushQuota {
    dailyLimit
    used
    remaining
    resetsAt
  }
}
    `, {"hash":"sha256:c7667b6ee83b8c8d9d7450d9efd7f87d78f30865a987bd59d9118752acfd4ac3"}) as unknown as TypedDocumentString<DashboardPushQuotaQuery, DashboardPushQuotaQueryVariables>;
export const DashboardPushTracesDocument = new TypedDocumentString(`
    query DashboardPushTraces($pushId: ID!) {
  push(id: $pushId) {
    id
    traces {
      ...DashboardInstance
    }
  }
}
    fragment DashboardInstance on InstanceTrace {
  id
  instanceId
  platform
  eventType
  deviceModel
  system
  systemVersion
  notificationEnabled
  recentlyActive
  pushTime
  outcome {
    id
    result
    failedStage
    diagnosis {
      id
      class
      meaning
      remedy
      retryable
      pruneToken
      source
    }
  }
  stages {
    id
    stage
    status
    errorCode
    errorInfo
    eventTime
  }
}`, {"hash":"sha256:9639a442326ffaea58bafe4f30ecd505e5371400403fc6c5d1df166a527273d0"}) as unknown as TypedDocumentString<DashboardPushTracesQuery, DashboardPushTracesQueryVariables>;
export const DashboardRecentTasksDocument = new TypedDocumentString(`
    query DashboardRecentTasks($first: Int!) {
  recentTasks(first: $first) {
    edges {
      node {
        id
        title
        sentAt
        recipientCount
        dataId
        tracked
      }
    }
  }
}
    `, {"hash":"sha256:edad12cd09412bfd07b57332c636489c98a5ebbf8bca769c6a5ccafb1821a016"}) as unknown as TypedDocumentString<DashboardRecentTasksQuery, DashboardRecentTasksQueryVariables>;
export const DashboardRecipientsDocument = new TypedDocumentString(`
    query DashboardRecipients($taskId: ID!, $filter: RecipientFilter, $first: Int!, $after: String) {
  task(id: $taskId) {
    id
    recipientSummary {
      total
      byResult {
        result
        count
      }
      byClass {
        class
        count
      }
    }
    recipients(filter: $filter, first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          ...DashboardRecipient
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
}
    fragment DashboardRecipient on Recipient {
  id
  account
  taskId
  pushId
  result
  failedStage
  lastEventAt
  devices {
    platform
    eventType
    stage
    status
    errorCode
    errorInfo
    at
    diagnosis {
      id
      class
      meaning
      remedy
    }
  }
}`, {"hash":"sha256:d94caf7b72b614975fd558e7b5c45f3b526a1576e385defc405032c31c8b4122"}) as unknown as TypedDocumentString<DashboardRecipientsQuery, DashboardRecipientsQueryVariables>;
export const DashboardSchedulePushDocument = new TypedDocumentString(`
    mutation DashboardSchedulePush($input: SchedulePushInput!) {
  schedulePush(input: $input) {
    id
    scheduledPush {
      id
      at
      status
    }
  }
}
    `, {"hash":"sha256:e09baabf0f9fd3e53ca467a7abdf1affa5391c0b24edf8a724aa1d5284ca0fc2"}) as unknown as TypedDocumentString<DashboardSchedulePushMutation, DashboardSchedulePushMutationVariables>;
export const DashboardSendAudiencePushDocument = new TypedDocumentString(`
    mutation DashboardSendAudiencePush($input: SendPushInput!) {
  sendPush(input: $input) {
    taskId
  }
}
    `, {"hash":"sha256:0808ba1aa72103c5ddd3e7576d56a3c3728ba097a544f4fba3720afb2c7c5faa"}) as unknown as TypedDocumentString<DashboardSendAudiencePushMutation, DashboardSendAudiencePushMutationVariables>;
export const DashboardSendPushDocument = new TypedDocumentString(`
    mutation DashboardSendPush($input: SendBatchPushInput!) {
  sendBatchPush(input: $input) {
    taskId
    failedAccounts {
      id
      account
      errorCode
      errorInfo
    }
  }
}
    `, {"hash":"sha256:a027772deeec8fe8dc77f7130ac41982d51f7ef19e854d47df37a65251531d68"}) as unknown as TypedDocumentString<DashboardSendPushMutation, DashboardSendPushMutationVariables>;
export const DashboardTaskDocument = new TypedDocumentString(`
    query DashboardTask($taskId: ID!, $range: TimeRange) {
  task(id: $taskId) {
    id
    summary(range: $range) {
      id
      lossRate
      stats {
        id
        from
        to
        total
        sent
        delivered
        clicked
        byPlatform {
          id
          platform
          eventType
          deliveryNeedsReceipts
          total
          sent
          delivered
          clicked
        }
      }
      loss {
        id
        from
        to
        total
        byPlatform {
          id
          stage
          platform
          count
        }
      }
      byPlatform {
        id
        platform
        sendable
        delivered
        lost
        lossRate
      }
      topReasons(limit: 8) {
        id
        stage
        platform
        errorCode
        errorInfo
        count
        share
        diagnosis {
          ...DashboardDiagnosis
        }
      }
    }
    live {
      ...DashboardProgressFigures
    }
  }
}
    fragment DashboardDiagnosis on Diagnosis {
  id
  class
  meaning
  remedy
  retryable
  pruneToken
  source
}
fragment DashboardProgressFigures on TaskProgress {
  taskId
  sent
  delivered
  clicked
  failed
  updatedAt
  byPlatform {
    platform
    sent
    delivered
    clicked
    failed
  }
  topReasons {
    stage
    platform
    errorCode
    errorInfo
    count
    diagnosis {
      class
      meaning
      remedy
    }
  }
}`, {"hash":"sha256:004f1c8d5c96e2d3a8bb2443c70d0d0049313dc6c5acf4055a7ce5bf66409737"}) as unknown as TypedDocumentString<DashboardTaskQuery, DashboardTaskQueryVariables>;
export const DashboardTaskAlertsDocument = new TypedDocumentString(`
    query DashboardTaskAlerts($taskId: ID!) {
  task(id: $taskId) {
    id
    alerts {
      id
      summary
      remedy
      firedAt
      rule {
        id
        name
      }
    }
  }
}
    `, {"hash":"sha256:4ca9a149ccddfa1879bf854472b5247316d35de60580bb41fbf82a8fa9f12c7e"}) as unknown as TypedDocumentString<DashboardTaskAlertsQuery, DashboardTaskAlertsQueryVariables>;
export const DashboardTasksDocument = new TypedDocumentString(`
    query DashboardTasks($ids: [ID!]!) {
  tasks(ids: $ids) {
    id
    summary {
      id
      lossRate
      stats {
        id
        total
        sent
        delivered
        clicked
      }
      loss {
        id
        total
      }
    }
  }
}
    `, {"hash":"sha256:ea3cbfc692fab15a5597a936dac2c2d0c4614a7f672904ac974ed22b05b2b0d2"}) as unknown as TypedDocumentString<DashboardTasksQuery, DashboardTasksQueryVariables>;
export const DashboardTracesDocument = new TypedDocumentString(`
    query DashboardTraces($taskId: ID!, $userIds: [ID!]!) {
  task(id: $taskId) {
    id
    traces(userIds: $userIds) @stream(initialCount: 0) {
      id
      userId
      outcome
      instances {
        ...DashboardInstance
      }
    }
  }
}
    fragment DashboardInstance on InstanceTrace {
  id
  instanceId
  platform
  eventType
  deviceModel
  system
  systemVersion
  notificationEnabled
  recentlyActive
  pushTime
  outcome {
    id
    result
    failedStage
    diagnosis {
      id
      class
      meaning
      remedy
      retryable
      pruneToken
      source
    }
  }
  stages {
    id
    stage
    status
    errorCode
    errorInfo
    eventTime
  }
}`, {"hash":"sha256:2136b6a8c64f5cce7da3a0f5abacaa3ee5e952e3690d98d62da83b1c1d89a0bd"}) as unknown as TypedDocumentString<DashboardTracesQuery, DashboardTracesQueryVariables>;
export const DashboardUpdateAlertRuleDocument = new TypedDocumentString(`
    mutation DashboardUpdateAlertRule($id: ID!, $input: AlertRuleInput!) {
  updateAlertRule(id: $id, input: $input) {
    ...DashboardAlertRule
  }
}
    fragment DashboardAlertRule on AlertRule {
  id
  name
  enabled
  cooldownMinutes
  condition {
    summary
    lossRate {
      above
      minEvents
      windowMinutes
      taskId
      platform
      class
    }
    newCode {
      platform
      class
      windowMinutes
    }
    silence {
      minutes
    }
    quota {
      remainingBelow
    }
  }
  channels {
    webhook {
      url
      format
      signed
    }
  }
}`, {"hash":"sha256:410841eb91eb611b26789a09fdda511214a00c0b9ddf901aa9531d26a7b9f6ea"}) as unknown as TypedDocumentString<DashboardUpdateAlertRuleMutation, DashboardUpdateAlertRuleMutationVariables>;