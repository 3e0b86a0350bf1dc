// Recipients: every recipient's outcome from the push callbacks, kept in the history database (the store of
// record) before the webhook acknowledges them, and read back by push, by result, by class and by channel.
import type { Logger } from 'pino';
import type { PushEvent } from '../events/model.js';
import type { Db } from '../history/db.js';
import type { History } from '../history/index.js';
import type { DeviceChange } from './model.js';
import { laneOf } from './rows.js';
import { createRecipientStore, type RecipientStore } from './store.js';

export type { InvalidCursor, RecipientFilter, RecipientRow, Subject, SubjectKind, Summary } from './store.js';
export {
  RESULTS,
  deviceResult,
  eventTypeOf,
  platformOf,
  stageOf,
  type Device,
  type DeviceChange,
  type RecipientResult,
} from './model.js';

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
  /** Writes what else follows from the devices' changes in the ingest's transaction (the alerts' signals). */
  alsoKeep?: (tx: Db, changes: DeviceChange[], now: number) => Promise<void>;
}

interface Waiting {
  events: PushEvent[];
  /** The lane all of `events` fall in. */
  lane: number;
  resolve(): void;
  reject(error: unknown): void;
}

export function createRecipients({
  history,
  retentionDays,
  log,
  maxBatch = 5_000,
  alsoKeep,
}: RecipientsOptions): Recipients {
  const { days } = history;
  const store = history.over((db) => createRecipientStore(db, (ms) => days.dayOf(ms)));
  const waiting: Waiting[] = [];
  const lanesWriting = new Set<number>();
  let writing = 0;
  let writers = 1; // the store's own, once it is open

  /**
   * The waiting callbacks for one transaction, up to `maxBatch` events (at least one callback): those of one
   * lane when transactions run side by side (each then writes recipients no other one is writing), of every
   * lane when they run one at a time. None when every lane with events waiting is being written.
   */
  function nextBatch(): Waiting[] {
    const first = waiting.find((w) => !lanesWriting.has(w.lane));
    if (!first) return [];
    const takes = (w: Waiting) => (writers > 1 ? w.lane === first.lane : !lanesWriting.has(w.lane));
    const batch: Waiting[] = [];
    let n = 0;
    for (let i = 0; i < waiting.length;) {
      const w = waiting[i]!;
      if (!takes(w)) {
        i++;
        continue;
      }
      if (n > 0 && n + w.events.length > maxBatch) break;
      waiting.splice(i, 1);
      batch.push(w);
      n += w.events.length;
    }
    return batch;
  }

  async function writeOne(batch: Waiting[]): Promise<void> {
    const events = batch.flatMap((w) => w.events);
    try {
      const s = await store();
      writers = s.writers;
      const now = history.now();
      await s.ingest(events, now, alsoKeep && ((tx, changes) => alsoKeep(tx, changes, now)));
      batch.forEach((w) => w.resolve());
    } catch (error) {
      log.warn({ err: error, events: events.length }, 'recipients: events could not be kept');
      batch.forEach((w) => w.reject(error));
    }
  }

  /**
   * Group commit: while transactions write, the callbacks arriving meanwhile wait together for the next, so a
   * flood is written in few large transactions and a lone callback is written at once.
   */
  function pump(): void {
    while (writing < writers) {
      const batch = nextBatch();
      if (batch.length === 0) return;
      const lanes = new Set(batch.map((w) => w.lane));
      lanes.forEach((l) => lanesWriting.add(l));
      writing++;
      void writeOne(batch).finally(() => {
        writing--;
        lanes.forEach((l) => lanesWriting.delete(l));
        pump();
      });
    }
  }

  return {
    keep(events) {
      const byLane = new Map<number, PushEvent[]>();
      for (const e of events) {
        const lane = laneOf(e);
        const list = byLane.get(lane);
        if (list) list.push(e);
        else byLane.set(lane, [e]);
      }
      const kept = [...byLane].map(
        ([lane, some]) => new Promise<void>((resolve, reject) => waiting.push({ events: some, lane, resolve, reject })),
      );
      pump();
      return Promise.all(kept).then(() => undefined);
    },
    store,
    async prune() {
      return (await store()).prune(days.add(days.dayOf(history.now()), -retentionDays));
    },
  };
}
