// delete_sched_task: cancels a pending scheduled task (90107 once it is dispatching). A write never retried.
import type { Json } from '../decode.js';
import type { ScheduleKey, ScheduleType } from '../model.js';
import { SCHEDULE_RATE, wireType, type WireScheduleType } from './schedule-wire.js';
import type { WriteApi } from './types.js';

export interface WireDeleteSchedRequest {
  Sdkappid: number;
  TaskID: number;
  Type: WireScheduleType;
}

export const deleteSchedTask: WriteApi<ScheduleKey & { type: ScheduleType }, void> = {
  name: 'delete_sched_task',
  kind: 'write',
  rate: SCHEDULE_RATE,
  body: ({ sdkAppId, id, type }): WireDeleteSchedRequest & Json => ({
    Sdkappid: sdkAppId,
    TaskID: Number(id),
    Type: wireType(type),
  }),
  decode: () => undefined,
};
