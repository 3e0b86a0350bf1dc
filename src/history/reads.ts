// The push APIs as the history sees them: whole-day statistics and loss the upstream answers are recorded on the
// way (never failing the request), and windows the upstream no longer keeps are answered from the records.
import type { Logger } from 'pino';
import type { PushApi } from '../upstream/index.js';
import type { Loss, Stats, Window } from '../upstream/model.js';
import { kept, settled, surelyGone, type Days, type Part } from './days.js';
import { MissingDaysError } from './errors.js';
import { mergeLoss, mergeStats } from './merge.js';
import { beyondRetention } from './retention.js';
import type { Kind } from './schema.js';
import type { Store } from './store.js';

export interface ReadsOptions {
  days: Days;
  now: () => number;
  /** The store once the database is open (a field waits for it); the write-through waits for it too. */
  store: () => Promise<Store>;
  /** Refuse what the upstream surely no longer keeps and the records cannot answer (UPSTREAM_RETENTION). */
  refuseGone: boolean;
  log: Logger;
}

export function recordingApi(api: PushApi, { days, now, store, refuseGone, log }: ReadsOptions): PushApi {
  /** A whole-day answer the upstream gave: recorded once the database takes it, never failing the request. */
  function through<T extends Stats | Loss>(kind: Kind, subject: string, part: Part, w: Window, answer: Promise<T>) {
    const day = days.wholeDay(w);
    if (!day) return answer;
    void answer
      .then(
        async (value) => {
          const observedAt = new Date(now());
          const o = { kind, subject, day, observedAt, settled: settled(w, observedAt.getTime()) };
          await (await store()).record(o, part, value);
        },
        () => undefined,
      )
      .catch((error: unknown) => log.warn({ err: error, kind, day }, 'history: an answer could not be recorded'));
    return answer;
  }

  /** The records' answer for a window of whole days the upstream no longer keeps; undefined: ask the upstream. */
  async function recorded(kind: Kind, subject: string, part: Part, w: Window): Promise<Stats | Loss | undefined> {
    if (kept(w, part, now())) return undefined;
    const wanted = days.wholeDays(w);
    if (!wanted) {
      if (refuseGone && surelyGone(w, part, now())) throw beyondRetention(w, part, days);
      return undefined;
    }
    const found = await (
      await store()
    ).figures(
      part,
      wanted.map((day) => ({ kind, subject, day })),
    );
    const byDay = new Map(found.map((r) => [r.day, r.value]));
    const missing = wanted.filter((d) => !byDay.has(d));
    if (missing.length > 0) throw new MissingDaysError(part, missing);
    const values = wanted.map((d) => byDay.get(d)!);
    const merged = part === 'stats' ? mergeStats(values as Stats[]) : mergeLoss(values as Loss[]);
    return { ...merged, origin: 'HISTORY' };
  }

  const read =
    <A extends unknown[], T extends Stats | Loss>(
      kind: Kind,
      part: Part,
      call: (w: Window, ...rest: A) => Promise<T>,
    ) =>
    (w: Window, ...rest: A): Promise<T> => {
      const subject = kind === 'task' ? String(rest[0]) : '';
      return recorded(kind, subject, part, w).then(
        (answer) => (answer as T | undefined) ?? through(kind, subject, part, w, call(w, ...rest)),
      );
    };

  return {
    ...api,
    taskStats: read('task', 'stats', api.taskStats),
    taskLoss: read('task', 'loss', api.taskLoss),
    overallTaskStats: read('tasks', 'stats', api.overallTaskStats),
    overallTaskLoss: read('tasks', 'loss', api.overallTaskLoss),
    pushStats: read('pushes', 'stats', api.pushStats),
    pushLoss: read('pushes', 'loss', api.pushLoss),
  };
}
