// What the alert rules read: the callbacks' signals (devices attempted and failed per minute, codes first seen)
// and the pushes made through the gateway.
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { HistoryDb } from '../history/engine.js';
import { tasks } from '../history/schema.js';
import { PLATFORMS } from '../upstream/model.js';
import type { Condition } from './model.js';
import { alertCodes, alertSignals } from './schema.js';

export interface LossWindow {
  attempted: number;
  failed: number;
  /** The codes behind most failures, most first. */
  codes: { platform: number; class: string; code: number; failed: number; info: string | null }[];
  /** The tasks with most failures, most first. */
  taskIds: string[];
}

const platformCode = (p: string) => PLATFORMS.indexOf(p as (typeof PLATFORMS)[number]);
const iso = (ms: number) => new Date(ms).toISOString();

/** Signals (`alert_signals s`) of a loss-rate condition's scope since `since` (ms). */
function lossScope(c: Extract<Condition, { kind: 'lossRate' }>, since: number): SQL {
  return sql.join(
    [
      sql`s.minute >= ${iso(since)}::timestamptz`,
      ...(c.taskId !== null ? [sql`s.kind = 'task' and s.subject = ${c.taskId}`] : []),
      ...(c.platform !== null ? [sql`s.platform = ${platformCode(c.platform)}`] : []),
    ],
    sql` and `,
  );
}

export function measurementsIn(history: HistoryDb) {
  const { db } = history;
  const rows = <T>(query: SQL) => history.rows<T>(query);
  return {
    /** Devices attempted and failed in a loss-rate condition's window, the codes and tasks behind the failures. */
    async lossWindow(c: Extract<Condition, { kind: 'lossRate' }>, now: number): Promise<LossWindow> {
      const scope = lossScope(c, now - c.windowMinutes * 60_000);
      const failedHere =
        c.class !== null ? sql`case when s.class = ${c.class} then s.failed else 0 end` : sql`s.failed`;
      const [totals] = await rows<{ attempted: number | null; failed: number | null }>(
        sql`select sum(s.attempted)::int as attempted, sum(${failedHere})::int as failed from alert_signals s where ${scope}`,
      );
      const ofClass = c.class !== null ? sql` and s.class = ${c.class}` : sql``;
      const codes = await rows<LossWindow['codes'][number]>(sql`select s.platform, s.class, s.code,
          sum(s.failed)::int as failed, min(c.info) as info
        from alert_signals s left join alert_codes c on c.platform = s.platform and c.code = s.code
        where ${scope} and s.failed > 0${ofClass} group by s.platform, s.class, s.code order by 4 desc limit 3`);
      const top = await rows<{ subject: string }>(sql`select s.subject from alert_signals s
        where ${scope} and s.kind = 'task' and s.failed > 0${ofClass} group by s.subject order by sum(s.failed) desc limit 5`);
      return {
        attempted: Number(totals?.attempted ?? 0),
        failed: Number(totals?.failed ?? 0),
        codes: codes.map((r) => ({
          ...r,
          platform: Number(r.platform),
          code: Number(r.code),
          failed: Number(r.failed),
        })),
        taskIds: top.map((r) => r.subject),
      };
    },

    /** Codes first seen on a channel since `since` (ms), oldest first, of the condition's channel and class. */
    newCodes: (c: Extract<Condition, { kind: 'newCode' }>, since: Date) =>
      db
        .select()
        .from(alertCodes)
        .where(
          and(
            sql`${alertCodes.firstSeen} >= ${since.toISOString()}::timestamptz`,
            c.platform !== null ? eq(alertCodes.platform, platformCode(c.platform)) : undefined,
            c.class !== null ? eq(alertCodes.class, c.class) : undefined,
          ),
        )
        .orderBy(asc(alertCodes.firstSeen))
        .limit(20),

    /** The latest push made through the gateway between `from` and `to` (ms). */
    async lastPush(from: number, to: number): Promise<{ taskId: string; sentAt: Date } | undefined> {
      const [row] = await db
        .select({ taskId: tasks.taskId, sentAt: tasks.sentAt })
        .from(tasks)
        .where(and(sql`${tasks.sentAt} >= ${iso(from)}::timestamptz`, sql`${tasks.sentAt} <= ${iso(to)}::timestamptz`))
        .orderBy(desc(tasks.sentAt))
        .limit(1);
      return row?.sentAt ? { taskId: row.taskId, sentAt: row.sentAt } : undefined;
    },

    /** When the latest callback that changed a device arrived, looking back to `since` (ms). */
    async lastCallback(since: number): Promise<Date | undefined> {
      const [row] = await rows<{ ms: number | null }>(
        sql`select date_part('epoch', max(last_at)) * 1000 as ms from alert_signals where minute >= ${iso(since)}::timestamptz`,
      );
      return row?.ms == null ? undefined : new Date(Number(row.ms));
    },

    /** Drops the signals older than `before` (ms): no window reaches them. */
    async prune(before: number): Promise<void> {
      await db.delete(alertSignals).where(sql`${alertSignals.minute} < ${iso(before)}::timestamptz`);
    },
  };
}
