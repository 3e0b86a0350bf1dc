// all_member_push_loss: loss of all-user / tag / batch push tasks in a window, up to 5 TaskIDs a call, or with
// no TaskID the overall figures of every task together.
import { isObject } from '../decode.js';
import { decodeLoss } from '../decode.js';
import type { Loss, Window } from '../model.js';
import type { Json, ReadApi, Untrusted } from './types.js';
import { lossTtlMs, windowId, wireWindow, type WireLossArrays, type WireWindow } from './loss-wire.js';

/** One task's loss in a window; taskId null: the overall statistics (an empty TaskID list). */
export interface TaskLossKey {
  window: Window;
  taskId: string | null;
}

export interface WireTaskLossRequest extends WireWindow {
  /** Up to 5 ids; empty for the overall statistics. */
  TaskID: string[];
}
export interface WireTaskLoss extends WireLossArrays {
  TaskID: string;
}
export interface WireTaskLossAnswer {
  /** A task without data is left out: its loss is empty, not an error. */
  Results: WireTaskLoss[];
}

export const MAX_LOSS_TASK_IDS = 5;

export const allMemberPushLoss: ReadApi<TaskLossKey, Loss> = {
  name: 'all_member_push_loss',
  kind: 'read',
  rate: 1,
  keyId: ({ window, taskId }) => `${windowId(window)}:${taskId === null ? '*' : JSON.stringify(taskId)}`,
  batch: {
    maxKeys: MAX_LOSS_TASK_IDS,
    // The overall figures are their own question: they never share a call with task ids.
    group: ({ window, taskId }) => `${windowId(window)}${taskId === null ? ':overall' : ''}`,
  },
  body(keys): WireTaskLossRequest & Record<string, unknown> {
    const ids = keys.flatMap((k) => (k.taskId === null ? [] : [k.taskId]));
    // Sorted ids: the same set of tasks is the same upstream request.
    return { ...wireWindow(keys[0]!.window), TaskID: ids.sort() };
  },
  split(answer: Untrusted<WireTaskLossAnswer>, keys) {
    const results = Array.isArray(answer.Results) ? answer.Results.filter(isObject) : [];
    const byTask = new Map<string, Json>(results.map((r) => [typeof r.TaskID === 'string' ? r.TaskID : '', r]));
    return keys.map((k) => (k.taskId === null ? (byTask.get('') ?? results[0]) : byTask.get(k.taskId)) ?? {});
  },
  decode: (part) => decodeLoss(part),
  ttlMs: ({ window }, ttls, nowMs) => lossTtlMs(window, ttls, nowMs),
};
