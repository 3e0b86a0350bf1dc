// Every upstream API the gateway calls, each described once in its own module. Adding an API is one module
// here, its name in names.ts, plus its schema file; the scheduler, cache, quota and cost estimator pick it up from this list.
import { allMemberPushLoss } from './all-member-push-loss.js';
import { allMemberPushStatistics } from './all-member-push-statistics.js';
import { allMemberPushTrace } from './all-member-push-trace.js';
import { batch } from './batch.js';
import { normalPushLoss } from './normal-push-loss.js';
import { normalPushStatistics } from './normal-push-statistics.js';
import { normalPushTrace } from './normal-push-trace.js';
import { push } from './push.js';
import { revoke } from './revoke.js';
import { addTag } from './add-tag.js';
import { clearAllTags } from './clear-all-tags.js';
import { getAttr } from './get-attr.js';
import { getAttrName } from './get-attr-name.js';
import { getTag } from './get-tag.js';
import { removeAttr } from './remove-attr.js';
import { removeTag } from './remove-tag.js';
import { setAttr } from './set-attr.js';
import { setAttrName } from './set-attr-name.js';
import { addSchedTask } from './add-sched-task.js';
import { deleteSchedTask } from './delete-sched-task.js';
import { getSchedTask } from './get-sched-task.js';
import { listSchedTask } from './list-sched-task.js';
import { modifySchedTask } from './modify-sched-task.js';
import { API_NAMES, type Api } from './names.js';

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
  get_tag: getTag,
  add_tag: addTag,
  remove_tag: removeTag,
  clear_all_tags: clearAllTags,
  get_attr_name: getAttrName,
  set_attr_name: setAttrName,
  get_attr: getAttr,
  set_attr: setAttr,
  remove_attr: removeAttr,
  add_sched_task: addSchedTask,
  modify_sched_task: modifySchedTask,
  get_sched_task: getSchedTask,
  list_sched_task: listSchedTask,
  delete_sched_task: deleteSchedTask,
} as const satisfies Record<Api, { rate: number }>;

export { API_NAMES as APIS, type Api };

/** Documented quotas per SDKAppID, calls/s, as each API's module states them. */
export const DOCUMENTED_RATES: Readonly<Record<Api, number>> = Object.fromEntries(
  API_NAMES.map((api) => [api, API_DESCRIPTIONS[api].rate]),
) as Record<Api, number>;

export {
  addSchedTask,
  deleteSchedTask,
  getSchedTask,
  listSchedTask,
  modifySchedTask,
  addTag,
  clearAllTags,
  getAttr,
  getAttrName,
  getTag,
  removeAttr,
  removeTag,
  setAttr,
  setAttrName,
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
export { MAX_ACCOUNTS_PER_CALL } from './accounts-wire.js';
export type { TaskLossKey } from './all-member-push-loss.js';
export type { TaskStatsKey } from './all-member-push-statistics.js';
export type { TaskTraceKey } from './all-member-push-trace.js';
export * from './types.js';
