// Recipients: every recipient's outcome from the push callbacks, kept in the history database (the store of
// record) before the webhook acknowledges them, and read back by push, by result, by class and by channel.
import type { Logger } from 'pino';
import type { PushEvent } from '../events/model.js';
import type { History } from '../history/index.js';
import { createRecipientStore, type RecipientStore } from './store.js';

export type { InvalidCursor, RecipientFilter, RecipientRow, Subject, SubjectKind, Summary } from './store.js';
export { RESULTS, deviceResult, eventTypeOf, platformOf, stageOf, type Device, type RecipientResult } from './model.js';

export interface Recipients {
  /** Keeps the events; resolves once they are in the database, rejects if they could not be kept. */
  keep(events: PushEvent[]): Promise<void>;
  /** The store, once the database is open. */
  store(waitMs?: number): Promise<RecipientStore>;
  /** Drops the recipients of pushes whose first callback is older than RECIPIENT_RETENTION_DAYS. */
  prune(): Promise<number>;
}

export interface RecipientsOptions {
  history: History;
  retentionDays: number;
  log: Logger;
  /** Events written in one transaction at most. */
  maxBatch?: number;
}

interface Waiting {
  events: PushEvent[];
  resolve(): void;
  reject(error: unknown): void;
}

export function createRecipients({ history, retentionDays, log, maxBatch = 5_000 }: RecipientsOptions): Recipients {
  const { days } = history;
  const store = history.over((db) => createRecipientStore(db, (ms) => days.dayOf(ms)));
  const waiting: Waiting[] = [];
  let writing = false;

  /**
   * Group commit: while one transaction writes, the callbacks arriving meanwhile wait together for the next,
   * so a flood is written in few large transactions and a lone callback is written at once.
   */
  function write(): void {
    if (writing || waiting.length === 0) return;
    writing = true;
    const batch: Waiting[] = [];
    for (let n = 0; waiting.length > 0 && (n === 0 || n + waiting[0]!.events.length <= maxBatch);) {
      const next = waiting.shift()!;
      batch.push(next);
      n += next.events.length;
    }
    store()
      .then((s) =>
        s.ingest(
          batch.flatMap((w) => w.events),
          history.now(),
        ),
      )
      .then(
        () => batch.forEach((w) => w.resolve()),
        (error: unknown) => {
          log.warn(
            { err: error, events: batch.reduce((n, w) => n + w.events.length, 0) },
            'recipients: events could not be kept',
          );
          batch.forEach((w) => w.reject(error));
        },
      )
      .finally(() => {
        writing = false;
        write();
      });
  }

  return {
    keep(events) {
      if (events.length === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        waiting.push({ events, resolve, reject });
        write();
      });
    },
    store,
    async prune() {
      return (await store()).prune(days.add(days.dayOf(history.now()), -retentionDays));
    },
  };
}
