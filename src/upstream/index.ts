// The push APIs bound to one client and one time zone: what the loaders and the mutation call.
import type { UpstreamClient } from './client.js';
import type { DecodeOptions } from './decode.js';
import type { BatchPush, RevokePush, Window } from './model.js';
import { sendBatch } from './batch.js';
import { overallTaskLoss, pushLoss, taskLoss } from './loss.js';
import { revokePush } from './revoke.js';
import { overallTaskStats, pushStats, taskStats } from './statistics.js';
import { pushTrace, taskTrace } from './trace.js';

export function createPushApi(client: UpstreamClient, decode: DecodeOptions) {
  return {
    pushTrace: (pushId: string) => pushTrace(client, decode, pushId),
    taskTrace: (taskId: string, userId: string) => taskTrace(client, decode, taskId, userId),
    taskLoss: (window: Window, taskIds: readonly string[]) => taskLoss(client, window, taskIds),
    overallTaskLoss: (window: Window) => overallTaskLoss(client, window),
    pushLoss: (window: Window) => pushLoss(client, window),
    taskStats: (window: Window, taskIds: readonly string[]) => taskStats(client, window, taskIds),
    overallTaskStats: (window: Window) => overallTaskStats(client, window),
    pushStats: (window: Window) => pushStats(client, window),
    sendBatch: (push: BatchPush) => sendBatch(client, push),
    revokePush: (revoke: RevokePush) => revokePush(client, revoke),
  };
}
export type PushApi = ReturnType<typeof createPushApi>;
