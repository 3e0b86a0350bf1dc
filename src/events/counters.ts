// Live counters as flat hash fields, the same in memory and in Redis (HINCRBY): what an event adds, and the
// progress a set of fields reads as.
import { PLATFORMS, type Platform } from '../upstream/model.js';
import {
  PUSH_STAGES,
  type FailureReason,
  type PlatformProgress,
  type PushEvent,
  type PushStage,
  type TaskProgress,
} from './model.js';

/** Reasons listed in TaskProgress.topReasons, most frequent first. */
export const TOP_REASONS = 10;

const COUNTER: Record<PushStage, 'sent' | 'delivered' | 'clicked'> = {
  SENT: 'sent',
  DELIVERED: 'delivered',
  CLICKED: 'clicked',
};

export interface CounterChanges {
  /** Fields incremented by one. */
  incr: string[];
  /** Fields set to a value (the last error text seen for a reason). */
  set: [string, string][];
}

/** The hash that holds an event's counters: its task's, or its push's for Push.OfflinePush. */
export const counterKeyOf = (e: PushEvent): string => (e.taskId !== null ? `task:${e.taskId}` : `push:${e.pushId}`);

export function changesOf(e: PushEvent): CounterChanges {
  if (e.errorCode === 0) {
    const counter = COUNTER[e.stage];
    return { incr: [`t|${counter}`, `p|${e.platform}|${counter}`], set: [] };
  }
  const reason = `${e.stage}|${e.platform}|${e.errorCode}`;
  return { incr: ['t|failed', `p|${e.platform}|failed`, `r|${reason}`], set: [[`i|${reason}`, e.errorInfo]] };
}

export const UPDATED_AT = 'u';

export function progressFrom(taskId: string, fields: Record<string, string>): TaskProgress {
  const n = (field: string) => Number(fields[field] ?? 0);
  const byPlatform = new Map<Platform, PlatformProgress>();
  const reasons: FailureReason[] = [];
  for (const [field, value] of Object.entries(fields)) {
    const [kind, a, b, c] = field.split('|');
    if (kind === 'p' && PLATFORMS.includes(a as Platform)) {
      const platform = a as Platform;
      const row = byPlatform.get(platform) ?? { platform, sent: 0, delivered: 0, clicked: 0, failed: 0 };
      if (b === 'sent' || b === 'delivered' || b === 'clicked' || b === 'failed') row[b] = Number(value);
      byPlatform.set(platform, row);
    } else if (kind === 'r' && PUSH_STAGES.includes(a as PushStage) && PLATFORMS.includes(b as Platform)) {
      reasons.push({
        stage: a as PushStage,
        platform: b as Platform,
        errorCode: Number(c),
        errorInfo: fields[`i|${a}|${b}|${c}`] ?? '',
        count: Number(value),
      });
    }
  }
  reasons.sort((x, y) => y.count - x.count || x.errorCode - y.errorCode);
  const updatedAt = fields[UPDATED_AT];
  return {
    taskId,
    sent: n('t|sent'),
    delivered: n('t|delivered'),
    clicked: n('t|clicked'),
    failed: n('t|failed'),
    byPlatform: [...byPlatform.values()].sort((x, y) => PLATFORMS.indexOf(x.platform) - PLATFORMS.indexOf(y.platform)),
    topReasons: reasons.slice(0, TOP_REASONS),
    updatedAt: updatedAt ? Number(updatedAt) : null,
  };
}
