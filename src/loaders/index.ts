// Per-request DataLoaders: where one GraphQL request becomes the fewest upstream calls.
//
// Traces have no batch form upstream (one call per PushID or per (task, user)), so their loaders only
// de-duplicate, and each key resolves on its own as its call returns: that is what lets @stream send the
// first user's trace while the later ones still wait for their quota slot. Task loss and task statistics take
// 5 ids a call, so they batch by window, 5 keys per batch, each batch resolving as soon as its own call returns.
import DataLoader from 'dataloader';
import type { PushApi } from '../upstream/index.js';
import type { InstanceTrace, Loss, Window } from '../upstream/model.js';
import type { Stats } from '../upstream/statistics.js';
import { LIMITS } from '../upstream/wire.js';

export interface TraceKey {
  taskId: string;
  userId: string;
}

const windowKey = (w: Window): string => `${w.from.getTime()}/${w.to.getTime()}`;

function one<K, V, C = K>(load: (key: K) => Promise<V>, cacheKeyFn?: (key: K) => C): DataLoader<K, V, C> {
  return new DataLoader<K, V, C>(async ([key]) => [await load(key!)], { batch: false, cacheKeyFn });
}

export function createLoaders(api: PushApi) {
  const taskLossByWindow = new Map<string, DataLoader<string, Loss>>();
  const taskStatsByWindow = new Map<string, DataLoader<string, Stats>>();
  return {
    pushTrace: one<string, InstanceTrace[]>((pushId) => api.pushTrace(pushId)),
    taskTrace: one<TraceKey, InstanceTrace[], string>(
      ({ taskId, userId }) => api.taskTrace(taskId, userId),
      ({ taskId, userId }) => JSON.stringify([taskId, userId]),
    ),
    pushLoss: one<Window, Loss, string>((w) => api.pushLoss(w), windowKey),
    overallTaskLoss: one<Window, Loss, string>((w) => api.overallTaskLoss(w), windowKey),
    /** The loader of task loss in one window. */
    taskLoss(window: Window): DataLoader<string, Loss> {
      const key = windowKey(window);
      let loader = taskLossByWindow.get(key);
      if (!loader) {
        loader = new DataLoader((taskIds) => api.taskLoss(window, taskIds), { maxBatchSize: LIMITS.maxLossTaskIds });
        taskLossByWindow.set(key, loader);
      }
      return loader;
    },
    pushStats: one<Window, Stats, string>((w) => api.pushStats(w), windowKey),
    overallTaskStats: one<Window, Stats, string>((w) => api.overallTaskStats(w), windowKey),
    /** The loader of task statistics in one window: 5 tasks a call, as for loss. */
    taskStats(window: Window): DataLoader<string, Stats> {
      const key = windowKey(window);
      let loader = taskStatsByWindow.get(key);
      if (!loader) {
        loader = new DataLoader((taskIds) => api.taskStats(window, taskIds), { maxBatchSize: LIMITS.maxStatsTaskIds });
        taskStatsByWindow.set(key, loader);
      }
      return loader;
    },
  };
}
export type Loaders = ReturnType<typeof createLoaders>;
