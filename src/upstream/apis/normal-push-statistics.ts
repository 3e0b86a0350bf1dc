// normal_push_statistics: the delivery funnel of ordinary (single-chat) pushes in a window, one window a call.
import type { Json } from '../decode.js';
import type { Stats, Window } from '../model.js';
import { lossTtlMs, windowId, wireWindow } from './loss-wire.js';
import { decodeStats, type WireStats, type WireStatsRequest } from './statistics-wire.js';
import type { ReadApi, Untrusted } from './types.js';

export const normalPushStatistics: ReadApi<Window, Stats> = {
  name: 'normal_push_statistics',
  kind: 'read',
  rate: 1,
  keyId: windowId,
  body: ([window]): WireStatsRequest & Json => ({ ...wireWindow(window!) }),
  split: (answer: Untrusted<WireStats>) => [
    {
      TotalCount: answer.TotalCount,
      SentCount: answer.SentCount,
      DeliveredCount: answer.DeliveredCount,
      ClickCount: answer.ClickCount,
      PlatformStatistics: answer.PlatformStatistics,
    },
  ],
  decode: (part) => decodeStats(part),
  ttlMs: lossTtlMs,
};
