// Numbers, shares and times in the browser's locale.
import type { LossClass, PushPlatform, PushStage, TraceResult, TraceStage } from '../gql/graphql.js';

const integer = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(undefined, {
  style: 'percent',
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
});
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export const count = (n: number | null | undefined): string =>
  n === null || n === undefined ? '—' : integer.format(n);
export const share = (n: number | null | undefined): string =>
  n === null || n === undefined ? '—' : percent.format(n);
export const time = (iso: string | null | undefined): string => (iso ? dateTime.format(new Date(iso)) : '—');

const PLATFORM_NAMES: Record<PushPlatform, string> = {
  UNKNOWN: 'Online',
  APNS: 'APNs',
  XIAOMI: 'Xiaomi',
  HUAWEI: 'Huawei',
  FCM: 'FCM',
  MEIZU: 'Meizu',
  OPPO: 'OPPO',
  VIVO: 'vivo',
  HONOR: 'HONOR',
};
export const platform = (p: PushPlatform | null | undefined): string => (p ? PLATFORM_NAMES[p] : 'All channels');

export const STAGE_NAMES: Record<'READY_TO_SEND' | 'POST_SEND_DELIVERED', string> = {
  READY_TO_SEND: 'before sending',
  POST_SEND_DELIVERED: 'after sending',
};

export const TRACE_STAGE_NAMES: Record<TraceStage, string> = {
  IM_COMMIT: 'Accepted',
  OFFLINE_SUBMIT: 'Submitted for offline push',
  OFFLINE_CHANNEL: 'Handed to the vendor',
  OFFLINE_DEVICE: 'Reached the device',
  OFFLINE_CLICK: 'Clicked',
  ONLINE_CHANNEL: 'Sent online',
  ONLINE_DEVICE: 'Reached the app online',
};

export const CLASS_NAMES: Record<LossClass, string> = {
  TOKEN_INVALID: 'Dead token',
  CONFIG: 'Configuration',
  QUOTA_RATE: 'Vendor quota',
  USER_OPTOUT: 'User opted out',
  DEVICE_INACTIVE: 'Inactive device',
  PAYLOAD: 'Message content',
  TRANSIENT: 'Passing failure',
  UNKNOWN: 'Not known',
};

export const RESULT_NAMES: Record<TraceResult, string> = {
  CLICKED: 'Clicked',
  DELIVERED: 'Delivered',
  PENDING: 'Not delivered yet',
  FAILED: 'Failed',
};

/** Where a push callback saw a failure, read after "failed". */
export const FAILED_STAGE_NAMES: Record<PushStage, string> = {
  SENT: 'handing to the vendor',
  DELIVERED: 'reaching the device',
  CLICKED: 'at the click',
};
