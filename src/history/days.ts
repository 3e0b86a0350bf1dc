// Days as the upstream counts them: calendar days in TIM_UTC_OFFSET, each a window of whole seconds.
import type { Window } from '../upstream/model.js';
import { LIMITS } from '../upstream/wire.js';

const DAY_MS = 86_400_000;
/** A window whose end is over an hour ago no longer moves (the same rule as the cache's settled TTL). */
export const SETTLE_MS = 3_600_000;

export interface Days {
  /** The day holding `ms`. */
  dayOf(ms: number): string;
  window(day: string): Window;
  /** The day as a window if `w` is exactly one whole day, else undefined. */
  wholeDay(w: Window): string | undefined;
  /** Every day of a window made of whole days, else undefined. */
  wholeDays(w: Window): string[] | undefined;
  add(day: string, n: number): string;
  /** `from` to `to`, both included. */
  between(from: string, to: string): string[];
  /** How many days `from` to `to` are, both included (0 when `to` is before `from`). */
  span(from: string, to: string): number;
  /** The days a window touches, first and last (its end excluded). */
  touched(w: Window): { first: string; last: string };
  /** The instant a day starts, written with its offset, e.g. `2025-03-13T00:00:00+08:00`. */
  startIso(day: string): string;
}

export function createDays(utcOffsetMinutes: number): Days {
  const shift = utcOffsetMinutes * 60_000;
  const startOf = (day: string) => Date.parse(`${day}T00:00:00Z`) - shift;
  const dayOf = (ms: number) => new Date(ms + shift).toISOString().slice(0, 10);
  const add = (day: string, n: number) =>
    new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
  const between = (from: string, to: string) => {
    const out: string[] = [];
    for (let d = from; d <= to; d = add(d, 1)) out.push(d);
    return out;
  };
  const wholeDays = (w: Window) => {
    const from = w.from.getTime();
    const to = w.to.getTime();
    if (to <= from || startOf(dayOf(from)) !== from || (to - from) % DAY_MS !== 0) return undefined;
    return between(dayOf(from), dayOf(to - 1));
  };
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(utcOffsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  // Reads of many days ask for the same few hundred days' windows again and again (a year of 50 tasks: 36,500
  // times): each day's window is made once. The Dates are never changed by their readers.
  const windows = new Map<string, Window>();
  const window = (day: string): Window => {
    let w = windows.get(day);
    if (!w) {
      if (windows.size >= 4096) windows.clear();
      windows.set(day, (w = { from: new Date(startOf(day)), to: new Date(startOf(day) + DAY_MS) }));
    }
    return w;
  };
  return {
    dayOf,
    touched: (w) => ({ first: dayOf(w.from.getTime()), last: dayOf(w.to.getTime() - 1) }),
    startIso: (day) => `${day}T00:00:00${offset}`,
    window,
    wholeDay: (w) => {
      const days = wholeDays(w);
      return days?.length === 1 ? days[0] : undefined;
    },
    wholeDays,
    add,
    between,
    span: (from, to) => Math.max(0, (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS + 1),
  };
}

/** What the upstream still answers: loss for 7 days, statistics for 30 (counted from the window's start). */
export const RETENTION_MS = {
  loss: LIMITS.maxWindowSeconds * 1000,
  stats: LIMITS.maxStatsWindowSeconds * 1000,
} as const;
export type Part = keyof typeof RETENTION_MS;

export const settled = (w: Window, nowMs: number): boolean => w.to.getTime() < nowMs - SETTLE_MS;
export const kept = (w: Window, part: Part, nowMs: number): boolean => w.from.getTime() >= nowMs - RETENTION_MS[part];

/**
 * A window starting more than this before the cut-off is one the upstream surely refuses: the gateway's clock
 * and the upstream's may differ by a little.
 */
const CUT_OFF_GRACE_MS = 60_000;
export const surelyGone = (w: Window, part: Part, nowMs: number): boolean =>
  w.from.getTime() < nowMs - RETENTION_MS[part] - CUT_OFF_GRACE_MS;
