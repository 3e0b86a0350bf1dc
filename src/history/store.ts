// The history store: tasks and daily records, upserted by (kind, subject, day) so any replica may write any
// record any number of times, and read back by day ranges.
import { and, asc, desc, eq, gte, inArray, isNotNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Loss, Stats } from '../upstream/model.js';
import type { Db } from './db.js';
import type { Part } from './days.js';
import { daily, tasks, type DailyRow, type Kind, type TaskRow } from './schema.js';

export interface PushRecord {
  taskId: string;
  sentAt: Date;
  title: string | null;
  recipientCount: number;
  dataId: string | null;
}

export interface Observation {
  kind: Kind;
  /** The task id; empty for the overall kinds. */
  subject: string;
  day: string;
  observedAt: Date;
  settled: boolean;
}

/** A position in recentTasks: after this (sentAt, taskId). */
export interface TaskCursor {
  sentAt: Date;
  taskId: string;
}

export type Store = ReturnType<typeof createStore>;

export function createStore(db: Db) {
  /**
   * One part (statistics or loss) of one record. A settled part is never overwritten by an unsettled one: an
   * older open-day snapshot arriving late cannot undo the final figures.
   */
  async function record(o: Observation, part: Part, value: Stats | Loss): Promise<void> {
    // Where this answer came from is not part of the figures: read back, they are the history's.
    const { origin: _, ...figures } = value;
    const values =
      part === 'stats'
        ? { stats: figures as Stats, statsObservedAt: o.observedAt, statsSettled: o.settled }
        : { loss: figures as Loss, lossObservedAt: o.observedAt, lossSettled: o.settled };
    const settledColumn = part === 'stats' ? daily.statsSettled : daily.lossSettled;
    await db
      .insert(daily)
      .values({ kind: o.kind, subject: o.subject, day: o.day, ...values })
      .onConflictDoUpdate({
        target: [daily.kind, daily.subject, daily.day],
        set: values,
        setWhere: o.settled ? undefined : eq(settledColumn, false),
      });
  }

  return {
    record,

    /** Days of one subject from `from` to `to` (both included), oldest first. */
    days: (kind: Kind, subject: string, from: string, to: string): Promise<DailyRow[]> =>
      db
        .select()
        .from(daily)
        .where(and(eq(daily.kind, kind), eq(daily.subject, subject), gte(daily.day, from), lte(daily.day, to)))
        .orderBy(asc(daily.day)),

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

    /** A push through the gateway: known, and followed from its day for `followDays`. */
    async recordPush(p: PushRecord, followFrom: string, followUntil: string): Promise<void> {
      const row = { ...p, tracked: true, followFrom, followUntil };
      await db.insert(tasks).values(row).onConflictDoUpdate({ target: tasks.taskId, set: row });
    },

    /** Followed again (or for the first time) until `followUntil`; a task never seen starts at `followFrom`. */
    async track(taskId: string, followFrom: string, followUntil: string): Promise<TaskRow> {
      const [row] = await db
        .insert(tasks)
        .values({ taskId, tracked: true, followFrom, followUntil })
        .onConflictDoUpdate({ target: tasks.taskId, set: { tracked: true, followUntil } })
        .returning();
      return row!;
    },

    async untrack(taskId: string): Promise<TaskRow | undefined> {
      const [row] = await db.update(tasks).set({ tracked: false }).where(eq(tasks.taskId, taskId)).returning();
      return row;
    },

    tasks: (ids: readonly string[]): Promise<TaskRow[]> =>
      db
        .select()
        .from(tasks)
        .where(inArray(tasks.taskId, [...ids])),

    /** Tasks pushed through the gateway, newest first, `limit` of them after `after`. */
    recent: (limit: number, after?: TaskCursor): Promise<TaskRow[]> =>
      db
        .select()
        .from(tasks)
        .where(
          and(
            isNotNull(tasks.sentAt),
            after
              ? or(lt(tasks.sentAt, after.sentAt), and(eq(tasks.sentAt, after.sentAt), lt(tasks.taskId, after.taskId)))
              : undefined,
          ),
        )
        .orderBy(desc(tasks.sentAt), desc(tasks.taskId))
        .limit(limit),

    /** Tracked tasks whose following has not ended before `day`. */
    followed: (day: string): Promise<TaskRow[]> =>
      db
        .select()
        .from(tasks)
        .where(and(eq(tasks.tracked, true), gte(tasks.followUntil, day))),

    /** Drops records of days before `day`, and tasks that stopped being followed before it. */
    async prune(day: string): Promise<number> {
      const gone = await db.delete(daily).where(lt(daily.day, day)).returning({ day: daily.day });
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
