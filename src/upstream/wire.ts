// The upstream protocol around every API: its paths, the answer envelope and the documented limits. Each API's
// own body and answer are spelled in its module under apis/; the emulator shares all of these.
import { MAX_LOSS_TASK_IDS } from './apis/all-member-push-loss.js';
import { MAX_DATA_ID_BYTES, MAX_RECIPIENTS } from './apis/batch.js';
import { MAX_WINDOW_SECONDS } from './apis/loss-wire.js';
import { MAX_STATS_TASK_IDS, MAX_STATS_WINDOW_SECONDS } from './apis/statistics-wire.js';
import { REVOKE_WINDOW_MS } from './apis/revoke.js';
import { MAX_CONDITION_TAGS, MAX_TAG_BYTES } from './apis/push.js';

export { APIS, DOCUMENTED_RATES, type Api } from './apis/index.js';
export type { WireInstanceTrace, WireStat, WireTraceAnswer } from './apis/trace-wire.js';
export type { WireLossArrays, WireLossEntry, WireWindow } from './apis/loss-wire.js';
export type { WireTaskLoss, WireTaskLossAnswer, WireTaskLossRequest } from './apis/all-member-push-loss.js';
export type {
  WireStats,
  WireStatsCounts,
  WireStatsRequest,
  WireStatsRow,
  WireTaskStats,
  WireTaskStatsAnswer,
} from './apis/statistics-wire.js';
export type { WireBatchAnswer, WireBatchRequest } from './apis/batch.js';
export type { WireRevokeRequest } from './apis/revoke.js';
export type { WireCondition, WirePushAnswer, WirePushRequest } from './apis/push.js';
export type { WireOfflinePushInfo } from './apis/notification.js';
export type { WireAccountError } from './apis/accounts-wire.js';

export const apiPath = (api: string): string => `/v4/timpush/${api}`;

/** Every answer, OK or FAIL, carries these. */
export interface WireEnvelope {
  ActionStatus: 'OK' | 'FAIL';
  ErrorCode: number;
  ErrorInfo: string;
}

/** Documented limits of the upstream, checked by the gateway before calling and by the emulator on receipt. */
export const LIMITS = {
  maxWindowSeconds: MAX_WINDOW_SECONDS,
  maxLossTaskIds: MAX_LOSS_TASK_IDS,
  /** The statistics APIs: windows of at most 30 days, 5 task ids a call. */
  maxStatsWindowSeconds: MAX_STATS_WINDOW_SECONDS,
  maxStatsTaskIds: MAX_STATS_TASK_IDS,
  maxRecipients: MAX_RECIPIENTS,
  maxDataIdBytes: MAX_DATA_ID_BYTES,
  maxUInt32: 4294967295,
  /** revoke accepts tasks up to 24 h after they started. */
  revokeWindowMs: REVOKE_WINDOW_MS,
  /** Tags per Condition list of a push, and bytes per tag. */
  maxConditionTags: MAX_CONDITION_TAGS,
  maxTagBytes: MAX_TAG_BYTES,
} as const;

export const isUInt32 = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= LIMITS.maxUInt32;
