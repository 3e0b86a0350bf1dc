// normal_push_trace (by PushID) and all_member_push_trace (by TaskID + UserID): per-device delivery traces.
import type { UpstreamClient } from './client.js';
import { decodeTrace, type DecodeOptions } from './decode.js';
import type { InstanceTrace } from './model.js';
import type { WirePushTraceRequest, WireTaskTraceRequest } from './wire.js';

export async function pushTrace(
  client: UpstreamClient,
  decode: DecodeOptions,
  pushId: string,
): Promise<InstanceTrace[]> {
  const body: WirePushTraceRequest = { PushID: pushId };
  return decodeTrace(await client.read('normal_push_trace', { ...body }), decode);
}

export async function taskTrace(
  client: UpstreamClient,
  decode: DecodeOptions,
  taskId: string,
  userId: string,
): Promise<InstanceTrace[]> {
  const body: WireTaskTraceRequest = { TaskID: taskId, UserID: userId };
  return decodeTrace(await client.read('all_member_push_trace', { ...body }), decode);
}
