// The diagnosis knowledge base: reviewed entries, each with the page it comes from. A code without a source
// has no entry here (it is diagnosed UNKNOWN): nothing is guessed. Classes and remedies are our reading of
// the source; the meaning is the source's.
import type { Platform } from '../upstream/model.js';
import type { KnowledgeEntry, LossClass } from './model.js';

type Flags = { retryable?: boolean; pruneToken?: boolean; reason?: string; stage?: KnowledgeEntry['stage'] };

/** Entries of one vendor from one source, written one per line. */
const from =
  (platform: Platform | null, source: string) =>
  (code: string, cls: LossClass, meaning: string, remedy: string, flags: Flags = {}): KnowledgeEntry => ({
    platform,
    code,
    class: cls,
    meaning,
    remedy,
    retryable: flags.retryable ?? false,
    pruneToken: flags.pruneToken ?? false,
    source,
    ...(flags.reason !== undefined ? { reason: flags.reason } : {}),
    ...(flags.stage !== undefined ? { stage: flags.stage } : {}),
  });

const SOURCES = {
  tencentLoss: 'https://trtc.io/zh/document/71898',
  tencentTaskLoss: 'https://trtc.io/zh/document/71895',
  apple: 'https://developer.apple.com/documentation/usernotifications/handling-notification-responses-from-apns',
  a2: 'https://docs.rs/a2/latest/a2/response/enum.ErrorReason.html',
  appleJwtForum: 'https://developer.apple.com/forums/thread/675879',
  fcm: 'https://firebase.google.com/docs/reference/fcm/rest/v1/ErrorCode',
  huaweiCommon: 'https://developer.huawei.com/consumer/cn/doc/development/HMSCore-Guides/commonerror-0000001059816656',
  huaweiFaq: 'https://segmentfault.com/a/1190000042188975/en',
  huaweiSensitive: 'https://blog.csdn.net/HUAWEI_HMSCore/article/details/125866284',
  huaweiReceipt: 'https://developer.huawei.com/consumer/cn/doc/HMSCore-Guides/msg-receipt-guide-0000001050040176',
  xiaomi: 'https://dev.mi.com/xiaomihyperos/documentation/detail?pId=1560',
  vivo: 'https://app.applebyme.cn/cloud/appshangjia/2017.html',
  meizu: 'https://github.com/MEIZUPUSH/PushAPI',
} as const;

const RETRY = { retryable: true } as const;
const PRUNE = { pruneToken: true } as const;

const tencent = from(null, SOURCES.tencentLoss);
const TENCENT: KnowledgeEntry[] = [
  tencent(
    '-1',
    'CONFIG',
    'No certificate ID is set for this vendor channel: Tencent had nothing to send the push through.',
    "Upload the vendor's certificate or app credentials in the Chat console (Push settings) and register for push in the client with that certificate ID.",
    { stage: 'READY_TO_SEND' },
  ),
  tencent(
    '-2',
    'CONFIG',
    'The device never uploaded a vendor token, so there was no address to send the push to.',
    'Check that the client registers for offline push after login and that the vendor SDK hands it a token (vendor app id and key, notification permission).',
    { stage: 'READY_TO_SEND' },
  ),
];

