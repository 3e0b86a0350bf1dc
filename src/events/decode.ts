// The callback body → push events. Strict on what identifies an event (a malformed batch is refused whole,
// so nothing of it is stored), lenient on what the documentation leaves optional.
import { createHash } from 'node:crypto';
import { EVENT_TYPES, PLATFORMS } from '../upstream/model.js';
import {
  ALL_MEMBER_PUSH,
  CHAT_TYPES,
  OFFLINE_PUSH,
  PUSH_STAGES,
  type PushCommand,
  type PushEvent,
  type PushStage,
} from './model.js';

export const MAX_EVENTS = 100;

export class MalformedCallback extends Error {}

export interface DecodedCallback {
  events: PushEvent[];
  /** Push.* commands this gateway does not know, by name: acknowledged and logged, not stored. */
  unknownCommands: string[];
  /** Events of a known command whose PushStage is not 1, 2 or 3. */
  unknownStages: number;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const INT32 = 2 ** 31;

function text(event: Json, field: string, at: string, required: boolean): string | null {
  const v = event[field];
  if (v === undefined || v === null || v === '') {
    if (required) throw new MalformedCallback(`${at}.${field} is required`);
    return null;
  }
  if (typeof v !== 'string' || v.length > 1024) throw new MalformedCallback(`${at}.${field} must be a string`);
  return v;
}

function integer(event: Json, field: string, at: string, fallback?: number): number {
  const v = event[field];
  if ((v === undefined || v === null || v === '') && fallback !== undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < -INT32 || v >= INT32)
    throw new MalformedCallback(`${at}.${field} must be an integer`);
  return v;
}

function decodeEvent(event: Json, command: PushCommand, at: string, receivedAt: number): PushEvent | undefined {
  const allMember = command === ALL_MEMBER_PUSH;
  const taskId = allMember ? text(event, 'TaskId', at, true) : null;
  const pushId = allMember ? null : text(event, 'PushID', at, true);
  const account = text(event, 'To_Account', at, true)!;
  const stageCode = integer(event, 'PushStage', at);
  const eventTime = integer(event, 'EventTime', at);
  if (eventTime < 0) throw new MalformedCallback(`${at}.EventTime must be unix seconds`);
  const platformCode = integer(event, 'PushPlatform', at, 0);
  const eventTypeCode = integer(event, 'EventType', at, 0);
  const errorCode = integer(event, 'ErrCode', at, 0);
  const errorInfo = text(event, 'ErrInfo', at, false) ?? '';
  const taskTime = allMember ? integer(event, 'TaskTime', at, -1) : -1;
  const stage: PushStage | undefined = PUSH_STAGES[stageCode - 1];
  if (!stage) return undefined;
  const decoded: Omit<PushEvent, 'eventId'> = {
    command,
    taskId,
    pushId,
    dataId: allMember ? text(event, 'DataId', at, false) : null,
    account,
    fromAccount: allMember ? null : text(event, 'From_Account', at, false),
    groupId: allMember ? null : text(event, 'GroupID', at, false),
    platform: PLATFORMS[platformCode] ?? 'UNKNOWN',
    platformCode,
    eventType: allMember ? (EVENT_TYPES[eventTypeCode - 1] ?? null) : null,
    chatType: allMember ? null : (CHAT_TYPES[eventTypeCode - 1] ?? null),
    stage,
    errorCode,
    errorInfo,
    eventTime: eventTime * 1000,
    taskTime: taskTime >= 0 ? taskTime * 1000 : null,
    receivedAt,
  };
  return { eventId: eventIdOf(decoded, event), ...decoded };
}

/**
 * The same event replayed has the same id. Beyond the documented identity (command, task or push, recipient,
 * channel, stage, time) the id covers the outcome and the message, so two devices failing differently in
 * the same second stay two events.
 */
function eventIdOf(e: Omit<PushEvent, 'eventId'>, raw: Json): string {
  const identity = [
    e.command,
    e.taskId ?? e.pushId,
    e.account,
    e.platformCode,
    e.stage,
    e.eventTime,
    e.errorCode,
    e.errorInfo,
    raw.DeviceType ?? '',
    raw.MsgKey ?? '',
    raw.MsgSeq ?? '',
  ];
  return createHash('sha256').update(JSON.stringify(identity)).digest('base64url').slice(0, 22);
}

/** `queryCommand` is the CallbackCommand of the URL; each event may carry its own. */
export function decodeCallback(body: unknown, queryCommand: string, receivedAt: number): DecodedCallback {
  if (!isObject(body) || !Array.isArray(body.Events))
    throw new MalformedCallback('the body must be a JSON object with an Events array');
  const raw = body.Events as unknown[];
  if (raw.length === 0 || raw.length > MAX_EVENTS)
    throw new MalformedCallback(`Events must hold 1 to ${MAX_EVENTS} events, got ${raw.length}`);
  const out: DecodedCallback = { events: [], unknownCommands: [], unknownStages: 0 };
  raw.forEach((event, i) => {
    const at = `Events[${i}]`;
    if (!isObject(event)) throw new MalformedCallback(`${at} must be an object`);
    const command = event.CallbackCommand ?? queryCommand;
    if (typeof command !== 'string' || !command.startsWith('Push.'))
      throw new MalformedCallback(`${at}.CallbackCommand must be a Push.* command`);
    if (command !== ALL_MEMBER_PUSH && command !== OFFLINE_PUSH) {
      if (!out.unknownCommands.includes(command)) out.unknownCommands.push(command.slice(0, 64));
      return;
    }
    const decoded = decodeEvent(event, command, at, receivedAt);
    if (decoded) out.events.push(decoded);
    else out.unknownStages++;
  });
  return out;
}
