// A rule's condition measured now: the loss rate over its window of callback signals, vendor codes seen for the
// first time, pushes not followed by any callback, today's push quota. Each answers whether it holds, the value
// against its threshold, and what a message says of it (with the knowledge base's remedy when there is one).
import { diagnose, type LossClass } from '../diagnosis/index.js';
import { platformOf } from '../recipients/model.js';
import type { DailyQuotaStatus } from '../upstream/daily-quota.js';
import { percent, type CodeDetail, type Condition, type Measurement } from './model.js';
import type { AlertStore, LossWindow } from './store.js';
import type { RuleRow } from './schema.js';

export interface MeasureDeps {
  store: AlertStore;
  /** Today's quota of all-user, tag and attribute pushes. */
  quota: () => DailyQuotaStatus;
  now: number;
}

/** How far back the silence rule looks for a push, and how long the signals are kept (a day more). */
export const SILENCE_LOOKBACK_MS = 24 * 3_600_000;
export const SIGNALS_KEPT_MS = 2 * SILENCE_LOOKBACK_MS;

const SILENCE_REMEDY =
  "Check that the push callback URL in the Chat console points at this gateway's callback path and is reachable from Tencent, and that TIM_CALLBACK_TOKEN is the console's callback token; the gateway's log names refused callbacks.";
const QUOTA_REMEDY =
  'Once none is left, all-user, tag and attribute pushes are refused until midnight in the upstream day: hold the tasks that can wait, or raise the daily limit of the app in the console (and PUSH_DAILY_LIMIT).';

function codeDetail(
  c: { platform: number; code: number; class: string; info: string | null },
  count?: number,
): CodeDetail {
  const platform = platformOf(c.platform);
  const d = diagnose(platform, c.code, null, c.info);
  return {
    platform,
    code: c.code,
    class: c.class as LossClass,
    info: c.info ?? '',
    ...(count !== undefined ? { count } : {}),
    meaning: d.meaning,
    remedy: d.remedy,
  };
}

function lossScopeText(c: Extract<Condition, { kind: 'lossRate' }>): string {
  return [
    c.taskId !== null ? ` of task ${c.taskId}` : '',
    c.platform !== null ? ` on ${c.platform}` : '',
    c.class !== null ? ` (${c.class} failures)` : '',
  ].join('');
}

function lossRate(c: Extract<Condition, { kind: 'lossRate' }>, w: LossWindow): Measurement {
  const value = w.attempted > 0 ? w.failed / w.attempted : 0;
  const codes = w.codes.map((code) => codeDetail(code, code.failed));
  return {
    holds: w.attempted >= c.minEvents && value > c.above,
    value,
    threshold: c.above,
    detail: {
      summary: `${percent(value)} of ${w.attempted} devices failed in the last ${c.windowMinutes} min${lossScopeText(c)} (alert above ${percent(c.above)}, from ${c.minEvents} devices)`,
      windowMinutes: c.windowMinutes,
      attempted: w.attempted,
      failed: w.failed,
      codes,
      remedy: codes.find((code) => code.remedy)?.remedy ?? null,
    },
    taskIds: c.taskId !== null ? [c.taskId] : w.taskIds,
  };
}

async function newCode(c: Extract<Condition, { kind: 'newCode' }>, rule: RuleRow, deps: MeasureDeps) {
  // Codes first seen since the rule exists, and within its window: a code seen before it was made is not new to it.
  const since = Math.max(rule.createdAt.getTime(), deps.now - c.windowMinutes * 60_000);
  const found = await deps.store.newCodes(c, new Date(since));
  const codes = found.map((r) => codeDetail(r));
  const names = codes.map((d) => `${d.platform} ${d.code}${d.info ? ` ${d.info}` : ''} (${d.class})`);
  return {
    holds: codes.length > 0,
    value: codes.length,
    threshold: 0,
    detail: {
      summary: codes.length
        ? `first seen in the last ${c.windowMinutes} min: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`
        : `no code seen for the first time in the last ${c.windowMinutes} min`,
      windowMinutes: c.windowMinutes,
      codes,
      remedy: codes.find((d) => d.remedy)?.remedy ?? null,
    },
    taskIds: [...new Set(found.filter((r) => r.kind === 'task').map((r) => r.subject))],
  } satisfies Measurement;
}

async function silence(c: Extract<Condition, { kind: 'silence' }>, deps: MeasureDeps): Promise<Measurement> {
  const { store, now } = deps;
  const push = await store.lastPush(now - SILENCE_LOOKBACK_MS, now - c.minutes * 60_000);
  const callback = push && (await store.lastCallback(now - SIGNALS_KEPT_MS));
  const silent = push !== undefined && (!callback || callback.getTime() < push.sentAt.getTime());
  const minutes = push ? Math.floor((now - push.sentAt.getTime()) / 60_000) : 0;
  return {
    holds: silent,
    value: minutes,
    threshold: c.minutes,
    detail: {
      summary: silent
        ? `no push callback since task ${push.taskId} was pushed ${minutes} min ago`
        : push
          ? `callbacks arrived after the latest push (task ${push.taskId})`
          : `no push through the gateway waits for its callbacks`,
      windowMinutes: c.minutes,
      remedy: silent ? SILENCE_REMEDY : null,
    },
    taskIds: push ? [push.taskId] : [],
  };
}

async function quota(c: Extract<Condition, { kind: 'quota' }>, deps: MeasureDeps): Promise<Measurement> {
  const status = deps.quota();
  const { used, exhausted } = await status.count();
  const remaining = exhausted ? 0 : Math.max(0, status.dailyLimit - used);
  return {
    holds: remaining < c.remainingBelow,
    value: remaining,
    threshold: c.remainingBelow,
    detail: {
      summary: `${remaining} of ${status.dailyLimit} all-user, tag and attribute pushes left today (resets at ${status.resetsAt.toISOString()})`,
      windowMinutes: null,
      remedy: QUOTA_REMEDY,
    },
    taskIds: [],
  };
}

export async function measure(rule: RuleRow, deps: MeasureDeps): Promise<Measurement> {
  const c = rule.condition;
  switch (c.kind) {
    case 'lossRate':
      return lossRate(c, await deps.store.lossWindow(c, deps.now));
    case 'newCode':
      return newCode(c, rule, deps);
    case 'silence':
      return silence(c, deps);
    case 'quota':
      return quota(c, deps);
  }
}