const apple = from('APNS', SOURCES.apple);
const a2 = from('APNS', SOURCES.a2);
const APNS: KnowledgeEntry[] = [
  apple(
    '400',
    'PAYLOAD',
    'Bad request: the reason names the part at fault (a bad device token, a header, the topic or the payload).',
    'Read the reason in errorInfo; BadDeviceToken is the common one (see its entry).',
  ),
  a2(
    '400',
    'TOKEN_INVALID',
    'The device token is invalid, or belongs to the other APNs environment (a sandbox token sent to production or the reverse).',
    "First check that the certificate's environment matches the app build; if it does, stop sending to this token.",
    { reason: 'BadDeviceToken' },
  ),
  a2(
    '400',
    'CONFIG',
    'The device token does not match the topic (bundle id) the push was sent for.',
    'Check the bundle id of the certificate or key configured in the console against the app.',
    { reason: 'DeviceTokenNotForTopic' },
  ),
  ...['MissingDeviceToken', 'BadTopic', 'TopicDisallowed', 'MissingTopic'].map((reason) =>
    a2(
      '400',
      'CONFIG',
      `The request was refused: ${reason}.`,
      'Check the certificate and bundle id set in the console.',
      {
        reason,
      },
    ),
  ),
  ...['PayloadEmpty', 'BadCollapseId', 'BadExpirationDate', 'BadMessageId', 'BadPriority', 'DuplicateHeaders'].map(
    (reason) =>
      a2('400', 'PAYLOAD', `The request was malformed: ${reason}.`, 'Check the push content and its options.', {
        reason,
      }),
  ),
  apple(
    '403',
    'CONFIG',
    'The certificate or provider token (JWT) was refused: bad, expired, of the wrong environment, or missing.',
    'Renew the APNs certificate or authentication key in the console and check its environment.',
  ),
  ...[
    'BadCertificate',
    'BadCertificateEnvironment',
    'ExpiredProviderToken',
    'InvalidProviderToken',
    'MissingProviderToken',
    'Forbidden',
  ].map((reason) =>
    a2(
      '403',
      'CONFIG',
      `Authentication with APNs failed: ${reason}.`,
      'Renew the APNs certificate or key in the console.',
      {
        reason,
      },
    ),
  ),
  apple(
    '404',
    'CONFIG',
    'The request path was bad (BadPath).',
    'A sender-side problem: report it to Tencent support.',
    {
      reason: 'BadPath',
    },
  ),
  apple(
    '405',
    'CONFIG',
    'The request method was not POST (MethodNotAllowed).',
    'A sender-side problem: report it to Tencent support.',
    { reason: 'MethodNotAllowed' },
  ),
  apple(
    '410',
    'TOKEN_INVALID',
    'The device token is no longer active for the topic (Unregistered): the app was removed or the token replaced.',
    'Stop sending to this token and drop it; the device gets a new one when the app registers again.',
    { ...PRUNE, reason: 'Unregistered' },
  ),
  apple('413', 'PAYLOAD', 'The payload is too large (PayloadTooLarge).', 'Shorten the title, body or extension data.', {
    reason: 'PayloadTooLarge',
  }),
  apple(
    '429',
    'QUOTA_RATE',
    'Too many requests were sent to the same device token (TooManyRequests).',
    'Send fewer pushes to this device; retry later.',
    { ...RETRY, reason: 'TooManyRequests' },
  ),
  from('APNS', SOURCES.appleJwtForum)(
    '429',
    'CONFIG',
    'The provider token (JWT) was renewed too often, more than once in 20 minutes.',
    'Reuse the provider token for 20 to 60 minutes instead of signing a new one per push.',
    { reason: 'TooManyProviderTokenUpdates' },
  ),
  apple('500', 'TRANSIENT', 'APNs had an internal error (InternalServerError).', 'Retry later.', {
    ...RETRY,
    reason: 'InternalServerError',
  }),
  apple(
    '503',
    'TRANSIENT',
    'APNs is unavailable or shutting down (ServiceUnavailable, Shutdown).',
    'Retry later.',
    RETRY,
  ),
];

