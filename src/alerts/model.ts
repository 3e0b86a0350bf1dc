// Alerts in the gateway's words: a rule's condition and channels as stored, what a measurement found, and how a
// webhook's URL is shown (masked: it often holds the chat room's token).
import { createHash } from 'node:crypto';
import type { LossClass } from '../diagnosis/index.js';
import type { Platform } from '../upstream/model.js';

export const WEBHOOK_FORMATS = ['GENERIC', 'SLACK', 'WECOM', 'DINGTALK', 'FEISHU'] as const;
export type WebhookFormat = (typeof WEBHOOK_FORMATS)[number];

export const ALERT_STATES = ['FIRING', 'RESOLVED'] as const;
export type AlertState = (typeof ALERT_STATES)[number];

export const DELIVERY_STATUSES = ['PENDING', 'SENDING', 'DELIVERED', 'RETRYING', 'FAILED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** Exactly one condition per rule; `kind` names it as AlertConditionInput's field does. */
export type Condition =
  | {
      kind: 'lossRate';
      /** A share from 0 to 1: 0.05 holds when more than 5% of the attempted devices failed. */
      above: number;
      minEvents: number;
      windowMinutes: number;
      taskId: string | null;
      platform: Platform | null;
      class: LossClass | null;
    }
  | { kind: 'newCode'; platform: Platform | null; class: LossClass | null; windowMinutes: number }
  | { kind: 'silence'; minutes: number }
  | { kind: 'quota'; remainingBelow: number };

export type ConditionKind = Condition['kind'];

export interface StoredChannel {
  url: string;
  format: WebhookFormat;
  secret: string | null;
}

/** A vendor code behind an alert, with what the knowledge base says of it. */
export interface CodeDetail {
  platform: Platform;
  code: number;
  class: LossClass;
  info: string;
  /** Failed devices with it in the window (loss rate); absent for a code just seen (new code). */
  count?: number;
  meaning: string | null;
  remedy: string | null;
}

/** What an alert's messages say beside its value and threshold. */
export interface AlertDetail {
  /** One line: what was measured against what. */
  summary: string;
  windowMinutes: number | null;
  /** Loss rate: the devices attempted and failed in the window. */
  attempted?: number;
  failed?: number;
  codes?: CodeDetail[];
  /** What to do first: the remedy of the code behind most of it, when the knowledge base has one. */
  remedy: string | null;
}

/** A measurement of a rule's condition now. */
export interface Measurement {
  holds: boolean;
  value: number;
  threshold: number;
  detail: AlertDetail;
  taskIds: string[];
}

/** A short, stable name of a URL that tells two webhooks apart without showing either. */
export const fingerprint = (url: string): string => createHash('sha256').update(url).digest('hex').slice(0, 8);

/**
 * A webhook's URL as it is read back: its origin only (the path and query hold the tokens: Slack's path, WeCom's
 * and DingTalk's key, Feishu's hook id) and a fingerprint of the whole. Giving this string back on update keeps
 * the channel's URL (and its secret).
 */
export function maskUrl(url: string): string {
  let origin = 'webhook';
  try {
    origin = new URL(url).origin;
  } catch {
    // stored URLs were checked when the rule was made
  }
  return `${origin}/…#${fingerprint(url)}`;
}

export const percent = (share: number): string => `${(share * 100).toFixed(share < 0.1 ? 2 : 1)}%`;

/** The measured value and its threshold as a person reads them in a message. */
export function formatValue(condition: Condition, value: number): string {
  switch (condition.kind) {
    case 'lossRate':
      return percent(value);
    case 'newCode':
      return `${value} new code${value === 1 ? '' : 's'}`;
    case 'silence':
      return `${Math.round(value)} min`;
    case 'quota':
      return `${value} left`;
  }
}

export function formatThreshold(condition: Condition): string {
  switch (condition.kind) {
    case 'lossRate':
      return `above ${percent(condition.above)}`;
    case 'newCode':
      return 'any code not seen before';
    case 'silence':
      return `no callback for ${condition.minutes} min after a push`;
    case 'quota':
      return `fewer than ${condition.remainingBelow} left`;
  }
}
