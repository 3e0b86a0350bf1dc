// Per-request DataLoaders: what one request asks twice is asked once.
//
// Batching is not done here: every key goes to the upstream scheduler as an intent, and the scheduler carries
// as many waiting intents as the API's batch form allows in each call, from this request and any other. Each
// key resolves on its own as its call returns: that is what lets @stream send the first user's trace while
// the later ones still wait for their quota slot.
import DataLoader from 'dataloader';
import type { DayKey, DayRow, History, TaskRow } from '../history/index.js';
import type { Part } from '../history/days.js';
import { HistoryUnavailableError } from '../history/errors.js';
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

/** Some recorded days of one subject (a task, or an overall kind with subject ''). */
export interface DaysKey {
  kind: DayKey['kind'];
  subject: string;
  from: string;
  to: string;
  /** Whether when each day was last observed is read too (only when a query selects it). */
  observedAt: boolean;
}

/** A recorded day of one subject, as the schema holds it: figures are found by it when a field needs them. */
export interface RecordedDay {
  kind: DayKey['kind'];
  row: { subject: string; day: string };
}

/** Keys grouped by what they share, each group's keys in order. */
function groupBy<K>(keys: readonly K[], by: (key: K) => string): K[][] {
  const groups = new Map<string, K[]>();
  for (const key of keys) {
    const group = groups.get(by(key));
    if (group) group.push(key);
    else groups.set(by(key), [key]);
  }
  return [...groups.values()];
}

/** The history's daily reads: every task's days of one range in one query, and figures only when selected. */
function dailyLoaders(history: History | undefined) {
  const store = () => {
    if (!history) throw new Error('no history'); // the schema checks for history before it loads
    return history.store();
  };
  return {
    days: new DataLoader<DaysKey, DayRow[], string>(
      async (keys) => {
        const bySubject = new Map<DaysKey, DayRow[]>();
        for (const group of groupBy(keys, (k) => `${k.kind}/${k.from}/${k.to}/${k.observedAt}`)) {
          const { kind, from, to, observedAt } = group[0]!;
          const subjects = [...new Set(group.map((k) => k.subject))];
          const rows = await (await store()).dayTotals(kind, subjects, from, to, { observedAt });
          // Ordered by subject: each subject's days are one run of the rows.
          const runs = new Map<string, DayRow[]>();
          for (let start = 0, end = 0; start < rows.length; start = end) {
            const subject = rows[start]!.subject;
            while (end < rows.length && rows[end]!.subject === subject) end++;
            runs.set(subject, rows.slice(start, end));
          }
          for (const key of group) bySubject.set(key, runs.get(key.subject) ?? []);
        }
        return keys.map((k) => bySubject.get(k)!);
      },
      { cacheKeyFn: (k) => `${k.kind}/${k.subject}/${k.from}/${k.to}/${k.observedAt}` },
    ),
    /** A recorded day's figures of one part, for a field that needs more than its totals. */
    figures: new DataLoader<DayKey & { part: Part }, Stats | Loss, string>(
      async (keys) => {
        const found = new Map<string, Stats | Loss>();
        for (const group of groupBy(keys, (k) => k.part)) {
          for (const r of await (await store()).figures(group[0]!.part, group))
            found.set(`${group[0]!.part}/${r.kind}/${r.subject}/${r.day}`, { ...r.value, origin: 'HISTORY' });
        }
        return keys.map(
          (k) =>
            found.get(`${k.part}/${k.kind}/${k.subject}/${k.day}`) ??
            new HistoryUnavailableError(
              `the ${k.part === 'stats' ? 'statistics' : 'loss'} of ${k.day} are no longer recorded`,
            ),
        );
      },
      { cacheKeyFn: (k) => `${k.part}/${k.kind}/${k.subject}/${k.day}` },
    ),
  };
}

function one<K, V, C = K>(load: (key: K) => Promise<V>, cacheKeyFn?: (key: K) => C): DataLoader<K, V, C> {
  return new DataLoader<K, V, C>(async ([key]) => [await load(key!)], { batch: false, cacheKeyFn });
}

export function createLoaders(api: PushApi, history?: History) {
  return {
    ...dailyLoaders(history),
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

/** A recorded day's figures of one part (statistics or loss), read once per request whichever field asks. */
export const recordedFigures = <T extends Stats | Loss>(loaders: Loaders, { kind, row }: RecordedDay, part: Part) =>
  loaders.figures.load({ kind, subject: row.subject, day: row.day, part }) as Promise<T>;
