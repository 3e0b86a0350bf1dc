// all_member_push_statistics: the delivery funnel of all-user / tag / batch push tasks in a window, up to 5
// TaskIDs a call, or with no TaskID the overall figures of every task together.
import { isObject, type Json } from '../decode.js';
import type { Stats } from '../model.js';
import { lossTtlMs, windowId, wireWindow } from './loss-wire.js';
import type { TaskLossKey } from './all-member-push-loss.js';
import { MAX_STATS_TASK_IDS, decodeStats, type WireStatsRequest, type WireTaskStatsAnswer } from './statistics-wire.js';
import type { ReadApi, Untrusted } from './types.js';

/** One task's statistics in a window; taskId null: the overall statistics (an empty TaskID list). */
export type TaskStatsKey = TaskLossKey;

export const allMemberPushStatistics: ReadApi<TaskStatsKey, Stats> = {
  name: 'all_member_push_statistics',
  kind: 'read',
  rate: 1,
  keyId: ({ window, taskId }) => `${windowId(window)}:${taskId === null ? '*' : JSON.stringify(taskId)}`,
  batch: {
    maxKeys: MAX_STATS_TASK_IDS,
    // The overall figures are their own question: they never share a call with task ids.
    group: ({ window, taskId }) => `${windowId(window)}${taskId === null ? ':overall' : ''}`,
  },
  body(keys): WireStatsRequest & Json {
    const ids = keys.flatMap((k) => (k.taskId === null ? [] : [k.taskId]));
    // Sorted ids: the same set of tasks is the same upstream request.
    return { ...wireWindow(keys[0]!.window), TaskID: ids.sort() };
  },
  split(answer: Untrusted<WireTaskStatsAnswer> & Json, keys) {
    if (!Array.isArray(answer.Results)) {
      // The overall figures may come at the top level rather than as one result.
      return keys.map((k) => (k.taskId === null ? answer : {}));
    }
    const results = answer.Results.filter(isObject);
    const byTask = new Map<string, Json>(results.map((r) => [typeof r.TaskID === 'string' ? r.TaskID : '', r]));
    return keys.map((k) => (k.taskId === null ? (byTask.get('') ?? results[0]) : byTask.get(k.taskId)) ?? {});
  },
  decode: (part) => decodeStats(part),
  ttlMs: ({ window }, ttls, nowMs) => lossTtlMs(window, ttls, nowMs),
};
