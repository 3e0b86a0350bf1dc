// Demo statistics consistent with the loss the emulator answers for the same task or window: per channel,
// sent = sendable − ready-to-send loss and delivered = sent − post-send loss; the totals likewise from the
// overall loss arrays. The online row (platform 0) has no loss.
import type { WireLossArrays, WireLossEntry, WireStats, WireStatsRow } from '../src/upstream/wire.js';
import { rng } from './data.js';

const sum = (entries: WireLossEntry[] = [], platform?: number): number =>
  entries.filter((e) => platform === undefined || e.PushPlatform === platform).reduce((n, e) => n + e.ErrCount, 0);

export function generateStats(seed: string, loss: WireLossArrays, withEventType: boolean): WireStats {
  const next = rng(`stats:${seed}`);
  const platforms = [
    ...new Set(
      [...(loss.PlatformReadyToSendLoss ?? []), ...(loss.PlatformPostSendDeliveredLoss ?? [])].map(
        (e) => e.PushPlatform ?? 0,
      ),
    ),
  ];
  const row = (platform: number, eventType: number, ready: number, post: number): WireStatsRow => {
    const delivered = 20 + Math.floor(next() * 2000);
    const sent = delivered + post;
    return {
      ...(withEventType ? { EventType: eventType } : {}),
      PushPlatform: platform,
      TotalCount: sent + ready,
      SentCount: sent,
      DeliveredCount: delivered,
      ClickCount: eventType === 2 ? 0 : Math.floor(delivered * (0.05 + next() * 0.3)),
    };
  };
  const rows = platforms.map((p) =>
    row(p, 1, sum(loss.PlatformReadyToSendLoss, p), sum(loss.PlatformPostSendDeliveredLoss, p)),
  );
  rows.push(row(0, 2, 0, 0));
  const delivered = rows.reduce((n, r) => n + r.DeliveredCount, 0);
  const sent = delivered + sum(loss.PostSendDeliveredLoss);
  return {
    TotalCount: sent + sum(loss.ReadyToSendLoss),
    SentCount: sent,
    DeliveredCount: delivered,
    ClickCount: rows.reduce((n, r) => n + r.ClickCount, 0),
    PlatformStatistics: rows,
  };
}
