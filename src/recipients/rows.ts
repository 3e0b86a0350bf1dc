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

/** PGlite hands JSON over as text (src/history/pglite/worker.ts), node-postgres parsed. */
export const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