const fcm = from('FCM', SOURCES.fcm);
const FCM: KnowledgeEntry[] = [
  fcm(
    '400',
    'PAYLOAD',
    'A request parameter was invalid (INVALID_ARGUMENT): a badly formed token, a message over 4096 bytes, a reserved data key, a bad TTL…',
    'Check the message size and fields; if the token is malformed, drop it.',
    { reason: 'INVALID_ARGUMENT' },
  ),
  fcm(
    '401',
    'CONFIG',
    'The APNs certificate or key (or web push credential) FCM needed was missing or invalid (THIRD_PARTY_AUTH_ERROR).',
    'Upload a valid APNs credential to the Firebase project.',
    { reason: 'THIRD_PARTY_AUTH_ERROR' },
  ),
  fcm(
    '403',
    'CONFIG',
    'The token belongs to another sender / Firebase project (SENDER_ID_MISMATCH).',
    "Check that the console's FCM credentials are those of the project the app registers with.",
    { reason: 'SENDER_ID_MISMATCH' },
  ),
  fcm(
    '404',
    'TOKEN_INVALID',
    'The app instance was unregistered from FCM; the token is no longer valid (UNREGISTERED).',
    'Stop sending to this token and drop it.',
    { ...PRUNE, reason: 'UNREGISTERED' },
  ),
  fcm(
    '429',
    'QUOTA_RATE',
    'A sending quota was exceeded: messages per project, per device or per topic (QUOTA_EXCEEDED).',
    'Send less often to this device or project; retry with backoff.',
    { ...RETRY, reason: 'QUOTA_EXCEEDED' },
  ),
  fcm('500', 'TRANSIENT', 'FCM had an internal error (INTERNAL).', 'Retry with backoff.', {
    ...RETRY,
    reason: 'INTERNAL',
  }),
  fcm('503', 'TRANSIENT', 'FCM was overloaded (UNAVAILABLE).', 'Retry with backoff.', {
    ...RETRY,
    reason: 'UNAVAILABLE',
  }),
];

const huawei = from('HUAWEI', SOURCES.huaweiCommon);
const huaweiFaq = from('HUAWEI', SOURCES.huaweiFaq);
const receipt = from('HUAWEI', SOURCES.huaweiReceipt);
const HUAWEI: KnowledgeEntry[] = [
  huawei('80100003', 'PAYLOAD', 'The message structure is illegal.', 'Check the push content and its options.', {
    reason: 'Illegal payload',
  }),
  from('HUAWEI', SOURCES.huaweiSensitive)(
    '80100016',
    'PAYLOAD',
    'The message contains sensitive content.',
    'Change the wording of the title and body.',
  ),
  huaweiFaq(
    '80200001',
    'CONFIG',
    'OAuth authentication failed: no Authorization, or an access token of another app.',
    'Check the Huawei app id and secret configured in the console.',
  ),
  huaweiFaq(
    '80200003',
    'CONFIG',
    'The OAuth access token expired.',
    'Check the Huawei app credentials in the console; persistent failures need Tencent support.',
  ),
  huawei(
    '80300002',
    'CONFIG',
    'No permission to send to this token: the push service is not enabled, overseas rights are missing, or the project does not match.',
    'Enable Push Kit for the app in AppGallery Connect and check the project and region.',
  ),
  huawei(
    '80300007',
    'TOKEN_INVALID',
    'The token is invalid: malformed, of another app, or the package name / app id does not match.',
    'Drop the token; check that the token the client uploads comes from the app configured in the console.',
    { ...PRUNE, reason: 'Invalid token' },
  ),
  huaweiFaq(
    '80300010',
    'PAYLOAD',
    'The number of tokens in the message is not within 1 to 1000, or the body is malformed.',
    'A sender-side problem: report it to Tencent support.',
  ),
  huawei('503', 'QUOTA_RATE', 'Flow control: too many requests per second.', 'Send more slowly; retry later.', RETRY),
  receipt(
    '2',
    'TOKEN_INVALID',
    'Delivery receipt: the app is not installed on the device.',
    'Stop sending to this token (Huawei advises filtering it).',
    PRUNE,
  ),
  receipt(
    '5',
    'TOKEN_INVALID',
    'Delivery receipt: the token does not exist for the current user of the device.',
    'Stop sending to this token (Huawei advises filtering it).',
    PRUNE,
  ),
  receipt(
    '6',
    'USER_OPTOUT',
    'Delivery receipt: the notification was not shown: push turned off in the app, or the system or channel switch is off.',
    'Ask the user to enable notifications; stop pushing until they do (Huawei advises filtering it).',
  ),
  receipt(
    '10',
    'DEVICE_INACTIVE',
    'Delivery receipt: the device is inactive (offline for 30 days).',
    'Stop pushing to this device until it is seen again (Huawei advises filtering it).',
  ),
  receipt('14', 'UNKNOWN', 'Delivery receipt: another reason, not given.', 'Nothing specific to do.'),
  receipt(
    '15',
    'DEVICE_INACTIVE',
    'Delivery receipt: the offline message was overwritten by a newer one (same collapse key, or over the 120 cached).',
    'Expected for collapsed messages; nothing to do unless every message matters.',
  ),
  receipt(
    '22',
    'TOKEN_INVALID',
    'Delivery receipt: the user id of the token does not match the device user.',
    'Refresh the token on the client after the device user changes.',
  ),
  receipt(
    '27',
    'DEVICE_INACTIVE',
    'Delivery receipt: the app process is absent; the data message is cached.',
    'It is delivered when the app starts.',
  ),
  receipt(
    '31',
    'CONFIG',
    'Delivery receipt: the message type is not supported on the device.',
    'Check the message type.',
  ),
  receipt(
    '51',
    'DEVICE_INACTIVE',
    'Delivery receipt: the device was locked after boot.',
    'It is delivered once the device is unlocked.',
  ),
  receipt(
    '102',
    'QUOTA_RATE',
    'Delivery receipt: frequency control, over 3000 messages per app per device per day.',
    'Send fewer messages to this device.',
  ),
  receipt(
    '144',
    'CONFIG',
    'Delivery receipt: the profileId is missing.',
    'Set the profile id when pushing to a profile.',
  ),
  receipt(
    '201',
    'QUOTA_RATE',
    "Delivery receipt: send control: the message was held back by Huawei's per-category limits.",
    'Classify the message (service & communication messages are not capped) or send fewer marketing messages (Huawei advises filtering it).',
  ),
];

