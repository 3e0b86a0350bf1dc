// Writing recipients: a batch of callback events folded into their recipients' devices and their pushes'
// summaries in one transaction, each push's rows in the partition of the day its first callback was kept.
import { sql } from 'drizzle-orm';
import type { PushEvent } from '../events/model.js';
import { rawRows, type Db, type HistoryDb } from '../history/engine.js';
import {
  delta,
  failedStageOf,
  fold,
  hasInvalidToken,
  lastAt,
  resultOf,
  type Device,
  type DeviceChange,
} from './model.js';
import {
  LANES,
  hash32,
  json,
  laneOf,
  partitionOf,
  recipientKey,
  resultCode,
  subjectKey,
  subjectOf,
  type Subject,
  type SubjectKind,
} from './rows.js';

/** A partition is first analysed once this many rows were written to it, then at every doubling. */
const ANALYZE_FROM_ROWS = 1_000;

const countBy = <T>(items: readonly T[], key: (item: T) => string): Map<string, number> => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};

/** A recipient being written: its devices before this batch and after it. */
interface Pending {
  day: string;
  kind: SubjectKind;
  subject: string;
  account: string;
  before: readonly Device[];
  devices: readonly Device[];
}

/** The rows as one JSON document PostgreSQL reads into records: one parameter, not an array per column. */
async function upsert(tx: Db, rows: Pending[]): Promise<void> {
  if (rows.length === 0) return;
  const records = rows.map((p) => ({
    day: p.day,
    kind: p.kind,
    subject: p.subject,
    account: p.account,
    result: resultCode(resultOf(p.devices)),
    failed_stage: failedStageOf(p.devices),
    invalid: hasInvalidToken(p.devices),
    last_at: new Date(lastAt(p.devices)).toISOString(),
    devices: p.devices,
  }));
  await tx.execute(sql`insert into recipients (day, kind, subject, account, result, failed_stage, invalid, last_at, devices)
    select * from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as r(day date, kind text, subject text,
      account text, result smallint, failed_stage smallint, invalid boolean, last_at timestamptz, devices jsonb)
    on conflict (day, kind, subject, account) do update set result = excluded.result,
      failed_stage = excluded.failed_stage, invalid = excluded.invalid, last_at = excluded.last_at,
      devices = excluded.devices`);
}

/** Each push's summary, changed by what its recipients' devices changed. */
async function summarize(tx: Db, rows: Pending[]): Promise<void> {
  const bySubject = new Map<string, { kind: string; subject: string; added: number; counts: Map<string, number> }>();
  for (const p of rows) {
    const key = subjectKey(p.kind, p.subject);
    const s = bySubject.get(key) ?? { kind: p.kind, subject: p.subject, added: 0, counts: new Map() };
    if (p.before.length === 0) s.added++;
    delta(p.before, p.devices, s.counts);
    bySubject.set(key, s);
  }
  // In one order: two lanes of the same pushes wait on each other's summaries without deadlocking.
  for (const [, s] of [...bySubject].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const changes = JSON.stringify(Object.fromEntries([...s.counts].filter(([, n]) => n !== 0)));
    await tx.execute(sql`update recipient_subjects set recipients = recipients + ${s.added},
      counts = counts || coalesce((select jsonb_object_agg(c.key, coalesce((counts->>c.key)::int, 0) + c.value::int)
        from jsonb_each_text(${changes}::jsonb) as c), '{}'::jsonb)
      where kind = ${s.kind} and subject = ${s.subject}`);
  }
}

/**
 * Each subject's day (its partition: the day its first callback was kept; it never changes). A subject new to
 * the database is inserted first, in one order (batches of several replicas meeting at new subjects wait
 * without deadlocking); one that exists is only read, since inserting it again would wait for any
 * transaction adding to its summary. Read `for key share`: no bar to the summaries' updates, but one to a
 * replica of an earlier release, which locks its subjects `for update` to write their recipients.
 */
