// The emulator's `push`: an all-user, tag or attribute push, checked as the upstream documents (its Condition,
// MsgRandom, OfflinePushInfo, DataId, body size), made a task traceable for the users it reaches.
import { upstreamDay } from '../src/upstream/daily-quota.js';
import { LIMITS, isUInt32 } from '../src/upstream/wire.js';
import { checkOfflinePushInfo } from './notification.js';
import { Fail, isBody, isStringList, nonEmpty, type Body } from './protocol.js';
import type { Tasks } from './tasks.js';

/** A Condition as the emulator reads it: tag lists and attribute values; none for every user. */
export interface Condition {
  tagsAnd: string[];
  tagsOr: string[];
  tagsNot: string[];
  attrs: Record<string, string>;
}

const TAG_LISTS = ['TagsAnd', 'TagsOr', 'TagsNot'] as const;

function tagList(condition: Body, name: (typeof TAG_LISTS)[number]): string[] {
  const list = condition[name] ?? [];
  if (!isStringList(list)) throw new Fail(90100, `Condition.${name} must be an array of tags`);
  if (list.length > LIMITS.maxConditionTags) throw new Fail(90032);
  if (list.some((tag) => tag === '')) throw new Fail(90040);
  if (list.some((tag) => Buffer.byteLength(tag) > LIMITS.maxTagBytes)) throw new Fail(90020);
  return list;
}

/** The push's Condition, refused as the upstream refuses it; undefined: every user. */
export function readCondition(raw: unknown): Condition | undefined {
  if (raw === undefined) return undefined;
  if (!isBody(raw)) throw new Fail(90100, 'Condition must be an object');
  const unknown = Object.keys(raw).find((k) => ![...TAG_LISTS, 'AttrsAnd'].includes(k));
  if (unknown) throw new Fail(90100, `Condition.${unknown} is not a known field`);
  const [tagsAnd, tagsOr, tagsNot] = TAG_LISTS.map((name) => tagList(raw, name)) as [string[], string[], string[]];
  if (tagsOr.some((tag) => tagsAnd.includes(tag))) throw new Fail(90022);
  const attrs = raw.AttrsAnd ?? {};
  if (!isBody(attrs) || !Object.values(attrs).every((v) => typeof v === 'string')) throw new Fail(90033);
  const hasTags = tagsAnd.length + tagsOr.length + tagsNot.length > 0;
  if (hasTags && Object.keys(attrs).length > 0) throw new Fail(90039);
  return { tagsAnd, tagsOr, tagsNot, attrs: attrs as Record<string, string> };
}

/** 10 KB: a larger push body is refused (90056). */
export const MAX_PUSH_BODY_BYTES = 10 * 1024;

/** A push or a scheduled task's content: checked, its condition read. */
export function checkPushBody(body: Body): Condition | undefined {
  if (!isUInt32(body.MsgRandom)) throw new Fail(90005);
  if (body.From_Account !== undefined && !nonEmpty(body.From_Account))
    throw new Fail(90100, 'From_Account must be an account');
  if (Buffer.byteLength(JSON.stringify(body)) > MAX_PUSH_BODY_BYTES) throw new Fail(90056);
  checkOfflinePushInfo(body.OfflinePushInfo);
  if (body.DataId !== undefined && (typeof body.DataId !== 'string' || Buffer.byteLength(body.DataId) > 64))
    throw new Fail(90057);
  return readCondition(body.Condition);
}

/** All-user and tag pushes of the app, per day in UTC+08:00: past the day's limit, 90047. */
export function createDailyCount(limit: number, now: () => number) {
  const used = new Map<string, number>();
  return {
    /** Takes one of today's pushes, or refuses with 90047. */
    take(): void {
      const { day } = upstreamDay(now(), 480);
      const n = used.get(day) ?? 0;
      if (n >= limit) throw new Fail(90047);
      used.set(day, n + 1);
    },
  };
}
export type DailyCount = ReturnType<typeof createDailyCount>;

export interface PushOptions {
  tasks: Tasks;
  daily: DailyCount;
  /** Whom a condition reaches among the accounts the emulator knows (recipients null: any user). */
  audienceOf: (condition: Condition | undefined) => { recipients: string[] | null; notify: string[] };
}

export function pushAnswers({ tasks, daily, audienceOf }: PushOptions) {
  return {
    push(body: Body): Body {
      const condition = checkPushBody(body);
      const { recipients, notify } = audienceOf(condition);
      daily.take();
      const dataId = typeof body.DataId === 'string' ? body.DataId : undefined;
      return { TaskId: tasks.start('push', recipients, dataId, notify) };
    },
  };
}
