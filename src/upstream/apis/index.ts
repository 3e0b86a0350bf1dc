// Every upstream API the gateway calls, each described once in its own module. Adding an API is one module
// here plus its schema file; the scheduler, cache, quota and cost estimator pick it up from this list.
import { allMemberPushLoss } from './all-member-push-loss.js';
import { allMemberPushStatistics } from './all-member-push-statistics.js';
import { allMemberPushTrace } from './all-member-push-trace.js';
import { batch } from './batch.js';
import { normalPushLoss } from './normal-push-loss.js';
import { normalPushStatistics } from './normal-push-statistics.js';
import { normalPushTrace } from './normal-push-trace.js';
import { push } from './push.js';
import { revoke } from './revoke.js';

export const API_DESCRIPTIONS = {
  normal_push_trace: normalPushTrace,
  all_member_push_trace: allMemberPushTrace,
  normal_push_loss: normalPushLoss,
  all_member_push_loss: allMemberPushLoss,
  normal_push_statistics: normalPushStatistics,
  all_member_push_statistics: allMemberPushStatistics,
  batch,
  revoke,
  push,
} as const;

export type Api = keyof typeof API_DESCRIPTIONS;
export const APIS = Object.keys(API_DESCRIPTIONS) as Api[];

/** Documented quotas per SDKAppID, calls/s, as each API's module states them. */
export const DOCUMENTED_RATES: Readonly<Record<Api, number>> = Object.fromEntries(
  APIS.map((api) => [api, API_DESCRIPTIONS[api].rate]),
) as Record<Api, number>;

export {
  allMemberPushLoss,
  allMemberPushStatistics,
  allMemberPushTrace,
  batch,
  normalPushLoss,
  normalPushStatistics,
  normalPushTrace,
  push,
  revoke,
};
export type { TaskLossKey } from './all-member-push-loss.js';
export type { TaskStatsKey } from './all-member-push-statistics.js';
export type { TaskTraceKey } from './all-member-push-trace.js';
export * from './types.js';
