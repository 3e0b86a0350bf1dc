// OfflinePushInfo, the notification every push API carries (batch, push, scheduled tasks), spelled on the wire
// field by field as the upstream's "Common Parameters (OfflinePushInfo Description)" page names them.
import {
  ANDROID_PUSH_STYLES,
  APNS_BADGE_MODES,
  MEIZU_NOTICE_TYPES,
  VIVO_CLASSIFICATIONS,
  type AndroidOptions,
  type ApnsOptions,
  type HarmonyOptions,
  type LiveActivity,
  type Notification,
} from '../notification.js';

export interface WireAndroidInfo {
  Sound?: string;
  PushStyle?: 0 | 1;
  XiaoMiChannelID?: string;
  OPPOChannelID?: string;
  OPPOCategory?: string;
  OPPONotifyLevel?: number;
  OPPOPrivateMsgTemplateId?: string;
  OPPOPrivateTitleParameters?: Record<string, string>;
  OPPOPrivateContentParameters?: Record<string, string>;
  VIVOClassification?: 0 | 1;
  VIVOCategory?: string;
  VIVONotifyType?: number;
  HuaWeiCategory?: string;
  HuaWeiImportance?: string;
  HuaWeiChannelID?: string;
  HuaWeiImage?: string;
  HonorImportance?: string;
  HonorImage?: string;
  GoogleChannelID?: string;
  GooglePriority?: string;
  GoogleImage?: string;
  MeiZuNoticeMsgType?: 0 | 1;
}

export interface WireLiveActivity {
  LaId: string;
  Event: string;
  ContentState: Record<string, unknown>;
  /** Unix seconds. */
  DismissalDate?: number;
}

export interface WireApnsInfo {
  Title?: string;
  SubTitle?: string;
  Sound?: string;
  Image?: string;
  BadgeMode?: 0 | 1;
  MutableContent?: 0 | 1;
  ContentAvailable?: 0 | 1;
  InterruptionLevel?: string;
  IsVoipPush?: 0 | 1;
  LiveActivity?: WireLiveActivity;
}

export interface WireHarmonyInfo {
  Title?: string;
  Category?: string;
  Image?: string;
  Sound?: string;
  SoundDuration?: number;
}

export interface WireOfflinePushInfo {
  /** 0: offline push through the vendor channels as well; 1: online only. */
  PushFlag: 0 | 1;
  Title?: string;
  Desc?: string;
  Ext?: string;
  AndroidInfo?: WireAndroidInfo;
  ApnsInfo?: WireApnsInfo;
  HarmonyInfo?: WireHarmonyInfo;
  BadgeAddNum?: number;
  BadgeSetNum?: number;
  MultiLanguageContent?: { Language: string; Title?: string; Desc?: string }[];
  PushTemplateId?: string;
  PushTemplateParam?: Record<string, string>;
}

/** The object without its undefined fields: what is not set is not sent, and the console's settings apply. */
function defined<T extends object>(fields: T): T {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as T;
}

/** An object of options, or nothing when none of them is set. */
const unlessEmpty = <T extends object>(fields: T): T | undefined =>
  Object.keys(fields).length > 0 ? fields : undefined;

/** Our enum value → the upstream's spelling; an index into `values` where the wire takes a number. */
const indexOf = <V extends string>(values: readonly V[], value: V | undefined) =>
  value === undefined ? undefined : (values.indexOf(value) as 0 | 1);
const lower = (value: string | undefined) => value?.toLowerCase().replace(/_/g, '-');
const flag = (value: boolean | undefined) => (value === undefined ? undefined : value ? 1 : 0);

function androidInfo(a: AndroidOptions): WireAndroidInfo {
  return defined({
    Sound: a.sound,
    PushStyle: indexOf(ANDROID_PUSH_STYLES, a.pushStyle),
    XiaoMiChannelID: a.xiaomiChannelId,
    OPPOChannelID: a.oppoChannelId,
    OPPOCategory: a.oppoCategory,
    OPPONotifyLevel: a.oppoNotifyLevel,
    OPPOPrivateMsgTemplateId: a.oppoPrivateTemplateId,
    OPPOPrivateTitleParameters: a.oppoPrivateTitleParams,
    OPPOPrivateContentParameters: a.oppoPrivateContentParams,
    VIVOClassification: indexOf(VIVO_CLASSIFICATIONS, a.vivoClassification),
    VIVOCategory: a.vivoCategory,
    VIVONotifyType: a.vivoNotifyType,
    HuaWeiCategory: a.huaweiCategory,
    HuaWeiImportance: a.huaweiImportance,
    HuaWeiChannelID: a.huaweiChannelId,
    HuaWeiImage: a.huaweiImage,
    HonorImportance: a.honorImportance,
    HonorImage: a.honorImage,
    GoogleChannelID: a.googleChannelId,
    GooglePriority: lower(a.googlePriority),
    GoogleImage: a.googleImage,
    MeiZuNoticeMsgType: indexOf(MEIZU_NOTICE_TYPES, a.meizuNoticeMsgType),
  });
}

const liveActivity = (l: LiveActivity): WireLiveActivity =>
  defined({
    LaId: l.id,
    Event: l.event.toLowerCase(),
    ContentState: l.contentState,
    DismissalDate: l.dismissalDate && Math.floor(l.dismissalDate.getTime() / 1000),
  });

function apnsInfo(a: ApnsOptions): WireApnsInfo {
  return defined({
    Title: a.title,
    SubTitle: a.subtitle,
    Sound: a.sound,
    Image: a.image,
    BadgeMode: indexOf(APNS_BADGE_MODES, a.badgeMode),
    MutableContent: flag(a.mutableContent),
    ContentAvailable: flag(a.contentAvailable),
    InterruptionLevel: lower(a.interruptionLevel),
    IsVoipPush: flag(a.voip),
    LiveActivity: a.liveActivity && liveActivity(a.liveActivity),
  });
}

const harmonyInfo = (h: HarmonyOptions): WireHarmonyInfo =>
  defined({ Title: h.title, Category: h.category, Image: h.image, Sound: h.sound, SoundDuration: h.soundDuration });

/** The notification as OfflinePushInfo: only what is set, so the console's settings apply to the rest. */
export function offlinePushInfo(n: Notification): WireOfflinePushInfo {
  return defined({
    PushFlag: n.offlinePush ? 0 : 1,
    Title: n.title ?? undefined,
    Desc: n.description ?? undefined,
    Ext: n.ext,
    AndroidInfo: n.android && unlessEmpty(androidInfo(n.android)),
    ApnsInfo: n.apns && unlessEmpty(apnsInfo(n.apns)),
    HarmonyInfo: n.harmony && unlessEmpty(harmonyInfo(n.harmony)),
    BadgeAddNum: n.badge?.add,
    BadgeSetNum: n.badge?.set,
    MultiLanguageContent: n.localized?.length
      ? n.localized.map((l) => defined({ Language: l.language, Title: l.title, Desc: l.description }))
      : undefined,
    PushTemplateId: n.template?.id,
    PushTemplateParam: n.template?.params,
  });
}
