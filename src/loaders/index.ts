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

/** The history's store; the schema checks for history before it loads. */
const storeOf = (history: History | undefined) => {
  if (!history) throw new Error('no history');
  return history.store();
};

function one<K, V, C = K>(load: (key: K) => Promise<V>, cacheKeyFn?: (key: K) => C): DataLoader<K, V, C> {
  return new DataLoader<K, V, C>(async ([key]) => [await load(key!)], { batch: false, cacheKeyFn });
}

/** Each loader of a request, made from the request's API and the history. */
const MAKERS = {
  /** The history's daily reads: every task's days of one range in one query. */
  days: (_: PushApi, history?: History) =>
    new DataLoader<DaysKey, DayRow[], string>(
      async (keys) => {
        const bySubject = new Map<DaysKey, DayRow[]>();
        for (const group of groupBy(keys, (k) => `${k.kind}/${k.from}/${k.to}/${k.observedAt}`)) {
          const { kind, from, to, observedAt } = group[0]!;
          const subjects = [...new Set(group.map((k) => k.subject))];
          const rows = await (await storeOf(history)).dayTotals(kind, subjects, from, to, { observedAt });
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
  figures: (_: PushApi, history?: History) =>
    new DataLoader<DayKey & { part: Part }, Stats | Loss, string>(
      async (keys) => {
        const found = new Map<string, Stats | Loss>();
        for (const group of groupBy(keys, (k) => k.part)) {
          for (const r of await (await storeOf(history)).figures(group[0]!.part, group))
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
  /** What the history knows of tasks (pushed through the gateway, tracked), in one query per request tick. */
  taskRecord: (_: PushApi, history?: History) =>
    new DataLoader<string, TaskRow | null>(async (ids) => {
      if (!history) return ids.map(() => null);
      const rows = await (await history.store()).tasks(ids);
      const byId = new Map(rows.map((r) => [r.taskId, r]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  pushTrace: (api: PushApi) => one<string, InstanceTrace[]>((pushId) => api.pushTrace(pushId)),
  taskTrace: (api: PushApi) =>
    one<TraceKey, InstanceTrace[], string>(
      ({ taskId, userId }) => api.taskTrace(taskId, userId),
      ({ taskId, userId }) => JSON.stringify([taskId, userId]),
    ),
  taskLoss: (api: PushApi) =>
    one<TaskLossKey, Loss, string>(
      ({ window, taskId }) => api.taskLoss(window, taskId),
      ({ window, taskId }) => `${windowKey(window)}/${taskId}`,
    ),
  pushLoss: (api: PushApi) => one<Window, Loss, string>((w) => api.pushLoss(w), windowKey),
  overallTaskLoss: (api: PushApi) => one<Window, Loss, string>((w) => api.overallTaskLoss(w), windowKey),
  pushStats: (api: PushApi) => one<Window, Stats, string>((w) => api.pushStats(w), windowKey),
  overallTaskStats: (api: PushApi) => one<Window, Stats, string>((w) => api.overallTaskStats(w), windowKey),
  /** Each account alone here; the scheduler carries 100 a call, from this request and others. */
  userTags: (api: PushApi) => one<string, UserTags>((account) => api.userTags(account)),
  userAttributes: (api: PushApi) => one<string, UserAttributes>((account) => api.userAttributes(account)),
  scheduledPush: (api: PushApi) => one<string, ScheduledTask>((id) => api.scheduledPush(id)),
  taskStats: (api: PushApi) =>
    one<TaskLossKey, Stats, string>(
      ({ window, taskId }) => api.taskStats(window, taskId),
      ({ window, taskId }) => `${windowKey(window)}/${taskId}`,
    ),
};

export type Loaders = { readonly [K in keyof typeof MAKERS]: ReturnType<(typeof MAKERS)[K]> };

/**
 * A request's loaders, each made on first use. A request uses two or three of the fourteen; making them all up
 * front was 2–3% of the CPU of a request over cached data (`npm run bench -- --cpu-prof`, new-variables row).
 * Each getter, on the prototype, replaces itself with the loader on the instance.
 */
class LazyLoaders {
  constructor(
    readonly api: PushApi,
    readonly history: History | undefined,
  ) {}
}
for (const name of Object.keys(MAKERS) as (keyof typeof MAKERS)[]) {
  Object.defineProperty(LazyLoaders.prototype, name, {
    get(this: LazyLoaders) {
      const loader = MAKERS[name](this.api, this.history);
      Object.defineProperty(this, name, { value: loader });
      return loader;
    },
  });
}

export const createLoaders = (api: PushApi, history?: History): Loaders =>
  new LazyLoaders(api, history) as unknown as Loaders;

/** A recorded day's figures of one part (statistics or loss), read once per request whichever field asks. */
export const recordedFigures = <T extends Stats | Loss>(loaders: Loaders, { kind, row }: RecordedDay, part: Part) =>
  loaders.figures.load({ kind, subject: row.subject, day: row.day, part }) as Promise<T>;
