// normal_push_trace: the per-device trace of one ordinary push, by its PushID (the message's MsgID).
import { decodeTrace } from '../decode.js';
import type { InstanceTrace } from '../model.js';
import type { ReadApi, Untrusted } from './types.js';
import type { WireTraceAnswer } from './trace-wire.js';

export interface WirePushTraceRequest {
  PushID: string;
}

export const normalPushTrace: ReadApi<string, InstanceTrace[]> = {
  name: 'normal_push_trace',
  kind: 'read',
  rate: 1,
  keyId: (pushId) => pushId,
  body: ([pushId]): WirePushTraceRequest & Record<string, unknown> => ({ PushID: pushId! }),
  split: (answer: Untrusted<WireTraceAnswer>) => [{ InstanceTrace: answer.InstanceTrace }],
  decode: (part, _, opts) => decodeTrace(part, opts),
  ttlMs: (_, ttls) => ttls.traceMs,
};
