// Per-request DataLoaders: what one request asks twice is asked once.
//
// Batching is not done here: every key goes to the upstream scheduler as an intent, and the scheduler carries
// as many waiting intents as the API's batch form allows in each call, from this request and any other. Each
// key resolves on its own as its call returns: that is what lets @stream send the first user's trace while
// the later ones still wait for their quota slot.
import DataLoader from 'dataloader';
import type { History, TaskRow } from '../history/index.js';
import type { PushApi } from '../upstream/index.js';
import type { InstanceTrace, Loss, ScheduledTask, Stats, UserAttributes, UserTags, Window } from '../upstream/model.js';

export interface TraceKey {
  taskId: string;
  userId: string;
}

/** One task in one window: the key of both task loss and task statistics. */
export interface TaskLossKey {
  window: Window;
  taskId: string;
}

const windowKey = (w: Window): string => `${w.from.getTime()}/${w.to.getTime()}`;

function one<K, V, C = K>(load: (key: K) => Promise<V>, cacheKeyFn?: (key: K) => C): DataLoader<K, V, C> {
  return new DataLoader<K, V, C>(async ([key]) => [await load(key!)], { batch: false, cacheKeyFn });
}

export function createLoaders(api: PushApi, history?: History) {
  return {
    /** What the history knows of tasks (pushed through the gateway, tracked), in one query per request tick. */
    taskRecord: new DataLoader<string, TaskRow | null>(async (ids) => {
      if (!history) return ids.map(() => null);
      const rows = await (await history.store()).tasks(ids);
      const byId = new Map(rows.map((r) => [r.taskId, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    pushTrace: one<string, InstanceTrace[]>((pushId) => api.pushTrace(pushId)),
    taskTrace: one<TraceKey, InstanceTrace[], string>(
      ({ taskId, userId }) => api.taskTrace(taskId, userId),
      ({ taskId, userId }) => JSON.stringify([taskId, userId]),
    ),
    taskLoss: one<TaskLossKey, Loss, string>(
      ({ window, taskId }) => api.taskLoss(window, taskId),
      ({ window, taskId }) => `${windowKey(window)}/${taskId}`,
    ),
    pushLoss: one<Window, Loss, string>((w) => api.pushLoss(w), windowKey),
    overallTaskLoss: one<Window, Loss, string>((w) => api.overallTaskLoss(w), windowKey),
    pushStats: one<Window, Stats, string>((w) => api.pushStats(w), windowKey),
    overallTaskStats: one<Window, Stats, string>((w) => api.overallTaskStats(w), windowKey),
    /** Each account alone here; the scheduler carries 100 a call, from this request and others. */
    userTags: one<string, UserTags>((account) => api.userTags(account)),
    userAttributes: one<string, UserAttributes>((account) => api.userAttributes(account)),
    scheduledPush: one<string, ScheduledTask>((id) => api.scheduledPush(id)),
    taskStats: one<TaskLossKey, Stats, string>(
      ({ window, taskId }) => api.taskStats(window, taskId),
      ({ window, taskId }) => `${windowKey(window)}/${taskId}`,
    ),
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
