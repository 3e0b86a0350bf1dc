// Per-device outcome of one push: how far it got on one device, and why it stopped there.
import type { InstanceTrace, TraceStage } from '../upstream/model.js';
import { diagnose } from './index.js';
import type { Diagnosis } from './model.js';

/** Best first: the order in which a user's devices are compared. */
export const TRACE_RESULTS = ['CLICKED', 'DELIVERED', 'PENDING', 'FAILED'] as const;
export type TraceResult = (typeof TRACE_RESULTS)[number];

export interface DeliveryOutcome {
  result: TraceResult;
  failedStage: TraceStage | null;
  diagnosis: Diagnosis | null;
}

const DEVICE_STAGES: ReadonlySet<TraceStage> = new Set(['OFFLINE_DEVICE', 'ONLINE_DEVICE']);

/**
 * FAILED at the first failed stage (in funnel order), with its diagnosis; else CLICKED when the click stage
 * succeeded; else DELIVERED when a device stage (offline or online) succeeded; else PENDING.
 */
export function outcomeOf(instance: InstanceTrace): DeliveryOutcome {
  const failed = instance.stages.find((s) => s.status === 'FAILURE');
  if (failed) {
    return {
      result: 'FAILED',
      failedStage: failed.stage,
      diagnosis: diagnose(instance.platform, failed.errorCode, failed.stage, failed.errorInfo),
    };
  }
  const reached = (test: (stage: TraceStage) => boolean) =>
    instance.stages.some((s) => s.status === 'SUCCESS' && test(s.stage));
  const result = reached((s) => s === 'OFFLINE_CLICK')
    ? 'CLICKED'
    : reached((s) => DEVICE_STAGES.has(s))
      ? 'DELIVERED'
      : 'PENDING';
  return { result, failedStage: null, diagnosis: null };
}

/** The best result over a user's devices; PENDING when the trace shows no device yet. */
export function bestResult(instances: readonly InstanceTrace[]): TraceResult {
  const results = new Set(instances.map((i) => outcomeOf(i).result));
  return TRACE_RESULTS.find((r) => results.has(r)) ?? 'PENDING';
}
