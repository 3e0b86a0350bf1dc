// Where recipients are kept: one row per recipient of a push (its devices as JSON), in a partition per day of the
// history database, and per push a summary kept up to date as callbacks fold in. Written in transactions, read
// by keyset (never OFFSET) whatever the number of recipients.
import { sql, type SQL } from 'drizzle-orm';
import type { LossClass } from '../diagnosis/index.js';
import type { PushEvent } from '../events/model.js';
import { rawRows, type Db, type HistoryDb } from '../history/db.js';
import type { DeviceChange } from '../alerts/signals.js';
import { PLATFORMS, type Platform } from '../upstream/model.js';
import {
  RESULTS,
  delta,
  failedStageOf,
  fold,
  hasInvalidToken,
  lastAt,
  resultOf,
  type Device,
  type RecipientResult,
} from './model.js';

/** A task (all-user, tag, batch: Push.AllMemberPush) or an ordinary push (Push.OfflinePush). */
export type SubjectKind = 'task' | 'push';

export interface Subject {
  kind: SubjectKind;
  id: string;
}

export interface RecipientRow {
  kind: SubjectKind;
  subject: string;
  account: string;
  result: RecipientResult;
  /** Where a failed recipient's delivery stopped: 1 sent, 2 delivered, 3 clicked. */
  failedStage: number | null;
  lastAt: Date;
  devices: Device[];
}

export interface RecipientFilter {
  results?: RecipientResult[];
  /** One device matching all of these (one of the classes, one of the channels, the code). */
  device?: { classes?: LossClass[]; platforms?: Platform[]; errorCode?: number };
  account?: string;
}

/** A push's recipients in counts: `result:X`, `class:X` (failed devices' classes), `platform:P:X` (devices). */
export interface Summary {
  recipients: number;
  counts: Record<string, number>;
}

/** A position in invalidTokens' order (newest first). */
export interface InvalidCursor {
  lastAt: string;
  kind: string;
  subject: string;
  account: string;
}

/** A recipient being written: its devices before this batch and after it. */
interface Pending {
  day: string;
  kind: SubjectKind;
  subject: string;
  account: string;
  before: readonly Device[];
  devices: readonly Device[];
}

interface StoredRow {
  kind: SubjectKind;
  subject: string;
  account: string;
  result: number;
  failedStage: number | null;
  lastAtMs: number;
  devices: Device[] | string;
}

const resultCode = (r: RecipientResult) => RESULTS.indexOf(r);
const partitionOf = (day: string) => `recipients_${day.replaceAll('-', '')}`;
const subjectOf = (e: PushEvent): Subject =>
  e.taskId !== null ? { kind: 'task', id: e.taskId } : { kind: 'push', id: e.pushId! };
const subjectKey = (kind: string, id: string) => `${kind}\0${id}`;
const recipientKey = (e: PushEvent) => {
  const s = subjectOf(e);
  return `${subjectKey(s.kind, s.id)}\0${e.account}`;
};
/** PGlite hands JSON over as text (src/history/pglite/worker.ts), node-postgres parsed. */
const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);

const COLUMNS = sql`kind, subject, account, result, failed_stage as "failedStage",
  date_part('epoch', last_at) * 1000 as "lastAtMs", devices`;

const rowOf = (r: StoredRow): RecipientRow => ({
  kind: r.kind,
  subject: r.subject,
  account: r.account,
  result: RESULTS[r.result] ?? 'PENDING',
  failedStage: r.failedStage,
  lastAt: new Date(r.lastAtMs),
  devices: json(r.devices),
});

/**
 * One device holding every given property, as JSON containments (the devices' GIN index answers them): one per
 * class × channel asked for.
 */
