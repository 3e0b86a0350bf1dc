// Where recipients are kept: one row per recipient of a push (its devices as JSON), in a partition per day of the
// history database, and per push a summary kept up to date as callbacks fold in. Written in transactions
// (ingest.ts), read by keyset (never OFFSET) whatever the number of recipients.
import { sql, type SQL } from 'drizzle-orm';
import type { LossClass } from '../diagnosis/index.js';
import type { HistoryDb } from '../history/engine.js';
import { PLATFORMS, type Platform } from '../upstream/model.js';
import { createIngest } from './ingest.js';
import { RESULTS, type Device, type RecipientResult } from './model.js';
import { json, partitionOf, resultCode, type Subject, type SubjectKind } from './rows.js';

export type { Subject, SubjectKind } from './rows.js';

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

interface StoredRow {
  kind: SubjectKind;
  subject: string;
  account: string;
  result: number;
  failedStage: number | null;
  lastAtMs: number;
  devices: Device[] | string;
}

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

function resultMatch(results: RecipientFilter['results']): SQL[] {
  if (!results?.length) return [];
  // Equality, not `= any`: the (kind, subject, result, account) index then hands rows out in account order and a
  // page reads its 50 rows, where `= any` led PostgreSQL to sort every match (200 ms at 100,000).
  if (results.length === 1) return [sql`result = ${resultCode(results[0]!)}`];
  return [sql`result = any(${sql.param(results.map(resultCode))}::smallint[])`];
}

function matching(filter: RecipientFilter): SQL[] {
  return [
    ...resultMatch(filter.results),
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
  const writes = createIngest(db, dayOf, partitions);

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
    ...writes,

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
