// Records the history must not lose and no request may wait for (the push a client was just answered for):
// appended to a file of this process's own in DATA_DIR, then written to the database in the background, retried
// until it takes them. A process that stops with records still waiting leaves its file; the next process using
// the folder writes them.
//
// The append is synchronous: a few hundred bytes into the operating system's cache, microseconds, and in order.
// It survives the process being killed, not the machine losing power (no fsync per push).
import { appendFileSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { heldByOther, thisProcess, type Holder } from './processes.js';

export interface OutboxOptions<T> {
  /** The folder of the outbox files (`<DATA_DIR>/outbox`). */
  dir: string;
  /** Writes entries to the database; rejects when it cannot (they are tried again later). */
  write: (entries: T[]) => Promise<void>;
  log: Logger;
  /** The first retry's delay; each failure doubles it, up to 30 s. */
  retryMs?: number;
}

export interface Outbox<T> {
  /** Keeps `entry` on disk at once and writes it to the database as soon as it can. */
  put(entry: T): void;
  /** Entries not in the database yet. */
  readonly waiting: number;
  /** Resolves once nothing waits (tests), or rejects with the database's reason after one failed attempt. */
  flushed(): Promise<void>;
  /** One last attempt, then stops; what still waits stays in the file for the next process. */
  close(): Promise<void>;
}

const MAX_RETRY_MS = 30_000;
/** Files this process writes: not adopted by another outbox of the same process. */
const own = new Set<string>();

const fileOf = (dir: string, { pid, since }: Holder) => join(dir, `${pid}-${since ?? 'unknown'}.ndjson`);

/**
 * The entries left by processes that have stopped (or by an earlier outbox of this one), taken over: their files
 * are removed once read, this process's own file is rewritten with them.
 */
function adopt<T>(dir: string, mine: string, log: Logger): T[] {
  const entries: T[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.ndjson'))) {
    const file = join(dir, name);
    const [pid, since] = name.slice(0, -'.ndjson'.length).split('-');
    if (own.has(file) || heldByOther({ pid: Number(pid), since: since === 'unknown' ? undefined : since })) continue;
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    for (const line of lines) {
      try {
        entries.push(JSON.parse(line) as T);
      } catch {
        // the last line of a process killed while appending it
      }
    }
    if (file !== mine) rmSync(file, { force: true });
    if (lines.length)
      log.info({ entries: lines.length, from: name }, 'history: outbox entries of a stopped process taken over');
  }
  return entries;
}

export function createOutbox<T>({ dir, write, log, retryMs = 1_000 }: OutboxOptions<T>): Outbox<T> {
  mkdirSync(dir, { recursive: true });
  const file = fileOf(dir, thisProcess());
  const waiting: T[] = adopt<T>(dir, file, log);
  own.add(file);
  // What was taken over is kept in this process's file until written: a crash now loses nothing either.
  if (waiting.length) rewrite();
  let draining: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  let delay = retryMs;
  let failing = false;
  let closed = false;
  let lastError: unknown;

  /** The file holds exactly what still waits. */
  function rewrite(): void {
    if (waiting.length === 0) return rmSync(file, { force: true });
    const partial = `${file}.partial`;
    writeFileSync(partial, waiting.map((e) => `${JSON.stringify(e)}\n`).join(''));
    renameSync(partial, file);
  }

  async function drain(): Promise<void> {
    while (waiting.length > 0) {
      const batch = waiting.slice(0, 100);
      await write(batch);
      waiting.splice(0, batch.length);
      rewrite();
    }
  }

  function attempt(): Promise<void> {
    draining ??= drain()
      .then(
        () => {
          if (failing) log.info('history: the database took the records waiting in the outbox');
          failing = false;
          delay = retryMs;
        },
        (error: unknown) => {
          lastError = error;
          if (!failing)
            log.warn(
              { err: error, waiting: waiting.length },
              'history: records wait in the outbox until the database takes them',
            );
          failing = true;
          if (!closed) schedule(delay);
          delay = Math.min(delay * 2, MAX_RETRY_MS);
          throw error;
        },
      )
      .finally(() => (draining = undefined));
    return draining;
  }

  function schedule(ms: number): void {
    clearTimeout(timer);
    timer = setTimeout(() => void attempt().catch(() => undefined), ms);
    timer.unref();
  }

  if (waiting.length) schedule(0);

  return {
    put(entry) {
      waiting.push(entry);
      try {
        appendFileSync(file, `${JSON.stringify(entry)}\n`);
      } catch (error) {
        log.error(
          { err: error, file },
          'history: the outbox file cannot be written; the record is kept in memory only',
        );
      }
      // While the database fails, the retry timer goes on; otherwise write now.
      if (!failing && !closed) schedule(0);
    },
    get waiting() {
      return waiting.length;
    },
    async flushed() {
      while (waiting.length > 0) {
        if (closed) throw (lastError as Error | undefined) ?? new Error('the outbox is closed');
        await (draining ?? attempt());
      }
    },
    async close() {
      closed = true;
      clearTimeout(timer);
      await (draining ?? (waiting.length ? attempt() : undefined))?.catch(() => undefined);
      own.delete(file);
    },
  };
}
