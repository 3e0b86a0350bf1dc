// What the alert rules learn from the callbacks, written in the recipients' ingest transaction: per minute of
// arrival, the devices that appeared (attempted) and those that started failing (by class and code), and each
// vendor code the first time a channel shows it. Read from the devices' changes, not from the events, so a replay
// (which changes no device) or an event out of order counts nothing twice.
import { sql } from 'drizzle-orm';
import type { Db } from '../history/engine.js';
import type { Device, DeviceChange } from '../recipients/model.js';

interface SignalRow {
  kind: string;
  subject: string;
  platform: number;
  class: string;
  code: number;
  attempted: number;
  failed: number;
}

interface CodeRow {
  platform: number;
  code: number;
  class: string;
  info: string;
  stage: number;
  kind: string;
  subject: string;
}

/** The counts and first failures the changes add, in one order (concurrent writers lock rows in the same order). */
export function signalsOf(changes: readonly DeviceChange[]): { rows: SignalRow[]; codes: CodeRow[] } {
  const rows = new Map<string, SignalRow>();
  const codes = new Map<string, CodeRow>();
  const add = (c: DeviceChange, d: Device, klass: string, code: number, attempted: number, failed: number) => {
    const key = JSON.stringify([c.kind, c.subject, d.p, klass, code]);
    const row = rows.get(key) ?? {
      kind: c.kind,
      subject: c.subject,
      platform: d.p,
      class: klass,
      code,
      attempted: 0,
      failed: 0,
    };
    row.attempted += attempted;
    row.failed += failed;
    rows.set(key, row);
  };
  for (const change of changes) {
    for (const d of change.after) {
      const old = change.before.find((b) => b.p === d.p && b.e === d.e);
      if (!old) add(change, d, '', 0, 1, 0);
      if (d.f === undefined || old?.f !== undefined) continue;
      const klass = d.k ?? 'UNKNOWN';
      const code = d.c ?? 0;
      add(change, d, klass, code, 0, 1);
      const codeKey = `${d.p}:${code}`;
      if (!codes.has(codeKey))
        codes.set(codeKey, {
          platform: d.p,
          code,
          class: klass,
          info: d.i ?? '',
          stage: d.f,
          kind: change.kind,
          subject: change.subject,
        });
    }
  }
  const byKey = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);
  return { rows: byKey(rows), codes: byKey(codes) };
}

/** The minute `ms` falls in, as PostgreSQL reads it. */
export const minuteOf = (ms: number): string => new Date(Math.floor(ms / 60_000) * 60_000).toISOString();

/** Adds the changes' signals in the ingest's transaction `tx`: two statements whatever the batch. */
export async function keepSignals(tx: Db, changes: readonly DeviceChange[], now: number): Promise<void> {
  const { rows, codes } = signalsOf(changes);
  if (rows.length > 0) {
    await tx.execute(sql`insert into alert_signals (minute, kind, subject, platform, class, code, attempted, failed, last_at)
      select ${minuteOf(now)}::timestamptz, r.kind, r.subject, r.platform, r.class, r.code, r.attempted, r.failed,
        ${new Date(now).toISOString()}::timestamptz
      from rows from (jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as (kind text, subject text,
        platform smallint, class text, code int, attempted int, failed int)) with ordinality
        as r(kind, subject, platform, class, code, attempted, failed, n)
      order by r.n
      on conflict (minute, kind, subject, platform, class, code) do update set
        attempted = alert_signals.attempted + excluded.attempted, failed = alert_signals.failed + excluded.failed,
        last_at = greatest(alert_signals.last_at, excluded.last_at)`);
  }
  if (codes.length > 0) {
    await tx.execute(sql`insert into alert_codes (platform, code, class, info, stage, kind, subject, first_seen)
      select r.platform, r.code, r.class, r.info, r.stage, r.kind, r.subject, ${new Date(now).toISOString()}::timestamptz
      from rows from (jsonb_to_recordset(${JSON.stringify(codes)}::jsonb) as (platform smallint, code int,
        class text, info text, stage smallint, kind text, subject text)) with ordinality
        as r(platform, code, class, info, stage, kind, subject, n)
      order by r.n
      on conflict (platform, code) do nothing`);
  }
}
