// diagnose(platform, code, stage): what a loss or trace error code means and what to do, from the knowledge base.
import type { LossBucket, LossStage, Platform, TraceStage } from '../upstream/model.js';
import { KNOWLEDGE } from './codes.js';
import { UNKNOWN_DIAGNOSIS, type Diagnosis, type KnowledgeEntry } from './model.js';

export { LOSS_CLASSES, UNKNOWN_DIAGNOSIS, type Diagnosis, type LossClass } from './model.js';

const byCode = new Map<string, KnowledgeEntry[]>();
const byReason = new Map<string, KnowledgeEntry[]>();
for (const entry of KNOWLEDGE) {
  byCode.set(entry.code, [...(byCode.get(entry.code) ?? []), entry]);
  if (entry.reason)
    byReason.set(entry.reason.toLowerCase(), [...(byReason.get(entry.reason.toLowerCase()) ?? []), entry]);
}

/** Trace stages before the vendor are the loss APIs' READY_TO_SEND; the vendor's and the device's, POST_SEND_DELIVERED. */
const lossStageOf = (stage: LossStage | TraceStage): LossStage =>
  stage === 'READY_TO_SEND' || stage === 'IM_COMMIT' || stage === 'OFFLINE_SUBMIT'
    ? 'READY_TO_SEND'
    : 'POST_SEND_DELIVERED';

/** Of one vendor's entries for a code: the one the reason names, else the code's general entry, else the only one. */
function choose(entries: KnowledgeEntry[], info: string): KnowledgeEntry | undefined {
  if (entries.length === 0) return undefined;
  return (
    entries.find((e) => e.reason !== undefined && e.reason.toLowerCase() === info) ??
    entries.find((e) => e.reason === undefined) ??
    (entries.length === 1 ? entries[0] : undefined)
  );
}

const toDiagnosis = (e: KnowledgeEntry): Diagnosis => ({
  class: e.class,
  meaning: e.meaning,
  remedy: e.remedy,
  retryable: e.retryable,
  pruneToken: e.pruneToken,
  source: e.source,
});

/**
 * The diagnosis of a code seen on a channel, at a stage when known. A vendor's code is only read with its vendor
 * (the same number means different things per vendor); without one, only Tencent's own codes are known.
 * `info` (the errorInfo beside the code) picks between entries sharing a code, such as APNs 400's reasons.
 * A code the knowledge base lacks is UNKNOWN, with no meaning or remedy.
 */
export function diagnose(
  platform: Platform | null,
  code: string | number,
  stage?: LossStage | TraceStage | null,
  info?: string | null,
): Diagnosis {
  const key = String(code).trim();
  const reason = (info ?? '').trim().toLowerCase();
  const lossStage = stage ? lossStageOf(stage) : null;
  const fits = (e: KnowledgeEntry) => e.stage === undefined || lossStage === null || e.stage === lossStage;
  const candidates = (byCode.get(key) ?? []).filter(fits);
  const vendor = platform !== null && platform !== 'UNKNOWN' ? platform : null;
  const found =
    (vendor &&
      (choose(
        candidates.filter((e) => e.platform === vendor),
        reason,
      ) ??
        // The vendor's reason written where the code should be ("UNREGISTERED").
        choose(
          (byReason.get(key.toLowerCase()) ?? []).filter((e) => e.platform === vendor && fits(e)),
          reason,
        ))) ??
    choose(
      candidates.filter((e) => e.platform === null),
      reason,
    );
  return found ? toDiagnosis(found) : UNKNOWN_DIAGNOSIS;
}

/**
 * A loss bucket's diagnosis. The overall buckets carry no channel; when the per-channel breakdown shows the code
 * at that stage on one channel only, it is that channel's code.
 */
export function diagnoseBucket(bucket: LossBucket, byPlatform: readonly LossBucket[]): Diagnosis {
  let platform = bucket.platform;
  if (platform === null) {
    const seenOn = new Set(
      byPlatform.filter((b) => b.stage === bucket.stage && b.errorCode === bucket.errorCode).map((b) => b.platform),
    );
    if (seenOn.size === 1) platform = [...seenOn][0] ?? null;
  }
  return diagnose(platform, bucket.errorCode, bucket.stage, bucket.errorInfo);
}

/** Every entry, for tools and tests. */
export const knowledgeBase = (): readonly KnowledgeEntry[] => KNOWLEDGE;
