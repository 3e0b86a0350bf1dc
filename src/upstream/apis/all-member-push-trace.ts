// all_member_push_trace: one user's per-device trace of an all-user / tag / batch push task.
import { decodeTrace } from '../decode.js';
import type { InstanceTrace } from '../model.js';
import type { ReadApi, Untrusted } from './types.js';
import type { WireTraceAnswer } from './trace-wire.js';

export interface TaskTraceKey {
  taskId: string;
  userId: string;
}

export interface WireTaskTraceRequest {
  TaskID: string;
  UserID: string;
}

export const allMemberPushTrace: ReadApi<TaskTraceKey, InstanceTrace[]> = {
  name: 'all_member_push_trace',
  kind: 'read',
  rate: 1,
  keyId: ({ taskId, userId }) => JSON.stringify([taskId, userId]),
  body: ([key]): WireTaskTraceRequest & Record<string, unknown> => ({ TaskID: key!.taskId, UserID: key!.userId }),
  split: (answer: Untrusted<WireTraceAnswer>) => [{ InstanceTrace: answer.InstanceTrace }],
  decode: (part, _, opts) => decodeTrace(part, opts),
  ttlMs: (_, ttls) => ttls.traceMs,
};
