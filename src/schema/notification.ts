// The whole notification a push carries (OfflinePushInfo): its input types, shared by sendBatchPush, sendPush
// and the scheduled pushes, and their checks. What the upstream would refuse is refused here first
// (BAD_USER_INPUT naming the field); what a vendor would quietly cut short is said in extensions.warnings.
import type { InputShapeFromFields } from '@pothos/core';
import {
  ANDROID_PUSH_STYLES,
  APNS_BADGE_MODES,
  APNS_INTERRUPTION_LEVELS,
  GOOGLE_PRIORITIES,
  LIVE_ACTIVITY_EVENTS,
  MEIZU_NOTICE_TYPES,
  NOTIFICATION_IMPORTANCES,
  VIVO_CLASSIFICATIONS,
  type AndroidOptions,
  type ApnsOptions,
  type Badge,
  type HarmonyOptions,
  type LocalizedContent,
  type Notification,
  type Params,
  type PushTemplate,
} from '../upstream/model.js';
import { WarningCode, type Warning } from '../graphql/plugins/warnings.js';
import { builder } from './builder.js';
import { badInput } from './validate.js';

type Types = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

const NotificationImportance = builder.enumType('NotificationImportance', {
  description: "Huawei's and HONOR's message importance: LOW messages are not announced.",
  values: NOTIFICATION_IMPORTANCES,
});
const GooglePriority = builder.enumType('GooglePriority', { values: GOOGLE_PRIORITIES });
const VivoClassification = builder.enumType('VivoClassification', {
  description:
    'OPERATIONAL (marketing) messages are capped per device and day by vivo; SYSTEM ones (chat, orders) are not.',
  values: VIVO_CLASSIFICATIONS,
});
const MeizuNoticeType = builder.enumType('MeizuNoticeType', { values: MEIZU_NOTICE_TYPES });
const AndroidPushStyle = builder.enumType('AndroidPushStyle', {
  description: 'BIG_TEXT shows the whole text (Huawei, HONOR and OPPO only).',
  values: ANDROID_PUSH_STYLES,
});
const ApnsBadgeMode = builder.enumType('ApnsBadgeMode', {
  description: 'Whether the push counts towards the app icon badge (NO_COUNT is the default of batch pushes).',
  values: APNS_BADGE_MODES,
});
const ApnsInterruptionLevel = builder.enumType('ApnsInterruptionLevel', {
  description: 'iOS 15+: how the notification may interrupt (CRITICAL needs an entitlement from Apple).',
  values: APNS_INTERRUPTION_LEVELS,
});
const LiveActivityEvent = builder.enumType('LiveActivityEvent', { values: LIVE_ACTIVITY_EVENTS });

const NameValueInput = builder.inputType('TemplateParamInput', {
  fields: (t) => ({ name: t.string({ required: true }), value: t.string({ required: true }) }),
});

const AndroidNotificationInput = builder.inputType('AndroidNotificationInput', {
  description:
    "Vendor options for Android (AndroidInfo); each overrides the console's setting. Channels and categories decide whether a vendor throttles a message as marketing.",
  fields: (t) => ({
    sound: t.string({ description: 'A sound file of the app, without its suffix.' }),
    pushStyle: t.field({ type: AndroidPushStyle }),
    xiaomiChannelId: t.string({ description: 'Xiaomi notification channel (XiaoMiChannelID).' }),
    oppoChannelId: t.string({ description: 'OPPO notification channel (OPPOChannelID).' }),
    oppoCategory: t.string({ description: 'OPPO message category, e.g. IM or ORDER (OPPOCategory).' }),
    oppoNotifyLevel: t.int({
      description: '1 status bar, 2 also the lock screen, 16 also a banner, sound and vibration; needs oppoCategory.',
    }),
    oppoPrivateTemplateId: t.string({ description: 'OPPO private-message template.' }),
    oppoPrivateTitleParams: t.field({ type: [NameValueInput] }),
    oppoPrivateContentParams: t.field({ type: [NameValueInput] }),
    vivoClassification: t.field({ type: VivoClassification }),
    vivoCategory: t.string({ description: 'vivo message category, e.g. IM or ORDER (VIVOCategory).' }),
    vivoNotifyType: t.int({ description: '1 silent, 2 sound, 3 vibration, 4 sound and vibration (the default).' }),
    huaweiCategory: t.string({ description: 'Huawei self-classification category, e.g. IM (HuaWeiCategory).' }),
    huaweiImportance: t.field({ type: NotificationImportance }),
    huaweiChannelId: t.string(),
    huaweiImage: t.string({ description: 'An https URL of an image under 512 KB.' }),
    honorImportance: t.field({ type: NotificationImportance }),
    honorImage: t.string({ description: 'An image URL.' }),
    googleChannelId: t.string({ description: 'FCM notification channel.' }),
    googlePriority: t.field({ type: GooglePriority }),
    googleImage: t.string({ description: 'An image URL, at most 1 MB.' }),
    meizuNoticeMsgType: t.field({ type: MeizuNoticeType }),
  }),
});

