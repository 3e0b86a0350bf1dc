// What the recipient store's writes and reads share: the subjects, how values are kept, the day partitions.
import type { PushEvent } from '../events/model.js';
import { RESULTS, type RecipientResult } from './model.js';

/** A task (all-user, tag, batch: Push.AllMemberPush) or an ordinary push (Push.OfflinePush). */
export type SubjectKind = 'task' | 'push';

export interface Subject {
  kind: SubjectKind;
  id: string;
}

export const resultCode = (r: RecipientResult) => RESULTS.indexOf(r);
export const partitionOf = (day: string) => `recipients_${day.replaceAll('-', '')}`;
export const subjectOf = (e: PushEvent): Subject =>
  e.taskId !== null ? { kind: 'task', id: e.taskId } : { kind: 'push', id: e.pushId! };

export const subjectKey = (kind: string, id: string) => `${kind}\0${id}`;
export const recipientKey = (e: PushEvent) => {
  const s = subjectOf(e);
  return `${subjectKey(s.kind, s.id)}\0${e.account}`;
};

/**
 * A push's recipients fall in LANES lanes by account. Transactions of different lanes write different
 * recipients, so they run side by side on one push; transactions of one lane, from this replica or another,
 * take turns (an advisory lock per push and lane). Every replica must count the same lanes.
 */
export const LANES = 2;

/**
 * A 32-bit hash of the text, the same in every replica (a lane, an advisory lock's key): FNV-1a, then
 * MurmurHash3's finaliser, so that every bit depends on every character (FNV-1a's lowest bit alone is the
 * parity of the odd character codes).
 */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

export const laneOf = (e: PushEvent): number => (hash32(recipientKey(e)) >>> 0) % LANES;

/** PGlite hands JSON over as text (src/history/pglite/worker.ts), node-postgres parsed. */
export const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