const xiaomi = from('XIAOMI', SOURCES.xiaomi);
const XIAOMI: KnowledgeEntry[] = [
  from('XIAOMI', SOURCES.tencentTaskLoss)(
    '1',
    'TOKEN_INVALID',
    "The registration id (regid) is invalid, as Tencent's loss example reports it for the Xiaomi channel.",
    'Stop sending to this regid; the client gets a new one when it registers again.',
    { ...PRUNE, reason: 'regid_invalid', stage: 'POST_SEND_DELIVERED' },
  ),
  xiaomi('10027', 'QUOTA_RATE', 'The API was called too frequently.', 'Send more slowly; retry later.', RETRY),
  xiaomi('10029', 'TOKEN_INVALID', 'Invalid device: it is not found.', 'Stop sending to this regid.', PRUNE),
  xiaomi('10030', 'QUOTA_RATE', 'Invalid regids or aliases were fetched too often.', 'Retry later.', RETRY),
  xiaomi('10032', 'QUOTA_RATE', 'Invalid regids or aliases were fetched too often.', 'Retry later.', RETRY),
  xiaomi(
    '10031',
    'CONFIG',
    'The app is blacklisted: sending is forbidden.',
    'Contact Xiaomi about the app; check its push account.',
  ),
  xiaomi(
    '10034',
    'QUOTA_RATE',
    'Too many messages were sent today.',
    "Stay under Xiaomi's daily quota (twice the notification-enabled installs for public messages), or apply for a private message channel.",
  ),
  xiaomi('20301', 'UNKNOWN', 'Sending the message failed.', 'Nothing specific to do; look at errorInfo.'),
  xiaomi('21301', 'CONFIG', 'Authentication failed.', 'Check the Xiaomi app id, key and secret in the console.'),
  xiaomi(
    '21302',
    'CONFIG',
    'Token authentication failed (e.g. "Invalid application secret").',
    'Check the Xiaomi app secret in the console.',
  ),
  xiaomi('22022', 'CONFIG', 'The package name is invalid.', 'Check the package name of the Xiaomi app in the console.'),
  xiaomi('26006', 'CONFIG', 'Sending requires review.', "Complete Xiaomi's review of the app's push usage."),
  xiaomi(
    '27001',
    'CONFIG',
    'The channel information does not match.',
    'Check the notification channel set for Xiaomi.',
  ),
  xiaomi(
    '65003',
    'DEVICE_INACTIVE',
    'The device was not found, usually because it is offline.',
    'Nothing to do; it may be reached when it comes back.',
  ),
  xiaomi('65009', 'PAYLOAD', 'The message content is too long.', 'Shorten the title, body or extension data.'),
];

