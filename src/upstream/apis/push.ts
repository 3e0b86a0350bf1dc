// push: one push to every user of the app, to users with tags, or with attribute values, answered with a TaskId.
// A write never retried; at most 1 call/s, and capped per day (src/daily-quota/ counts it, 90047 past the cap).
import type { Json } from '../decode.js';
import { PushOutcomeUnknownError } from '../errors.js';
import type { Audience, AudiencePush, PushResult } from '../model.js';
import { offlinePushInfo, type WireOfflinePushInfo } from './notification.js';
import type { Untrusted, WriteApi } from './types.js';

/** Who a push reaches; absent: every user. Tags and attributes cannot be combined (90039). */
export interface WireCondition {
  TagsAnd?: string[];
  TagsOr?: string[];
  TagsNot?: string[];
  AttrsAnd?: Record<string, string>;
}

export interface WirePushRequest {
  From_Account: string;
  MsgRandom: number;
  Condition?: WireCondition;
  OfflinePushInfo: WireOfflinePushInfo;
  DataId?: string;
}
export interface WirePushAnswer {
  TaskId: string;
}

/** Tags a condition list takes (90032), and bytes a tag may hold (90020). */
export const MAX_CONDITION_TAGS = 10;
export const MAX_TAG_BYTES = 50;

/** The audience as a Condition: none for every user, only the lists that hold tags. */
export function wireCondition(audience: Audience): WireCondition | undefined {
  switch (audience.kind) {
    case 'ALL':
      return undefined;
    case 'ATTRIBUTES':
      return { AttrsAnd: Object.fromEntries(audience.attributes.map((a) => [a.name, a.value])) };
    case 'TAGS': {
      const condition: WireCondition = {};
      if (audience.and.length) condition.TagsAnd = audience.and;
      if (audience.or.length) condition.TagsOr = audience.or;
      if (audience.not.length) condition.TagsNot = audience.not;
      return condition;
    }
  }
}

/** The body of an all-user, tag or attribute push; a scheduled one carries the same as its Content. */
export function pushBody(p: AudiencePush): WirePushRequest {
  const body: WirePushRequest = {
    From_Account: p.fromAccount,
    MsgRandom: p.msgRandom,
    OfflinePushInfo: offlinePushInfo(p),
  };
  const condition = wireCondition(p.audience);
  if (condition) body.Condition = condition;
  if (p.dataId !== null) body.DataId = p.dataId;
  return body;
}

export const push: WriteApi<AudiencePush, PushResult> = {
  name: 'push',
  kind: 'write',
  rate: 1, // all-user and tag pushes at least 1 s apart (90024)
  body: (p): WirePushRequest & Json => ({ ...pushBody(p) }),
  decode(answer: Untrusted<WirePushAnswer>, attemptedAt) {
    if (typeof answer.TaskId !== 'string' || answer.TaskId === '')
      throw new PushOutcomeUnknownError('push', attemptedAt, 'the answer has no TaskId');
    return { taskId: answer.TaskId };
  },
  unclear: (attemptedAt, reason) => new PushOutcomeUnknownError('push', attemptedAt, reason),
};