async function subjectDays(tx: Db, subjects: Subject[], today: string): Promise<Map<string, string>> {
  subjects.sort((a, b) => (subjectKey(a.kind, a.id) < subjectKey(b.kind, b.id) ? -1 : 1));
  const read = async (some: Subject[]) =>
    rawRows(tx)<{ kind: string; subject: string; day: string }>(
      sql`select kind, subject, day::text as day from recipient_subjects
        where (kind, subject) in (select * from unnest(${sql.param(some.map((s) => s.kind))}::text[],
          ${sql.param(some.map((s) => s.id))}::text[]))
        order by kind, subject for key share`,
    );
  const days = new Map((await read(subjects)).map((r) => [subjectKey(r.kind, r.subject), r.day]));
  const missing = subjects.filter((s) => !days.has(subjectKey(s.kind, s.id)));
  if (missing.length === 0) return days;
  await tx.execute(sql`insert into recipient_subjects (kind, subject, day)
    select k, s, ${today}::date from unnest(${sql.param(missing.map((s) => s.kind))}::text[],
      ${sql.param(missing.map((s) => s.id))}::text[]) as t(k, s) on conflict do nothing`);
  for (const r of await read(missing)) days.set(subjectKey(r.kind, r.subject), r.day);
  return days;
}

/**
 * Waits for the turn of each push and lane the events fall in, until the commit: the recipients are then
 * read as the last writer of their lane left them. Taken in the order of the locks' keys, so that batches of
 * several replicas take their common turns without deadlocking. Two lanes of one push then wait on each other
 * only where both add to the same rows: the push's summary and the alerts' counts, at the end.
 */
async function takeTurns(tx: Db, events: readonly PushEvent[]): Promise<void> {
  const pushes = new Map<string, number>(); // each push's lock key, hashed once
  const turns = new Map<string, [number, number]>();
  for (const e of events) {
    const s = subjectOf(e);
    const key = subjectKey(s.kind, s.id);
    const push = pushes.get(key) ?? hash32(`${s.kind}:${s.id}`);
    pushes.set(key, push);
    const turn: [number, number] = [push, laneOf(e)];
    turns.set(turn.join(':'), turn);
  }
  const sorted = [...turns.values()].sort(([p1, l1], [p2, l2]) => p1 - p2 || l1 - l2);
  // One statement however many pushes (ordinary pushes are one each), in the arrays' order.
  await tx.execute(sql`select pg_advisory_xact_lock(p, l)
    from unnest(${sql.param(sorted.map(([p]) => p))}::int[], ${sql.param(sorted.map(([, l]) => l))}::int[])
      with ordinality as t(p, l, n) order by n`);
}

/**
 * The store's writes. `partitions` are the days whose partition exists (shared with the pruning, which drops
 * them).
 */
