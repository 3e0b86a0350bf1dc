// Several days' figures as one window's: statistics and loss buckets add up per channel and code.
import type { Loss, LossBucket, Stats, StatsRow } from '../upstream/model.js';

function addUp<T>(items: T[], key: (t: T) => string, add: (a: T, b: T) => T): T[] {
  const out = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const seen = out.get(k);
    out.set(k, seen ? add(seen, item) : { ...item });
  }
  return [...out.values()];
}

const counts = <T extends { total: number; sent: number; delivered: number; clicked: number }>(a: T, b: T): T => ({
  ...a,
  total: a.total + b.total,
  sent: a.sent + b.sent,
  delivered: a.delivered + b.delivered,
  clicked: a.clicked + b.clicked,
});

export function mergeStats(days: Stats[]): Stats {
  const rows = addUp<StatsRow>(
    days.flatMap((d) => d.byPlatform),
    (r) => `${r.platform}/${r.eventType}`,
    counts,
  );
  const whole = days.reduce((a, b) => counts(a, b), { total: 0, sent: 0, delivered: 0, clicked: 0 });
  return { ...whole, byPlatform: rows };
}

const bucketKey = (b: LossBucket) => `${b.stage}/${b.platform}/${b.eventType}/${b.errorCode}`;
const addBuckets = (buckets: LossBucket[]) =>
  addUp(buckets, bucketKey, (a, b) => ({ ...a, count: a.count + b.count })).sort((a, b) => b.count - a.count);

export function mergeLoss(days: Loss[]): Loss {
  return {
    readyToSend: addBuckets(days.flatMap((d) => d.readyToSend)),
    postSendDelivered: addBuckets(days.flatMap((d) => d.postSendDelivered)),
    byPlatform: addBuckets(days.flatMap((d) => d.byPlatform)),
  };
}
