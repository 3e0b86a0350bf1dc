// Windows the upstream no longer keeps (loss 7 days, statistics 30) never reach it: the history answers those
// made of whole recorded days, and anything else is refused before a quota slot is spent on a sure refusal.
import type { PushApi } from '../upstream/index.js';
import type { Window } from '../upstream/model.js';
import { surelyGone, type Days, type Part } from './days.js';
import { BeyondRetentionError } from './errors.js';

/** The refusal of a window the upstream no longer keeps, naming the whole days that cover it. */
export function beyondRetention(w: Window, part: Part, days: Days, historyOff = false): BeyondRetentionError {
  const { first, last } = days.touched(w);
  const wholeDays = { first, last, from: days.startIso(first), to: days.startIso(days.add(last, 1)) };
  return new BeyondRetentionError(part, wholeDays, historyOff);
}

/** `api` refusing the windows the upstream surely no longer keeps: the push APIs of a gateway keeping no history. */
export function refusingBeyondRetention(api: PushApi, days: Days, now: () => number): PushApi {
  const guard =
    <A extends unknown[], T>(part: Part, call: (w: Window, ...rest: A) => Promise<T>) =>
    (w: Window, ...rest: A): Promise<T> =>
      surelyGone(w, part, now()) ? Promise.reject(beyondRetention(w, part, days, true)) : call(w, ...rest);
  return {
    ...api,
    taskStats: guard('stats', api.taskStats),
    taskLoss: guard('loss', api.taskLoss),
    overallTaskStats: guard('stats', api.overallTaskStats),
    overallTaskLoss: guard('loss', api.overallTaskLoss),
    pushStats: guard('stats', api.pushStats),
    pushLoss: guard('loss', api.pushLoss),
  };
}
