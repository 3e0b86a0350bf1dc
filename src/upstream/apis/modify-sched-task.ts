// modify_sched_task: changes a pending scheduled task's time or content (its Type never changes). A task
// already dispatching is refused with 90107. A write never retried (repeating the same change is harmless).
import type { Json } from '../decode.js';
import type { ScheduleChange } from '../model.js';
import type { WireAddSchedRequest } from './add-sched-task.js';
import { SCHEDULE_RATE, wireContent, wireTime, wireType } from './schedule-wire.js';
import type { WriteApi } from './types.js';

export interface WireModifySchedRequest extends Pick<WireAddSchedRequest, 'Sdkappid' | 'Type'> {
  TaskID: number;
  /** Absent: unchanged. */
  SchedAt?: string;
  Content?: WireAddSchedRequest['Content'];
}

export const modifySchedTask: WriteApi<ScheduleChange, void> = {
  name: 'modify_sched_task',
  kind: 'write',
  rate: SCHEDULE_RATE,
  body(change): WireModifySchedRequest & Json {
    const body: WireModifySchedRequest = {
      Sdkappid: change.sdkAppId,
      TaskID: Number(change.id),
      Type: wireType(change.type),
    };
    if (change.at) body.SchedAt = wireTime(change.at);
    if (change.content) body.Content = wireContent(change.content);
    return { ...body };
  },
  decode: () => undefined,
};
