// get_sched_task: one scheduled task, by its TaskID: when, what, its status, and its push's TaskId once
// dispatched. Never cached: its status moves on by itself.
import type { Json } from '../decode.js';
import type { ScheduleKey, ScheduledTask } from '../model.js';
import { SCHEDULE_RATE, decodeTaskInfo, type WireTaskInfo } from './schedule-wire.js';
import type { ReadApi, Untrusted } from './types.js';

export interface WireGetSchedRequest {
  Sdkappid: number;
  TaskID: number;
}

export const getSchedTask: ReadApi<ScheduleKey, ScheduledTask> = {
  name: 'get_sched_task',
  kind: 'read',
  rate: SCHEDULE_RATE,
  keyId: ({ id }) => id,
  body: ([key]): WireGetSchedRequest & Json => ({ Sdkappid: key!.sdkAppId, TaskID: Number(key!.id) }),
  split: (answer: Untrusted<{ TaskInfo: WireTaskInfo }>) => [
    typeof answer.TaskInfo === 'object' && answer.TaskInfo !== null ? (answer.TaskInfo as Json) : {},
  ],
  decode: (part, key) => ({ ...decodeTaskInfo(part), id: key.id }),
  ttlMs: () => 0,
};
