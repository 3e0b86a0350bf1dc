// normal_push_statistics and all_member_push_statistics: the delivery funnel (sendable → sent → delivered →
// clicked) per channel in a window of at most 30 days. Their wire types, request body, decoder and calls.
import type { UpstreamClient } from './client.js';
import { decodeEventType, decodePlatform, isObject } from './decode.js';
import type { EventType, Platform, Window } from './model.js';
import { LIMITS, type WireEnvelope } from './wire.js';

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
export interface WireStatsRequest {
  StartTime: number;
  EndTime: number;
  /** all_member_push_statistics only: up to 5 ids, empty for the overall statistics. */
  TaskID?: string[];
}
export interface WireTaskStats extends WireStats {
  TaskID: string;
}
export interface WireTaskStatsResponse extends WireEnvelope {
  Results?: WireTaskStats[];
}
export type WirePushStatsResponse = WireEnvelope & WireStats;

export interface StatsCounts {
  total: number;
  sent: number;
  delivered: number;
  clicked: number;
}
export interface StatsRow extends StatsCounts {
  platform: Platform;
  eventType: EventType | null;
}
export interface Stats extends StatsCounts {
  byPlatform: StatsRow[];
}

export const EMPTY_STATS: Stats = { total: 0, sent: 0, delivered: 0, clicked: 0, byPlatform: [] };

type Json = Record<string, unknown>;

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
export function decodeTaskStats(response: Json): Map<string, Stats> {
  const results = Array.isArray(response.Results) ? response.Results.filter(isObject) : [];
  return new Map(results.map((r) => [typeof r.TaskID === 'string' ? r.TaskID : '', decodeStats(r)]));
}

const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);

function statsBody(window: Window, taskIds?: string[]): WireStatsRequest {
  // Sorted ids: the same set of tasks is the same upstream request, and so the same cache entry.
  const body: WireStatsRequest = { StartTime: seconds(window.from), EndTime: seconds(window.to) };
  if (taskIds) body.TaskID = [...taskIds].sort();
  return body;
}

export async function pushStats(client: UpstreamClient, window: Window): Promise<Stats> {
  return decodeStats(await client.read('normal_push_statistics', { ...statsBody(window) }));
}

/** Statistics of up to 5 tasks in one call; a task missing from `Results` has none. */
export async function taskStats(client: UpstreamClient, window: Window, taskIds: readonly string[]): Promise<Stats[]> {
  if (taskIds.length === 0 || taskIds.length > LIMITS.maxStatsTaskIds) {
    throw new RangeError(`all_member_push_statistics takes 1 to ${LIMITS.maxStatsTaskIds} task ids`);
  }
  const byTask = decodeTaskStats(
    await client.read('all_member_push_statistics', { ...statsBody(window, [...taskIds]) }),
  );
  return taskIds.map((id) => byTask.get(id) ?? EMPTY_STATS);
}

/** The overall statistics of all-user pushes: an empty TaskID list. */
export async function overallTaskStats(client: UpstreamClient, window: Window): Promise<Stats> {
  const answer = await client.read('all_member_push_statistics', { ...statsBody(window, []) });
  if (!Array.isArray(answer.Results)) return decodeStats(answer);
  const byTask = decodeTaskStats(answer);
  return byTask.get('') ?? [...byTask.values()][0] ?? EMPTY_STATS;
}