const ApnsLiveActivityInput = builder.inputType('ApnsLiveActivityInput', {
  fields: (t) => ({
    id: t.string({ required: true, description: 'The Live Activity id (LaId), at most 64 bytes.' }),
    event: t.field({ type: LiveActivityEvent, required: true }),
    contentState: t.string({ required: true, description: 'A JSON object: the activity content state.' }),
    dismissalDate: t.field({ type: 'DateTime', description: 'When an ended activity leaves the lock screen.' }),
  }),
});

const ApnsNotificationInput = builder.inputType('ApnsNotificationInput', {
  description: 'Options for Apple devices (ApnsInfo).',
  fields: (t) => ({
    title: t.string({ description: 'Replaces the title on Apple devices.' }),
    subtitle: t.string(),
    sound: t.string({ description: 'A sound file of the app, with its suffix, at most 30 s.' }),
    image: t.string({ description: 'An image URL, shown by a notification service extension.' }),
    badgeMode: t.field({ type: ApnsBadgeMode }),
    mutableContent: t.boolean({ description: 'Let a notification service extension change the notification.' }),
    contentAvailable: t.boolean({ description: 'A silent (background) push.' }),
    interruptionLevel: t.field({ type: ApnsInterruptionLevel }),
    voip: t.boolean({ description: 'A VoIP push; a normal notification where the device has no VoIP token.' }),
    liveActivity: t.field({ type: ApnsLiveActivityInput }),
  }),
});

const HarmonyNotificationInput = builder.inputType('HarmonyNotificationInput', {
  description: 'Options for HarmonyOS devices (HarmonyInfo).',
  fields: (t) => ({
    title: t.string(),
    category: t.string({ description: 'HarmonyOS notification category, e.g. IM.' }),
    image: t.string({ description: 'An https URL.' }),
    sound: t.string(),
    soundDuration: t.int({ description: '1 to 60 seconds.' }),
  }),
});

const BadgeInput = builder.inputType('BadgeInput', {
  description: 'The app icon badge on APNs, Huawei, HONOR and HarmonyOS devices; set wins over add.',
  fields: (t) => ({
    add: t.int({ description: 'Add 1 to 99 to the badge.' }),
    set: t.int({ description: 'Set the badge: 0 to 999 on APNs, 0 to 99 elsewhere.' }),
  }),
});

const LocalizedContentInput = builder.inputType('LocalizedContentInput', {
  description: "A title and text for devices in one language (SDK 8.5.6870+), matched to the device's language.",
  fields: (t) => ({
    language: t.string({ required: true, description: 'A language code, e.g. en or zh-Hans.' }),
    title: t.string(),
    description: t.string(),
  }),
});

const PushTemplateInput = builder.inputType('PushTemplateInput', {
  description: 'A push template made in the console, with its variables.',
  fields: (t) => ({
    id: t.string({ required: true, description: 'The template id, e.g. 1400000000-1.' }),
    params: t.field({ type: [NameValueInput] }),
  }),
});

/** The notification's input fields, the same on every push input type. */
export function notificationFields(t: PothosSchemaTypes.InputFieldBuilder<Types, 'InputObject'>) {
  return {
    title: t.string({ description: 'Notification title.' }),
    description: t.string({ description: 'Notification text.' }),
    offlinePush: t.boolean({ defaultValue: true, description: 'Send through the vendor channels to offline devices.' }),
    ext: t.string({ description: 'Passed through to the app, e.g. the screen to open; keep it JSON.' }),
    android: t.field({ type: AndroidNotificationInput }),
    apns: t.field({ type: ApnsNotificationInput }),
    harmony: t.field({ type: HarmonyNotificationInput }),
    badge: t.field({ type: BadgeInput }),
    localized: t.field({ type: [LocalizedContentInput] }),
    template: t.field({ type: PushTemplateInput }),
  };
}

type NotificationArgs = InputShapeFromFields<ReturnType<typeof notificationFields>>;
type Nullable<T> = { [K in keyof T]?: T[K] | null };

/** The set fields of an input object: GraphQL's null and absent both mean "not set". */
function set<T extends object>(input: T): { [K in keyof T]?: NonNullable<T[K]> } {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== null && v !== undefined)) as {
    [K in keyof T]?: NonNullable<T[K]>;
  };
}

function inRange(value: number | undefined, min: number, max: number, field: string): number | undefined {
  if (value !== undefined && (value < min || value > max))
    throw badInput(`${field} must be from ${min} to ${max}, got ${value}`, field);
  return value;
}

