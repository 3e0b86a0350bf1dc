// What the collector asks for: each followed task's days, and the overall figures', not settled in the records
// yet, in the order they are queued: today and yesterday first (tasks, then overall), then the tasks' older
// days, then the overall figures' older days.
import type { PushApi } from '../upstream/index.js';
import type { Loss, Stats } from '../upstream/model.js';
import { kept, type Days, type Part } from './days.js';
import type { Kind } from './schema.js';
import type { Store } from './store.js';

/** One part of one subject's day to ask the upstream for. */
export interface Ask {
  kind: Kind;
  subject: string;
  day: string;
  part: Part;
}

export function createPlanner(store: Store, days: Days) {
  const askable = (day: string, part: Part, nowMs: number) => kept(days.window(day), part, nowMs);

  /** The settled parts (`subject/day/part`) of some subjects from `earliest` on: what need not be asked again. */
  async function settledParts(subjects: string[], earliest: string, today: string): Promise<Set<string>> {
    const done = new Set<string>();
    const note = (
      r: { subject: string; day: string; statsSettled: boolean; lossSettled: boolean },
      key = r.subject,
    ) => {
      if (r.statsSettled) done.add(`${key}/${r.day}/stats`);
      if (r.lossSettled) done.add(`${key}/${r.day}/loss`);
    };
    for (const r of await store.settledSince('task', subjects, earliest)) note(r);
    for (const kind of ['tasks', 'pushes'] as const)
      for (const r of await store.dayTotals(kind, [''], earliest, today)) note(r, kind);
    return done;
  }

  /** One task's (or overall kind's) days from `from` to `to` not settled yet, newest first. */
  function asksOf(kind: Kind, subject: string, from: string, to: string, done: Set<string>, nowMs: number): Ask[] {
    const key = kind === 'task' ? subject : kind;
    const asks: Ask[] = [];
    for (const day of from <= to ? days.between(from, to).reverse() : []) {
      for (const part of ['stats', 'loss'] as const) {
        if (!done.has(`${key}/${day}/${part}`) && askable(day, part, nowMs)) asks.push({ kind, subject, day, part });
      }
    }
    return asks;
  }

  /**
   * Which parts of which days the upstream should be asked for now, in the order they are queued: today and
   * yesterday (tasks, then overall), then the tasks' older days, then the overall figures' older days.
   */
  return async function plan(nowMs: number, only?: string): Promise<{ asks: Ask[]; tasks: number }> {
    const today = days.dayOf(nowMs);
    const yesterday = days.add(today, -1);
    const earliest = days.add(today, -31);
    const followed = (await store.followed(yesterday)).filter((t) => only === undefined || t.taskId === only);
    const done = await settledParts(
      followed.map((t) => t.taskId),
      earliest,
      today,
    );
    const asks: Ask[] = [];
    for (const task of followed) {
      const from = task.followFrom > earliest ? task.followFrom : earliest;
      const to = task.followUntil < today ? task.followUntil : today;
      asks.push(...asksOf('task', task.taskId, from, to, done, nowMs));
    }
    if (only === undefined) {
      for (const kind of ['tasks', 'pushes'] as const) asks.push(...asksOf(kind, '', earliest, today, done, nowMs));
    }
    const rank = (a: Ask) => (a.day >= yesterday ? 0 : a.kind === 'task' ? 1 : 2);
    // A stable sort: within a rank, the order above (each subject's newest days first).
    asks.sort((a, b) => rank(a) - rank(b));
    return { asks, tasks: followed.length };
  };
}

/** The upstream call that answers an ask, in the given lane's API. */
export function ask(api: PushApi, days: Days, { kind, subject, day, part }: Ask): Promise<Stats | Loss> {
  const window = days.window(day);
  if (kind === 'task') return part === 'stats' ? api.taskStats(window, subject) : api.taskLoss(window, subject);
  if (kind === 'tasks') return part === 'stats' ? api.overallTaskStats(window) : api.overallTaskLoss(window);
  return part === 'stats' ? api.pushStats(window) : api.pushLoss(window);
}
