// add_sched_task: a push to send at a given time (Type All, Tag or User), answered with the scheduled task's
// TaskID. A write never retried: created twice, it would push twice; PUSH_OUTCOME_UNKNOWN when unclear.
import type { Json } from '../decode.js';
import { PushOutcomeUnknownError } from '../errors.js';
import type { NewSchedule } from '../model.js';
import type { WireBatchRequest } from './batch.js';
import type { WirePushRequest } from './push.js';
import { SCHEDULE_RATE, typeOf, wireContent, wireTime, wireType, type WireScheduleType } from './schedule-wire.js';
import type { Untrusted, WriteApi } from './types.js';

export interface WireAddSchedRequest {
  /** Must equal the URL's sdkappid. */
  Sdkappid: number;
  Type: WireScheduleType;
  SchedAt: string;
  Content: WirePushRequest | WireBatchRequest;
}

export const addSchedTask: WriteApi<NewSchedule, { id: string }> = {
  name: 'add_sched_task',
  kind: 'write',
  rate: SCHEDULE_RATE,
  body: ({ sdkAppId, at, content }): WireAddSchedRequest & Json => ({
    Sdkappid: sdkAppId,
    Type: wireType(typeOf(content.recipients)),
    SchedAt: wireTime(at),
    Content: wireContent(content),
  }),
  decode(answer: Untrusted<{ TaskID: number }>, attemptedAt) {
    if (typeof answer.TaskID !== 'number' || answer.TaskID <= 0)
      throw new PushOutcomeUnknownError('add_sched_task', attemptedAt, 'the answer has no TaskID');
    return { id: String(answer.TaskID) };
  },
  unclear: (attemptedAt, reason) => new PushOutcomeUnknownError('add_sched_task', attemptedAt, reason),
};
