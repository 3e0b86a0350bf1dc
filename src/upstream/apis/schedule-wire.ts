// What the scheduled-task APIs share on the wire: the Type of a task, its time (UTC "YYYY-MM-DD HH:MM:SS"), the
// Content it pushes (a push body, or a batch body for Type User) and the TaskInfo every read answers.
import { decodeTime, encodeTime, isObject, type Json } from '../decode.js';
import {
  SCHEDULE_TYPES,
  type Recipients,
  type ScheduleType,
  type ScheduledContent,
  type ScheduledTask,
} from '../model.js';
import type { WireBatchRequest } from './batch.js';
import { offlinePushInfo } from './notification.js';
import { pushBody, type WirePushRequest } from './push.js';

export type WireScheduleType = 'All' | 'Tag' | 'User';
const WIRE_TYPES: Record<ScheduleType, WireScheduleType> = { ALL: 'All', TAG: 'Tag', USER: 'User' };
export const wireType = (type: ScheduleType): WireScheduleType => WIRE_TYPES[type];

/** Attribute pushes are conditions too: scheduled, they are Tag tasks. */
export function typeOf(recipients: Recipients): ScheduleType {
  switch (recipients.kind) {
    case 'ALL':
      return 'ALL';
    case 'USERS':
      return 'USER';
    case 'TAGS':
    case 'ATTRIBUTES':
      return 'TAG';
  }
}

/** The scheduled-task pages write SchedAt, BeginTime and EndTime in UTC. */
const UTC = { utcOffsetMinutes: 0 };
export const wireTime = (date: Date): string => encodeTime(date, UTC);

/** What the task pushes when its time comes: a batch body for listed accounts, a push body otherwise. */
export function wireContent(content: ScheduledContent): WirePushRequest | WireBatchRequest {
  const { recipients } = content;
  if (recipients.kind !== 'USERS') return pushBody({ ...content, audience: recipients });
  const body: WireBatchRequest = {
    From_Account: content.fromAccount,
    To_Account: recipients.accounts,
    MsgRandom: content.msgRandom,
    OfflinePushInfo: offlinePushInfo(content),
  };
  if (content.dataId !== null) body.DataId = content.dataId;
  return body;
}

export interface WireTaskInfo {
  TaskID: number;
  Sdkappid: number;
  CreateAt: string | number;
  Type: WireScheduleType;
  SchedAt: string;
  Content: Json;
  Title: string;
  Desc: string;
  Status: string;
  DispatchSuccess: number;
  DispatchErr: string;
  /** The TaskId of the push made at dispatch; "" before. */
  PushTaskID: string;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
/** A time as the pages write it (UTC), or Unix seconds, which CreateAt may be. */
const time = (v: unknown): Date | null => (typeof v === 'number' && v > 0 ? new Date(v * 1000) : decodeTime(v, UTC));

export function decodeTaskInfo(info: Json): ScheduledTask {
  const type = SCHEDULE_TYPES.find((t) => WIRE_TYPES[t] === info.Type) ?? null;
  return {
    id: typeof info.TaskID === 'number' || typeof info.TaskID === 'string' ? String(info.TaskID) : '',
    type,
    at: time(info.SchedAt),
    createdAt: time(info.CreateAt),
    status: typeof info.Status === 'string' ? info.Status : '',
    title: text(info.Title),
    description: text(info.Desc),
    pushTaskId: text(info.PushTaskID),
    dispatchError: text(info.DispatchErr),
  };
}

export const decodeTaskInfos = (list: unknown): ScheduledTask[] =>
  Array.isArray(list) ? list.filter(isObject).map(decodeTaskInfo) : [];

/** The scheduled-task APIs take 5 calls/s each. */
export const SCHEDULE_RATE = 5;