export function createIngest(db: HistoryDb, dayOf: (ms: number) => string, partitions: Set<string>) {
  /** The day's partition, made once (any replica may make it first). */
  async function ensurePartition(day: string): Promise<void> {
    if (partitions.has(day)) return;
    await db
      .rows(
        sql`create table if not exists ${sql.identifier(partitionOf(day))} partition of recipients for values in (${sql.raw(`'${day}'`)})`,
      )
      .catch((error: unknown) => {
        // Two replicas making it at once: the other one did.
        if (!/already exists/.test(String((error as Error).cause ?? error))) throw error;
      });
    partitions.add(day);
  }

  /**
   * A day partition's statistics kept current as it fills: rows written by this process to each day, and how
   * many there were at its last ANALYZE. Without statistics PostgreSQL takes a filling partition for an empty
   * one and reads a batch's recipients by scanning the whole push (808 ms for 5 accounts among 1,000,000,
   * 0.24 ms once analysed). Autovacuum would analyse it, but it may be off, lags by a minute, and the embedded
   * engine has none. An ANALYZE at every doubling costs a few per day, after the batch's commit.
   */
  const written = new Map<string, { rows: number; analyzedAt: number }>();
  function noteWritten(day: string, rows: number): void {
    const w = written.get(day) ?? { rows: 0, analyzedAt: 0 };
    w.rows += rows;
    written.set(day, w);
    if (w.rows < Math.max(ANALYZE_FROM_ROWS, 2 * w.analyzedAt)) return;
    w.analyzedAt = w.rows;
    // Statistics only help the plans: a failed ANALYZE (the database gone a moment) is tried at the next doubling.
    db.rows(sql`analyze ${sql.identifier(partitionOf(day))}`).catch(() => undefined);
  }

  /** The events' recipients (by recipientKey) with the devices kept so far. */
  async function pending(tx: Db, events: readonly PushEvent[], today: string): Promise<Map<string, Pending>> {
    const subjects = new Map(events.map((e) => subjectOf(e)).map((s) => [subjectKey(s.kind, s.id), s]));
    const days = await subjectDays(tx, [...subjects.values()], today);
    await takeTurns(tx, events);
    const byKey = new Map<string, Pending>();
    for (const e of events) {
      const s = subjectOf(e);
      const key = recipientKey(e);
      if (!byKey.has(key))
        byKey.set(key, {
          day: days.get(subjectKey(s.kind, s.id))!,
          kind: s.kind,
          subject: s.id,
          account: e.account,
          before: [],
          devices: [],
        });
    }
    // One read per push, its accounts as one array: an index scan of the primary key whatever the planner knows
    // of a partition still filling (a row-by-row join of the keys was planned as nested scans).
    const bySubject = new Map<string, Pending[]>();
    for (const p of byKey.values()) {
      const list = bySubject.get(subjectKey(p.kind, p.subject));
      if (list) list.push(p);
      else bySubject.set(subjectKey(p.kind, p.subject), [p]);
    }
    for (const list of bySubject.values()) {
      const { day, kind, subject } = list[0]!;
      const kept = await rawRows(tx)<{ account: string; devices: Device[] | string }>(
        sql`select account, devices from recipients where day = ${day}::date and kind = ${kind} and subject = ${subject}
          and account = any(${sql.param(list.map((p) => p.account))}::text[])`,
      );
      for (const r of kept) {
        const p = byKey.get(`${subjectKey(kind, subject)}\0${r.account}`)!;
        p.before = p.devices = json(r.devices);
      }
    }
    return byKey;
  }

  return {
    /**
     * How many ingest transactions may run at once: on PostgreSQL one per lane, each writing its own recipients
     * (they meet only at their pushes' summaries and the alerts' counts); PGlite runs one at a time anyway.
     */
    writers: db.engine === 'postgres' ? LANES : 1,

    /**
     * Folds events into their recipients and their pushes' summaries, in one transaction: every event is kept
     * once this resolves. A replay changes no device, so nothing. `also` writes what else follows from the
     * devices' changes (the alerts' signals) in the same transaction. Answers how many recipients changed.
     */
    async ingest(
      events: readonly PushEvent[],
      now: number,
      also?: (tx: Db, changes: DeviceChange[]) => Promise<void>,
    ): Promise<number> {
      if (events.length === 0) return 0;
      const today = dayOf(now);
      await ensurePartition(today);
      const changes = await db.transaction(async (tx) => {
        const rows = await pending(tx, events, today);
        for (const e of events) {
          const p = rows.get(recipientKey(e))!;
          p.devices = fold(p.devices, e);
        }
        // A replay folds to the same devices: not written, not counted.
        const changed = [...rows.values()].filter((p) => p.devices !== p.before);
        await upsert(tx, changed);
        await summarize(tx, changed);
        await also?.(
          tx,
          changed.map((p) => ({ kind: p.kind, subject: p.subject, before: p.before, after: p.devices })),
        );
        return changed;
      });
      for (const [day, n] of countBy(changes, (p) => p.day)) noteWritten(day, n);
      return changes.length;
    },
  };
}
