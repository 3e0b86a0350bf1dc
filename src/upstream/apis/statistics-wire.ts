// What both statistics APIs share: the delivery funnel's counters (sendable → sent → delivered → clicked) per
// channel on the wire, their decoder, and the window of at most 30 days.
import { decodeEventType, decodePlatform, isObject, type Json } from '../decode.js';
import type { Stats, StatsCounts } from '../model.js';
import type { WireWindow } from './loss-wire.js';

export interface WireStatsCounts {
  /** Sendable: what could be sent. */
  TotalCount: number;
  SentCount: number;
  DeliveredCount: number;
  ClickCount: number;
}
export interface WireStatsRow extends WireStatsCounts {
  PushPlatform: number;
  /** all_member_push_statistics only: 1 offline, 2 online (online rows have PushPlatform 0). */
  EventType?: number;
}
export interface WireStats extends WireStatsCounts {
  PlatformStatistics?: WireStatsRow[];
}
export interface WireStatsRequest extends WireWindow {
  /** all_member_push_statistics only: up to 5 ids, empty for the overall statistics. */
  TaskID?: string[];
}
export interface WireTaskStats extends WireStats {
  TaskID: string;
}
export interface WireTaskStatsAnswer {
  /** A task without data is left out: its statistics are zero, not an error. */
  Results?: WireTaskStats[];
}

export const MAX_STATS_TASK_IDS = 5;
export const MAX_STATS_WINDOW_SECONDS = 30 * 24 * 3600;

const count = (v: unknown): number => {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? Math.trunc(n) : 0;
};
const counts = (w: Json): StatsCounts => ({
  total: count(w.TotalCount),
  sent: count(w.SentCount),
  delivered: count(w.DeliveredCount),
  clicked: count(w.ClickCount),
});

/**
 * One answer's counters. normal_push_statistics rows carry no EventType; its page says online pushes are not
 * split by vendor and get the default platform (0), so a platform-0 row without EventType is the online row.
 */
export function decodeStats(wire: Json): Stats {
  const rows = Array.isArray(wire.PlatformStatistics) ? wire.PlatformStatistics.filter(isObject) : [];
  return {
    ...counts(wire),
    byPlatform: rows.map((r) => {
      const platform = decodePlatform(r.PushPlatform);
      // Only a real 0: a channel number we do not know yet (HarmonyOS, NIO…) is UNKNOWN but not online.
      const online = r.PushPlatform === 0 || r.PushPlatform === '0';
      const eventType = decodeEventType(r.EventType) ?? (online ? 'ONLINE' : null);
      return { platform, eventType, ...counts(r) };
    }),
  };
}

/** all_member_push_statistics `Results` → statistics per TaskID. */
export function decodeTaskStats(answer: Json): Map<string, Stats> {
  const results = Array.isArray(answer.Results) ? answer.Results.filter(isObject) : [];
  return new Map(results.map((r) => [typeof r.TaskID === 'string' ? r.TaskID : '', decodeStats(r)]));
}
