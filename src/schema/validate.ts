// Argument checks that run before any upstream call; each failure is a BAD_USER_INPUT error naming the argument.
import { GraphQLError } from 'graphql';
import { ErrorCode } from '../graphql/errors.js';
import type { Window } from '../upstream/model.js';
import { LIMITS } from '../upstream/wire.js';

export const badInput = (message: string, argument: string): GraphQLError =>
  new GraphQLError(message, { extensions: { code: ErrorCode.BAD_USER_INPUT, argument } });

/** Tencent ids (UserID, TaskId, MsgID) are short; anything longer is refused rather than sent upstream. */
export const MAX_ID_LENGTH = 256;

export function requireId(id: string, argument: string): string {
  if (id.trim() === '') throw badInput(`${argument} must not be empty`, argument);
  if (id.length > MAX_ID_LENGTH)
    throw badInput(`${argument} is ${id.length} characters long; at most ${MAX_ID_LENGTH} are accepted`, argument);
  return id;
}

export function requireIds(ids: readonly string[], argument: string, max: number): string[] {
  if (ids.length === 0) throw badInput(`${argument} must hold at least one id`, argument);
  if (ids.length > max) throw badInput(`${argument} holds ${ids.length} ids; at most ${max} are accepted`, argument);
  ids.forEach((id, i) => requireId(id, `${argument}[${i}]`));
  return [...ids];
}

/** Your own id of a push, passed to your callbacks: at most 64 bytes; absent is null. */
export function requireDataId(dataId: string | null | undefined, argument: string): string | null {
  if (dataId == null) return null;
  const bytes = Buffer.byteLength(dataId, 'utf8');
  if (bytes > LIMITS.maxDataIdBytes)
    throw badInput(`${argument} is ${bytes} bytes; at most ${LIMITS.maxDataIdBytes} are accepted`, argument);
  return dataId;
}

/** A range as the loss APIs take it: whole seconds, to after from, at most 7 days. */
export function toWindow(range: { from: Date; to: Date }, argument = 'range'): Window {
  const from = new Date(Math.floor(range.from.getTime() / 1000) * 1000);
  const to = new Date(Math.floor(range.to.getTime() / 1000) * 1000);
  if (to <= from) throw badInput(`${argument}.to must be after ${argument}.from`, argument);
  if ((to.getTime() - from.getTime()) / 1000 > LIMITS.maxWindowSeconds) {
    throw badInput(`${argument} spans more than 7 days, the most the upstream keeps`, argument);
  }
  return { from, to };
}

/**
 * The last 7 days, ending at the current time rounded down to `stepSeconds`: every request within one step
 * asks for the same window, so a refreshing dashboard is answered from the cache. It starts one step after 7
 * days before its end: no earlier than 7 days ago, what the upstream still keeps.
 */
export function lastSevenDays(now: Date, stepSeconds = 60): Window {
  const step = stepSeconds * 1000;
  const to = new Date(Math.floor(now.getTime() / step) * step);
  return { from: new Date(to.getTime() - LIMITS.maxWindowSeconds * 1000 + step), to };
}
