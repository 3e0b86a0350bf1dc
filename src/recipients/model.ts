// A recipient's outcome from the push callbacks: each of its devices' progress, folded from events in any order
// and any number of times (a replay changes nothing), and the recipient's result, the best over its devices,
// with the rules InstanceTrace.outcome uses. Pure: the store keeps what this computes.
import { diagnose, type LossClass } from '../diagnosis/index.js';
import { TRACE_RESULTS, type TraceResult } from '../diagnosis/outcome.js';
import { lossStageOfEvent, type PushEvent, type PushStage } from '../events/model.js';
import { PLATFORMS, type EventType, type Platform } from '../upstream/model.js';

/** The result of a recipient, or of one device: as a traced device's (InstanceTrace.outcome). */
export type RecipientResult = TraceResult;
/** Best first, as the recipient's result is chosen over its devices. */
export const RESULTS: readonly RecipientResult[] = TRACE_RESULTS;

/** PushStage on the wire (1 sent, 2 delivered, 3 clicked), as stored. */
export const stageNumber = (stage: PushStage): number => ({ SENT: 1, DELIVERED: 2, CLICKED: 3 })[stage];
export const stageOf = (n: number): PushStage => (['SENT', 'DELIVERED', 'CLICKED'] as const)[n - 1] ?? 'SENT';

/**
 * One device of a recipient as stored, in short keys: it is kept for every recipient of every push. A device is
 * what the callback identifies: the account's channel (`p`, PushPlatform) and event type (`e`, 1 offline,
 * 2 online).
 */
export interface Device {
  p: number;
  e: number | null;
  /** The furthest stage that succeeded (0: none yet). */
  r: number;
  /** The earliest stage that failed, with its code, text and class (the knowledge base's); absent: none did. */
  f?: number;
  c?: number;
  i?: string;
  k?: LossClass;
  /** The latest event, unix ms. */
  at: number;
}

/** What a batch changed of one recipient's devices: what the alerts' signals are made of. */
export interface DeviceChange {
  kind: string;
  subject: string;
  before: readonly Device[];
  after: readonly Device[];
}

export interface Recipient {
  account: string;
  devices: Device[];
}

export function deviceResult(d: Device): RecipientResult {
  if (d.f !== undefined) return 'FAILED';
  return d.r >= 3 ? 'CLICKED' : d.r === 2 ? 'DELIVERED' : 'PENDING';
}

/** The best result over the devices: a recipient failed only when every device did. */
export function resultOf(devices: readonly Device[]): RecipientResult {
  let best = RESULTS.length - 1;
  for (const d of devices) best = Math.min(best, RESULTS.indexOf(deviceResult(d)));
  return RESULTS[best]!;
}

/** Where a failed recipient's delivery stopped: the earliest failed stage over its devices. */
export const failedStageOf = (devices: readonly Device[]): number | null =>
  resultOf(devices) === 'FAILED' ? Math.min(...devices.map((d) => d.f ?? 3)) : null;

/** A vendor rejected one of its devices' tokens: a token to drop. */
export const hasInvalidToken = (devices: readonly Device[]): boolean => devices.some((d) => d.k === 'TOKEN_INVALID');

export const lastAt = (devices: readonly Device[]): number => Math.max(...devices.map((d) => d.at));

const platformCode = (p: Platform): number => PLATFORMS.indexOf(p);
export const platformOf = (code: number): Platform => PLATFORMS[code] ?? 'UNKNOWN';
const eventTypeCode = (e: EventType | null): number | null => (e === null ? null : e === 'OFFLINE' ? 1 : 2);
export const eventTypeOf = (code: number | null): EventType | null =>
  code === null ? null : code === 1 ? 'OFFLINE' : 'ONLINE';

/**
 * Folds one event into a recipient's devices: a new array when it changes them (the old one is left as it
 * was), the same array when it changes nothing (a replay), so a caller knows by identity.
 */
export function fold(devices: readonly Device[], event: PushEvent): readonly Device[] {
  const p = event.platform === 'UNKNOWN' ? event.platformCode : platformCode(event.platform);
  const e = eventTypeCode(event.eventType);
  const stage = stageNumber(event.stage);
  const i = devices.findIndex((d) => d.p === p && d.e === e);
  const old = i >= 0 ? devices[i] : undefined;
  const failsEarlier = event.errorCode !== 0 && (old?.f === undefined || stage < old.f);
  if (old && event.eventTime <= old.at && (event.errorCode === 0 ? stage <= old.r : !failsEarlier)) return devices;
  const device: Device = old ? { ...old } : { p, e, r: 0, at: event.eventTime };
  device.at = Math.max(device.at, event.eventTime);
  if (event.errorCode === 0) device.r = Math.max(device.r, stage);
  else if (failsEarlier) {
    device.f = stage;
    device.c = event.errorCode;
    device.i = event.errorInfo;
    device.k = diagnose(event.platform, event.errorCode, lossStageOfEvent(event.stage), event.errorInfo).class;
  }
  return i >= 0 ? devices.map((d, j) => (j === i ? device : d)) : [...devices, device];
}

/**
 * What a recipient adds to its push's summary: one to its result, one to each class its failed devices show,
 * one to each channel × device result. The summary changes by new − old as events fold in, so a replay, which
 * changes no device, changes no count.
 */
export function contributions(devices: readonly Device[]): string[] {
  if (devices.length === 0) return [];
  const keys = new Set([`result:${resultOf(devices)}`]);
  for (const d of devices) {
    if (d.k) keys.add(`class:${d.k}`);
    keys.add(`platform:${platformOf(d.p)}:${deviceResult(d)}`);
  }
  return [...keys];
}

/** The summary's change when a recipient's devices go from `before` to `after`. */
export function delta(before: readonly Device[], after: readonly Device[], into: Map<string, number>): void {
  for (const key of contributions(before)) into.set(key, (into.get(key) ?? 0) - 1);
  for (const key of contributions(after)) into.set(key, (into.get(key) ?? 0) + 1);
}
