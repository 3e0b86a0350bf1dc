// normal_push_loss and all_member_push_loss: error-code loss buckets in a window of at most 7 days.
import type { UpstreamClient } from './client.js';
import { decodeLoss, decodeTaskLosses } from './decode.js';
import { EMPTY_LOSS, type Loss, type Window } from './model.js';
import { LIMITS, type WireLossRequest } from './wire.js';

const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);

function lossBody(window: Window, taskIds?: string[]): WireLossRequest {
  // Sorted ids: the same set of tasks is the same upstream request, and so the same cache entry.
  const body: WireLossRequest = { StartTime: seconds(window.from), EndTime: seconds(window.to) };
  if (taskIds) body.TaskID = [...taskIds].sort();
  return body;
}

export async function pushLoss(client: UpstreamClient, window: Window): Promise<Loss> {
  return decodeLoss(await client.read('normal_push_loss', { ...lossBody(window) }));
}

/** Loss of up to 5 tasks in one call; a task missing from `Results` had no loss. */
export async function taskLoss(client: UpstreamClient, window: Window, taskIds: readonly string[]): Promise<Loss[]> {
  if (taskIds.length === 0 || taskIds.length > LIMITS.maxLossTaskIds) {
    throw new RangeError(`all_member_push_loss takes 1 to ${LIMITS.maxLossTaskIds} task ids`);
  }
  const byTask = decodeTaskLosses(await client.read('all_member_push_loss', { ...lossBody(window, [...taskIds]) }));
  return taskIds.map((id) => byTask.get(id) ?? EMPTY_LOSS);
}

/** The overall statistics of all-user pushes: all_member_push_loss with an empty TaskID list. */
export async function overallTaskLoss(client: UpstreamClient, window: Window): Promise<Loss> {
  const byTask = decodeTaskLosses(await client.read('all_member_push_loss', { ...lossBody(window, []) }));
  return byTask.get('') ?? [...byTask.values()][0] ?? EMPTY_LOSS;
}