function imageUrl(value: string | undefined, field: string, httpsOnly = false): string | undefined {
  if (value === undefined) return undefined;
  const ok = URL.canParse(value) && (httpsOnly ? /^https:$/ : /^https?:$/).test(new URL(value).protocol);
  if (!ok) throw badInput(`${field} must be an ${httpsOnly ? 'https' : 'http(s)'} URL`, field);
  return value;
}

/** A list of name/value pairs as the object the upstream takes; a name twice is refused. */
function params(list: readonly { name: string; value: string }[] | undefined, field: string): Params | undefined {
  if (list === undefined) return undefined;
  const out: Params = {};
  list.forEach(({ name, value }, i) => {
    if (name.trim() === '') throw badInput(`${field}[${i}].name must not be empty`, `${field}[${i}].name`);
    if (Object.hasOwn(out, name)) throw badInput(`${field} names "${name}" twice`, field);
    out[name] = value;
  });
  return out;
}

function android(input: NonNullable<NotificationArgs['android']>, at: string): AndroidOptions {
  const a = set(input);
  if (a.oppoNotifyLevel !== undefined && ![1, 2, 16].includes(a.oppoNotifyLevel))
    throw badInput(`${at}.oppoNotifyLevel must be 1, 2 or 16, got ${a.oppoNotifyLevel}`, `${at}.oppoNotifyLevel`);
  if (a.oppoNotifyLevel !== undefined && !a.oppoCategory)
    throw badInput(`${at}.oppoNotifyLevel needs ${at}.oppoCategory: OPPO ignores it without one`, `${at}.oppoCategory`);
  return {
    ...a,
    vivoNotifyType: inRange(a.vivoNotifyType, 1, 4, `${at}.vivoNotifyType`),
    huaweiImage: imageUrl(a.huaweiImage, `${at}.huaweiImage`, true),
    honorImage: imageUrl(a.honorImage, `${at}.honorImage`),
    googleImage: imageUrl(a.googleImage, `${at}.googleImage`),
    oppoPrivateTitleParams: params(a.oppoPrivateTitleParams, `${at}.oppoPrivateTitleParams`),
    oppoPrivateContentParams: params(a.oppoPrivateContentParams, `${at}.oppoPrivateContentParams`),
  };
}

function contentState(json: string, field: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    value = undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw badInput(`${field} must be a JSON object`, field);
  return value as Record<string, unknown>;
}

function apns(input: NonNullable<NotificationArgs['apns']>, at: string): ApnsOptions {
  const { liveActivity, ...a } = set(input);
  if (!liveActivity) return a;
  const field = `${at}.liveActivity`;
  const bytes = Buffer.byteLength(liveActivity.id, 'utf8');
  if (bytes === 0 || bytes > 64) throw badInput(`${field}.id must hold 1 to 64 bytes`, `${field}.id`);
  return {
    ...a,
    liveActivity: {
      id: liveActivity.id,
      event: liveActivity.event,
      contentState: contentState(liveActivity.contentState, `${field}.contentState`),
      dismissalDate: liveActivity.dismissalDate ?? undefined,
    },
  };
}

const harmony = (input: NonNullable<NotificationArgs['harmony']>, at: string): HarmonyOptions => {
  const h = set(input);
  return {
    ...h,
    image: imageUrl(h.image, `${at}.image`, true),
    soundDuration: inRange(h.soundDuration, 1, 60, `${at}.soundDuration`),
  };
};

function badge(input: NonNullable<NotificationArgs['badge']>, at: string, warnings: Warning[]): Badge {
  const b = set(input);
  inRange(b.add, 1, 99, `${at}.add`);
  inRange(b.set, 0, 999, `${at}.set`);
  if (b.add !== undefined && b.set !== undefined)
    warnings.push({ code: WarningCode.IGNORED, field: `${at}.add`, message: `${at}.set is given too, and wins.` });
  if (b.set !== undefined && b.set > 99)
    warnings.push({
      code: WarningCode.VENDOR_LIMIT,
      field: `${at}.set`,
      message: `Huawei, HONOR and HarmonyOS badges go up to 99; only APNs shows ${b.set}.`,
      limit: 99,
    });
  return b;
}

function localized(list: NonNullable<NotificationArgs['localized']>, at: string): LocalizedContent[] {
  const seen = new Set<string>();
  return list.map((entry, i) => {
    const { language, ...text } = set(entry);
    if (!language?.trim()) throw badInput(`${at}[${i}].language must not be empty`, `${at}[${i}].language`);
    if (seen.has(language))
      throw badInput(`${at}[${i}].language repeats "${language}", given before`, `${at}[${i}].language`);
    seen.add(language);
    if (text.title === undefined && text.description === undefined)
      throw badInput(`${at}[${i}] needs a title or a description`, `${at}[${i}]`);
    return { language, ...text };
  });
}