function deviceMatch(device: RecipientFilter['device']): SQL[] {
  if (!device) return [];
  const classes: (LossClass | undefined)[] = device.classes?.length ? device.classes : [undefined];
  const platforms: (Platform | undefined)[] = device.platforms?.length ? device.platforms : [undefined];
  const code = device.errorCode !== undefined ? { c: device.errorCode } : {};
  const shapes = classes.flatMap((k) =>
    platforms.map((p) => JSON.stringify([{ ...(k ? { k } : {}), ...(p ? { p: PLATFORMS.indexOf(p) } : {}), ...code }])),
  );
  if (shapes.every((shape) => shape === '[{}]')) return [];
  return [
    sql`(${sql.join(
      shapes.map((shape) => sql`devices @> ${shape}::jsonb`),
      sql` or `,
    )})`,
  ];
}

function matching(filter: RecipientFilter): SQL[] {
  return [
    ...(filter.results?.length ? [sql`result = any(${sql.param(filter.results.map(resultCode))}::smallint[])`] : []),
    ...deviceMatch(filter.device),
    ...(filter.account !== undefined ? [sql`account = ${filter.account}`] : []),
  ];
}

const and = (conditions: SQL[]) => sql.join(conditions, sql` and `);

/** Which recipients with a rejected token: since when, on which channels. */
export interface InvalidFilter {
  since?: Date;
  platforms?: Platform[];
}

const invalidMatching = ({ since, platforms }: InvalidFilter): SQL[] => [
  sql`invalid`,
  ...(since ? [sql`last_at >= ${since.toISOString()}::timestamptz`] : []),
  ...deviceMatch({ classes: ['TOKEN_INVALID'], platforms }),
];

