// The history store: tasks and daily records, upserted by (kind, subject, day) so any replica may write any
// record any number of times, and read back by day ranges: totals with the day, figures only when asked for;
// the tasks pushed or followed (./tasks.ts) and the claims of keyed pushes (./claims.ts).
import { and, eq, gte, inArray, lt, or, sql } from 'drizzle-orm';
import type { Loss, Stats } from '../upstream/model.js';
import { claimsOf } from './claims.js';
import { tasksOf } from './tasks.js';
import type { HistoryDb } from './engine.js';
import type { Part } from './days.js';
import { daily, figures, tasks, type DayRow, type Kind } from './schema.js';

export type { PushRecord } from './tasks.js';

export interface Observation {
  kind: Kind;
  /** The task id; empty for the overall kinds. */
  subject: string;
  day: string;
  observedAt: Date;
  settled: boolean;
}

export type Store = ReturnType<typeof createStore>;

/** The totals of one part kept with the day, and when and how settled they were observed. */
function totalsOf(part: Part, value: Stats | Loss, o: Observation) {
  if (part === 'stats') {
    const stats = value as Stats;
    return {
      statsTotal: stats.total,
      statsSent: stats.sent,
      statsDelivered: stats.delivered,
      statsClicked: stats.clicked,
      statsObservedAt: o.observedAt,
      statsSettled: o.settled,
    };
  }
  const loss = value as Loss;
  return {
    lossTotal: [...loss.readyToSend, ...loss.postSendDelivered].reduce((sum, b) => sum + b.count, 0),
    lossObservedAt: o.observedAt,
    lossSettled: o.settled,
  };
}

/** A day of a subject, to find figures by. */
export interface DayKey {
  kind: Kind;
  subject: string;
  day: string;
}

export function createStore({ db, many }: Pick<HistoryDb, 'db' | 'many'>) {
  /**
   * One part (statistics or loss) of one record: its totals with the day and its figures beside it, in one
   * statement (one write, whichever the engine). A settled part is never overwritten by an unsettled one: an
   * older open-day snapshot arriving late cannot undo the final figures; then neither is written.
   */
  async function record(o: Observation, part: Part, value: Stats | Loss): Promise<void> {
    // Where this answer came from is not part of the figures: read back, they are the history's.
    const { origin: _, ...kept } = value;
    const totals = totalsOf(part, value, o);
    const settledColumn = part === 'stats' ? daily.statsSettled : daily.lossSettled;
    const day = db
      .insert(daily)
      .values({ kind: o.kind, subject: o.subject, day: o.day, ...totals })
      .onConflictDoUpdate({
        target: [daily.kind, daily.subject, daily.day],
        set: totals,
        setWhere: o.settled ? undefined : eq(settledColumn, false),
      })
      .returning({ kind: daily.kind });
    await db.execute(sql`
      with written as (${day.getSQL()})
      insert into ${figures} (kind, subject, day, part, figures)
      select ${o.kind}, ${o.subject}, ${o.day}::date, ${part}, ${JSON.stringify(kept)}::jsonb from written
      on conflict (kind, subject, day, part) do update set figures = excluded.figures`);
  }

  return {
    ...claimsOf(db),
    ...tasksOf(db),
    record,

    /**
     * Days of some subjects from `from` to `to`, in one query: what a chart reads of a day, its totals and settling,
     * and when its figures were last asked only if `observedAt` (as epoch milliseconds); not the figures.
     */
    dayTotals: (
      kind: Kind,
      subjects: readonly string[],
      from: string,
      to: string,
      { observedAt = false } = {},
    ): Promise<DayRow[]> =>
      many<DayRow>({
        columns: {
          subject: sql`subject`,
          day: sql`day`,
          statsSettled: sql`stats_settled`,
          lossSettled: sql`loss_settled`,
          statsTotal: sql`stats_total`,
          statsSent: sql`stats_sent`,
          statsDelivered: sql`stats_delivered`,
          statsClicked: sql`stats_clicked`,
          lossTotal: sql`loss_total`,
          ...(observedAt && {
            observedAtMs: sql`date_part('epoch', greatest(stats_observed_at, loss_observed_at)) * 1000`,
          }),
        },
        from: sql`from ${daily} where kind = ${kind} and subject = any(${sql.param([...subjects])}::text[])
          and day between ${from} and ${to}`,
        orderBy: sql`subject, day`,
      }),

    /** One part's figures of some days, in one query; a day without them is left out. */
    async figures(part: Part, keys: readonly DayKey[]): Promise<(DayKey & { value: Stats | Loss })[]> {
      if (keys.length === 0) return [];
      const found = await db
        .select({ kind: figures.kind, subject: figures.subject, day: figures.day, value: figures.figures })
        .from(figures)
        .where(
          and(
            eq(figures.part, part),
            sql`(${figures.kind}, ${figures.subject}, ${figures.day}) in (select * from unnest(${sql.param(
              keys.map((k) => k.kind),
            )}::text[], ${sql.param(keys.map((k) => k.subject))}::text[], ${sql.param(keys.map((k) => k.day))}::date[]))`,
          ),
        );
      return found;
    },

    /** The settled parts of some tasks' days from `from` on: what the collector need not ask again. */
    settledSince: (kind: Kind, subjects: string[], from: string) =>
      subjects.length === 0
        ? Promise.resolve([])
        : db
            .select({
              subject: daily.subject,
              day: daily.day,
              statsSettled: daily.statsSettled,
              lossSettled: daily.lossSettled,
            })
            .from(daily)
            .where(
              and(
                eq(daily.kind, kind),
                inArray(daily.subject, subjects),
                gte(daily.day, from),
                or(eq(daily.statsSettled, true), eq(daily.lossSettled, true)),
              ),
            ),

    /** Drops records of days before `day`, and tasks that stopped being followed before it. */
    async prune(day: string): Promise<number> {
      const gone = await db.delete(daily).where(lt(daily.day, day)).returning({ day: daily.day });
      await db.delete(figures).where(lt(figures.day, day));
      await db.delete(tasks).where(lt(tasks.followUntil, day));
      return gone.length;
    },

    /** How many records there are (the bench's bytes per task-day). */
    async count(): Promise<number> {
      const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(daily);
      return Number(row?.n ?? 0);
    },
  };
}
