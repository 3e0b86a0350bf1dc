// The emulator's check of OfflinePushInfo, as the upstream documents its fields: a field of the wrong type or
// out of its documented values is refused with 90100. Unknown fields are refused too, stricter than the upstream
// is known to be, so that a gateway that misspells one finds out here rather than from a silent vendor.
import { Fail, isBody, type Body } from './protocol.js';

type Check = (v: unknown) => boolean;
const str: Check = (v) => typeof v === 'string';
const int =
  (...allowed: number[]): Check =>
  (v) =>
    Number.isInteger(v) && (allowed.length === 0 || allowed.includes(v as number));
const range =
  (min: number, max: number): Check =>
  (v) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max;
const oneOf =
  (...values: string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v);
const strings: Check = (v) => isBody(v) && Object.values(v).every(str);

const ANDROID: Record<string, Check> = {
  Sound: str,
  PushStyle: int(0, 1),
  XiaoMiChannelID: str,
  OPPOChannelID: str,
  OPPOCategory: str,
  OPPONotifyLevel: int(1, 2, 16),
  OPPOPrivateMsgTemplateId: str,
  OPPOPrivateTitleParameters: strings,
  OPPOPrivateContentParameters: strings,
  VIVOClassification: int(0, 1),
  VIVOCategory: str,
  VIVONotifyType: range(1, 4),
  HuaWeiCategory: str,
  HuaWeiImportance: oneOf('LOW', 'NORMAL'),
  HuaWeiChannelID: str,
  HuaWeiImage: (v) => str(v) && (v as string).startsWith('https://'),
  HonorImportance: oneOf('LOW', 'NORMAL'),
  HonorImage: str,
  GoogleChannelID: str,
  GooglePriority: oneOf('normal', 'high'),
  GoogleImage: str,
  MeiZuNoticeMsgType: int(0, 1),
};

const LIVE_ACTIVITY: Record<string, Check> = {
  LaId: (v) => str(v) && Buffer.byteLength(v as string) <= 64,
  Event: oneOf('update', 'end'),
  ContentState: isBody,
  DismissalDate: int(),
};

const APNS: Record<string, Check> = {
  Title: str,
  SubTitle: str,
  Sound: str,
  Image: str,
  BadgeMode: int(0, 1),
  MutableContent: int(0, 1),
  ContentAvailable: int(0, 1),
  InterruptionLevel: oneOf('passive', 'active', 'time-sensitive', 'critical'),
  IsVoipPush: int(0, 1),
  LiveActivity: (v) => isBody(v) && fields(v, LIVE_ACTIVITY, 'LiveActivity') && ['LaId', 'Event'].every((k) => k in v),
};

const HARMONY: Record<string, Check> = {
  Title: str,
  Category: str,
  Image: (v) => str(v) && (v as string).startsWith('https://'),
  Sound: str,
  SoundDuration: range(1, 60),
};

const LANGUAGE: Record<string, Check> = { Language: str, Title: str, Desc: str };

const OFFLINE_PUSH_INFO: Record<string, Check> = {
  PushFlag: int(0, 1),
  Title: str,
  Desc: str,
  Ext: str,
  AndroidInfo: (v) => isBody(v) && fields(v, ANDROID, 'AndroidInfo'),
  ApnsInfo: (v) => isBody(v) && fields(v, APNS, 'ApnsInfo'),
  HarmonyInfo: (v) => isBody(v) && fields(v, HARMONY, 'HarmonyInfo'),
  BadgeAddNum: range(1, 99),
  BadgeSetNum: range(0, 999),
  MultiLanguageContent: (v) =>
    Array.isArray(v) && v.every((l) => isBody(l) && str(l.Language) && fields(l, LANGUAGE, 'MultiLanguageContent')),
  PushTemplateId: str,
  PushTemplateParam: strings,
};

/** Every field of `body` is known and well-formed, or the call is refused naming the first that is not. */
function fields(body: Body, checks: Record<string, Check>, at: string): true {
  for (const [name, value] of Object.entries(body)) {
    const check = checks[name];
    if (!check) throw new Fail(90100, `${at}.${name} is not a known field`);
    if (!check(value)) throw new Fail(90100, `${at}.${name} is not valid`);
  }
  return true;
}

/** OfflinePushInfo as the push APIs require it: an object with PushFlag 0 or 1 and documented fields only. */
export function checkOfflinePushInfo(info: unknown): Body {
  if (!isBody(info) || (info.PushFlag !== 0 && info.PushFlag !== 1))
    throw new Fail(90100, 'OfflinePushInfo with PushFlag 0 or 1 is required');
  fields(info, OFFLINE_PUSH_INFO, 'OfflinePushInfo');
  return info;
}
