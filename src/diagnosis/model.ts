// What a loss or trace error code means and what to do about it: the shape of the knowledge base and its answers.
import type { LossStage, Platform } from '../upstream/model.js';

/** What kind of fix a lost push calls for. */
export const LOSS_CLASSES = [
  'TOKEN_INVALID',
  'CONFIG',
  'QUOTA_RATE',
  'USER_OPTOUT',
  'DEVICE_INACTIVE',
  'PAYLOAD',
  'TRANSIENT',
  'UNKNOWN',
] as const;
export type LossClass = (typeof LOSS_CLASSES)[number];

export interface Diagnosis {
  class: LossClass;
  meaning: string | null;
  remedy: string | null;
  /** Sending the same push again later can succeed. */
  retryable: boolean;
  /** The device token is dead: stop sending to it and forget it. */
  pruneToken: boolean;
  /** Where the meaning comes from (a URL). */
  source: string | null;
}

/** One reviewed entry of the knowledge base. */
export interface KnowledgeEntry {
  /** The vendor channel; null for Tencent's own codes, which mean the same whatever the channel. */
  platform: Platform | null;
  /** The code as the loss APIs write it (a string); trace codes are the same numbers. */
  code: string;
  /** The vendor's short name for the error (APNs reason, FCM errorCode…), as ErrorInfo may carry it. */
  reason?: string;
  /** Only at this loss stage, where the same code means something else at the other. */
  stage?: LossStage;
  class: LossClass;
  meaning: string;
  remedy: string;
  retryable: boolean;
  pruneToken: boolean;
  source: string;
}

export const UNKNOWN_DIAGNOSIS: Diagnosis = {
  class: 'UNKNOWN',
  meaning: null,
  remedy: null,
  retryable: false,
  pruneToken: false,
  source: null,
};
