// A task's loss set against its statistics: how many were lost, on which channel, for which reasons, how much.
import { PLATFORMS, type Loss, type LossBucket, type LossStage, type Platform, type Stats } from '../upstream/model.js';
import { diagnoseBucket } from './index.js';
import type { Diagnosis } from './model.js';

export interface LossReason {
  stage: LossStage;
  platform: Platform | null;
  errorCode: string;
  errorInfo: string;
  count: number;
  /** count / the report's total loss. */
  share: number;
  diagnosis: Diagnosis;
}

export interface PlatformSummary {
  platform: Platform;
  sendable: number;
  delivered: number;
  lost: number;
  lossRate: number | null;
  topReason: LossReason | null;
}

const sum = (buckets: readonly LossBucket[]): number => buckets.reduce((n, b) => n + b.count, 0);

/** The report's total: both overall stages, as LossReport.total. */
export const lossTotal = (loss: Loss): number => sum(loss.readyToSend) + sum(loss.postSendDelivered);

/**
 * Reasons of loss, largest first: from the per-channel buckets where the report has them (they name the vendor,
 * which a vendor's code needs), else from the overall ones. Buckets of the same stage, channel and code
 * (offline and online rows, repeated rows) count as one reason.
 */
export function lossReasons(loss: Loss): LossReason[] {
  const buckets = loss.byPlatform.length > 0 ? loss.byPlatform : [...loss.readyToSend, ...loss.postSendDelivered];
  const total = lossTotal(loss);
  const groups = new Map<string, LossBucket[]>();
  for (const b of buckets) {
    const key = JSON.stringify([b.stage, b.platform, b.errorCode]);
    groups.set(key, [...(groups.get(key) ?? []), b]);
  }
  const reasons = [...groups.values()].map((group): LossReason => {
    const largest = group.reduce((a, b) => (b.count > a.count ? b : a));
    const count = sum(group);
    return {
      stage: largest.stage,
      platform: largest.platform,
      errorCode: largest.errorCode,
      errorInfo: largest.errorInfo,
      count,
      share: total > 0 ? count / total : 0,
      diagnosis: diagnoseBucket(largest, loss.byPlatform),
    };
  });
  return reasons.sort((a, b) => b.count - a.count);
}

/**
 * Per channel: what could be sent and was delivered (statistics), what was lost (the per-channel loss), and the
 * largest reason. Channels with the most loss first.
 */
export function platformSummaries(loss: Loss, stats: Stats): PlatformSummary[] {
  const reasons = lossReasons(loss);
  const platforms = new Set<Platform>([
    ...stats.byPlatform.map((r) => r.platform),
    ...loss.byPlatform.map((b) => b.platform ?? 'UNKNOWN'),
  ]);
  const summaries = [...platforms].map((platform): PlatformSummary => {
    const rows = stats.byPlatform.filter((r) => r.platform === platform);
    const sendable = rows.reduce((n, r) => n + r.total, 0);
    const lost = sum(loss.byPlatform.filter((b) => (b.platform ?? 'UNKNOWN') === platform));
    return {
      platform,
      sendable,
      delivered: rows.reduce((n, r) => n + r.delivered, 0),
      lost,
      lossRate: sendable > 0 ? lost / sendable : null,
      topReason: reasons.find((r) => (r.platform ?? 'UNKNOWN') === platform && loss.byPlatform.length > 0) ?? null,
    };
  });
  return summaries.sort((a, b) => b.lost - a.lost || PLATFORMS.indexOf(a.platform) - PLATFORMS.indexOf(b.platform));
}