const vivo = from('VIVO', SOURCES.vivo);
const VIVO: KnowledgeEntry[] = [
  vivo(
    '10070',
    'QUOTA_RATE',
    'The total send volume is over the limit: no more sends today.',
    "Stay under vivo's daily volume (set by the app's subscribed users), or classify messages as system messages where allowed.",
    { reason: 'Exceeded daily push limit' },
  ),
  vivo('10252', 'QUOTA_RATE', 'The batch message body is over the limit.', 'Send in smaller batches.'),
  vivo('10254', 'QUOTA_RATE', 'The broadcast count is over the limit.', 'Broadcast less often.'),
  vivo(
    '10094',
    'CONFIG',
    'The appId in the body does not match the authentication.',
    'Check the vivo app id in the console.',
  ),
];

const meizu = from('MEIZU', SOURCES.meizu);
const MEIZU: KnowledgeEntry[] = [
  meizu(
    '110002',
    'TOKEN_INVALID',
    'The pushId is invalid: unsubscribed, or push switched off.',
    'Stop sending to this pushId until the device registers again.',
    PRUNE,
  ),
  meizu('110003', 'TOKEN_INVALID', 'The pushId is illegal.', 'Stop sending to this pushId.', {
    ...PRUNE,
    reason: 'pushId invalid',
  }),
  meizu('110005', 'TOKEN_INVALID', 'The alias is invalid.', 'Check the alias the client sets.'),
  meizu('201', 'CONFIG', 'No permission.', 'Check the Meizu app id and secret in the console.'),
  meizu('501', 'UNKNOWN', 'Sending failed.', 'Nothing specific to do.'),
  meizu('513', 'UNKNOWN', 'Sending failed.', 'Nothing specific to do.'),
  meizu('519', 'TRANSIENT', 'The service was overloaded.', 'Retry later.', RETRY),
  meizu(
    '520',
    'QUOTA_RATE',
    'The message was folded: more than 5 to the same device and app in one minute.',
    'Send fewer messages to the same device in a short time.',
  ),
  meizu('110010', 'QUOTA_RATE', 'Calls came too fast.', 'Send more slowly; retry later.', RETRY),
  meizu('110009', 'CONFIG', 'The app is blacklisted.', 'Contact Meizu about the app.'),
  meizu('1006', 'CONFIG', 'The signature is bad.', 'Check the Meizu app secret in the console.'),
  meizu('110000', 'CONFIG', 'The appId is bad.', 'Check the Meizu app id in the console.'),
  meizu('110001', 'CONFIG', 'The appKey is bad.', 'Check the Meizu app key in the console.'),
  meizu('110053', 'QUOTA_RATE', 'Pass-through messages are over the limit.', 'Send fewer pass-through messages.'),
];

/**
 * The knowledge base. Not covered, for want of a source found so far: HONOR's and OPPO's server error codes,
 * vivo's other codes (10302 among them), Tencent's other loss codes.
 */
export const KNOWLEDGE: readonly KnowledgeEntry[] = [
  ...TENCENT,
  ...APNS,
  ...FCM,
  ...HUAWEI,
  ...XIAOMI,
  ...VIVO,
  ...MEIZU,
];