/** Filled in by the upstream itself: a value given for one is not what devices show. */
const RESERVED_TEMPLATE_PARAMS = new Set(['timTitle', 'timDesc', 'timSenderNick', 'timGroupName']);

function template(input: NonNullable<NotificationArgs['template']>, at: string, warnings: Warning[]): PushTemplate {
  if (input.id.trim() === '') throw badInput(`${at}.id must not be empty`, `${at}.id`);
  const values = params(input.params ?? undefined, `${at}.params`);
  for (const name of Object.keys(values ?? {}).filter((n) => RESERVED_TEMPLATE_PARAMS.has(n)))
    warnings.push({
      code: WarningCode.IGNORED,
      field: `${at}.params`,
      message: `${name} is a reserved variable that the upstream fills in itself.`,
    });
  return { id: input.id, params: values };
}

/**
 * The notification of a push input, checked: what the upstream would refuse throws BAD_USER_INPUT naming the
 * field, what a vendor shows differently is added to `warnings`.
 */
export function readNotification(input: Nullable<NotificationArgs>, at: string, warnings: Warning[]): Notification {
  const notification: Notification = {
    title: input.title ?? null,
    description: input.description ?? null,
    offlinePush: input.offlinePush ?? true,
    ext: input.ext ?? undefined,
    android: input.android ? android(input.android, `${at}.android`) : undefined,
    apns: input.apns ? apns(input.apns, `${at}.apns`) : undefined,
    harmony: input.harmony ? harmony(input.harmony, `${at}.harmony`) : undefined,
    badge: input.badge ? badge(input.badge, `${at}.badge`, warnings) : undefined,
    localized: input.localized ? localized(input.localized, `${at}.localized`) : undefined,
    template: input.template ? template(input.template, `${at}.template`, warnings) : undefined,
  };
  warnings.push(...vendorWarnings(notification, at));
  return notification;
}

/** Characters (UTF-16 units) of a title and a text each vendor shows before it cuts with "…". */
const SHOWN: readonly { platform: string; name: string; title: number; text: (n: Notification) => number }[] = [
  { platform: 'HUAWEI', name: 'Huawei', title: 60, text: () => 600 },
  { platform: 'HONOR', name: 'HONOR', title: 50, text: () => 400 },
  { platform: 'XIAOMI', name: 'Xiaomi', title: 50, text: () => 128 },
  { platform: 'OPPO', name: 'OPPO', title: 50, text: (n) => (n.android?.pushStyle === 'BIG_TEXT' ? 128 : 50) },
  { platform: 'VIVO', name: 'vivo', title: 40, text: () => 100 },
  { platform: 'MEIZU', name: 'Meizu', title: 32, text: () => 100 },
];

function truncated(value: string | null | undefined, field: string, kind: 'title' | 'text', n: Notification) {
  if (!value) return [];
  return SHOWN.flatMap(({ platform, name, title, text }): Warning[] => {
    const limit = kind === 'title' ? title : text(n);
    if (value.length <= limit) return [];
    const message = `${name} shows ${limit} characters of a ${kind}; the rest of these ${value.length} is cut off with "…".`;
    return [{ code: WarningCode.TRUNCATED, field, platform, limit, length: value.length, message }];
  });
}

/** APNs takes 4 KB a notification: the text and Ext together should stay under 3 KB. */
const APNS_TEXT_AND_EXT_BYTES = 3072;

function vendorWarnings(n: Notification, at: string): Warning[] {
  const warnings: Warning[] = [];
  if (n.ext !== undefined && !isJson(n.ext))
    warnings.push({
      code: WarningCode.EXT_NOT_JSON,
      field: `${at}.ext`,
      message: 'ext is not JSON: some vendors drop a payload they cannot parse.',
    });
  const bytes = Buffer.byteLength(`${n.description ?? ''}${n.ext ?? ''}`, 'utf8');
  if (bytes >= APNS_TEXT_AND_EXT_BYTES)
    warnings.push({
      code: WarningCode.VENDOR_LIMIT,
      field: `${at}.ext`,
      platform: 'APNS',
      limit: APNS_TEXT_AND_EXT_BYTES,
      length: bytes,
      message: `The text and ext take ${bytes} bytes; keep them under 3 KB, or APNs refuses the 4 KB notification.`,
    });
  // Online-only pushes never reach a vendor's notification bar.
  if (!n.offlinePush) return warnings;
  warnings.push(...truncated(n.title, `${at}.title`, 'title', n));
  warnings.push(...truncated(n.description, `${at}.description`, 'text', n));
  n.localized?.forEach((l, i) => {
    warnings.push(...truncated(l.title, `${at}.localized[${i}].title`, 'title', n));
    warnings.push(...truncated(l.description, `${at}.localized[${i}].description`, 'text', n));
  });
  return warnings;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
