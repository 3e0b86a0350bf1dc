// What both loss APIs share: the error-code buckets on the wire, the window in the body, and the cache policy
// by the window's age.
import type { Window } from '../model.js';
import type { CacheTtls } from './types.js';

export interface WireLossEntry {
  ErrCode: string;
  ErrCount: number;
  ErrInfo: string;
  PushPlatform?: number;
  EventType?: number;
}

export interface WireLossArrays {
  ReadyToSendLoss?: WireLossEntry[];
  PostSendDeliveredLoss?: WireLossEntry[];
  PlatformReadyToSendLoss?: WireLossEntry[];
  PlatformPostSendDeliveredLoss?: WireLossEntry[];
}

export interface WireWindow {
  StartTime: number;
  EndTime: number;
}

/** The documented bounds of a window: at most 7 days of data are kept. */
export const MAX_WINDOW_SECONDS = 7 * 24 * 3600;

const seconds = (d: Date): number => Math.floor(d.getTime() / 1000);

export const wireWindow = (w: Window): WireWindow => ({ StartTime: seconds(w.from), EndTime: seconds(w.to) });

export const windowId = (w: Window): string => `${seconds(w.from)}-${seconds(w.to)}`;

/** Figures of a window that ended over an hour ago no longer move: they keep the longer TTL. */
export function lossTtlMs(w: Window, ttls: CacheTtls, nowMs: number): number {
  return w.to.getTime() < nowMs - 3_600_000 ? ttls.settledLossMs : ttls.lossMs;
}