export function createRecipientStore(db: HistoryDb, dayOf: (ms: number) => string) {
  const partitions = new Set<string>();

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

  /** Each subject's day (its partition: the day its first callback was kept), locking the subjects' rows. */
  async function subjectDays(tx: Db, subjects: Subject[], today: string): Promise<Map<string, string>> {
    // In one order: batches of several replicas lock their common subjects without deadlocking.
    subjects.sort((a, b) => (subjectKey(a.kind, a.id) < subjectKey(b.kind, b.id) ? -1 : 1));
    const kinds = sql.param(subjects.map((s) => s.kind));
    const ids = sql.param(subjects.map((s) => s.id));
    await tx.execute(sql`insert into recipient_subjects (kind, subject, day)
      select k, s, ${today}::date from unnest(${kinds}::text[], ${ids}::text[]) as t(k, s) on conflict do nothing`);
    const rows = await rawRows(tx)<{ kind: string; subject: string; day: string }>(
      sql`select kind, subject, day::text as day from recipient_subjects
        where (kind, subject) in (select * from unnest(${kinds}::text[], ${ids}::text[]))
        order by kind, subject for update`,
    );
    return new Map(rows.map((r) => [subjectKey(r.kind, r.subject), r.day]));
  }

  /** The events' recipients (by recipientKey) with the devices kept so far. */
  async function pending(tx: Db, events: readonly PushEvent[], today: string): Promise<Map<string, Pending>> {
    const subjects = new Map(events.map((e) => subjectOf(e)).map((s) => [subjectKey(s.kind, s.id), s]));
    const days = await subjectDays(tx, [...subjects.values()], today);
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
    for (const s of bySubject.values()) {
      const changes = JSON.stringify(Object.fromEntries([...s.counts].filter(([, n]) => n !== 0)));
      await tx.execute(sql`update recipient_subjects set recipients = recipients + ${s.added},
        counts = counts || coalesce((select jsonb_object_agg(c.key, coalesce((counts->>c.key)::int, 0) + c.value::int)
          from jsonb_each_text(${changes}::jsonb) as c), '{}'::jsonb)
        where kind = ${s.kind} and subject = ${s.subject}`);
    }
  }

  /** A subject's day, or undefined when no callback of it was kept. */
  async function dayOfSubject({ kind, id }: Subject): Promise<string | undefined> {
    const [row] = await db.rows<{ day: string }>(
      sql`select day::text as day from recipient_subjects where kind = ${kind} and subject = ${id}`,
    );
    return row?.day;
  }

  const ofSubject = (day: string, { kind, id }: Subject) =>
    sql`day = ${day}::date and kind = ${kind} and subject = ${id}`;

  async function summary(subject: Subject): Promise<Summary> {
    const [row] = await db.rows<{ recipients: number; counts: Summary['counts'] | string }>(
      sql`select recipients, counts from recipient_subjects where kind = ${subject.kind} and subject = ${subject.id}`,
    );
    return row ? { recipients: row.recipients, counts: json(row.counts) } : { recipients: 0, counts: {} };
  }

  return {
    /**
     * How many ingest transactions may run at once: on PostgreSQL a second one prepares its rows while the
     * first writes (they meet only at their common pushes' locks); PGlite runs one transaction at a time anyway.
     */
    writers: db.engine === 'postgres' ? 2 : 1,

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
      return db.transaction(async (tx) => {
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
        return changed.length;
      });
    },

    /** Up to `limit` of a subject's recipients matching `filter`, after the account `after`, by account. */
    async page(subject: Subject, filter: RecipientFilter, limit: number, after?: string): Promise<RecipientRow[]> {
      const day = await dayOfSubject(subject);
      if (!day) return [];
      const conditions = [
        ofSubject(day, subject),
        ...matching(filter),
        ...(after !== undefined ? [sql`account > ${after}`] : []),
      ];
      const rows = await db.rows<StoredRow>(
        sql`select ${COLUMNS} from recipients where ${and(conditions)} order by account limit ${limit}`,
      );
      return rows.map(rowOf);
    },

    /** How many of a subject's recipients match; a filter on results alone is read from the summary. */
    async count(subject: Subject, filter: RecipientFilter): Promise<number> {
      if (!filter.device && filter.account === undefined) {
        const { counts } = await summary(subject);
        return (filter.results?.length ? filter.results : RESULTS).reduce(
          (n, r) => n + (counts[`result:${r}`] ?? 0),
          0,
        );
      }
      const day = await dayOfSubject(subject);
      if (!day) return 0;
      const [row] = await db.rows<{ n: number }>(
        sql`select count(*)::int as n from recipients where ${and([ofSubject(day, subject), ...matching(filter)])}`,
      );
      return row?.n ?? 0;
    },

    summary,

    /** Recipients with a device whose token a vendor rejected, newest first, after `after`. */
    async invalidTokens(opts: InvalidFilter & { limit: number; after?: InvalidCursor }) {
      const conditions = [
        ...invalidMatching(opts),
        ...(opts.after
          ? [
              sql`(last_at, kind, subject, account) < (${opts.after.lastAt}::timestamptz, ${opts.after.kind}, ${opts.after.subject}, ${opts.after.account})`,
            ]
          : []),
      ];
      const rows = await db.rows<StoredRow>(sql`select ${COLUMNS} from recipients where ${and(conditions)}
        order by last_at desc, kind desc, subject desc, account desc limit ${opts.limit}`);
      return rows.map(rowOf);
    },

    async countInvalid(filter: InvalidFilter): Promise<number> {
      const [row] = await db.rows<{ n: number }>(
        sql`select count(*)::int as n from recipients where ${and(invalidMatching(filter))}`,
      );
      return row?.n ?? 0;
    },

    /** Drops the days before `day` whole (their partitions), with their pushes' summaries; answers how many. */
    async prune(day: string): Promise<number> {
      const tables = await db.rows<{ name: string }>(sql`select c.relname as name from pg_inherits i
        join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent where p.relname = 'recipients'`);
      const gone = tables.map((t) => t.name).filter((name) => name < partitionOf(day));
      for (const name of gone) {
        await db.rows(sql`drop table if exists ${sql.identifier(name)}`);
        partitions.delete(`${name.slice(11, 15)}-${name.slice(15, 17)}-${name.slice(17, 19)}`);
      }
      await db.rows(sql`delete from recipient_subjects where day < ${day}::date`);
      return gone.length;
    },
  };
}

export type RecipientStore = ReturnType<typeof createRecipientStore>;
