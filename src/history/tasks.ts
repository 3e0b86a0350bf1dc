// The tasks the history knows: pushed through the gateway (with what they were) or followed by `track`, and
// until when the collector asks for their days.
import { and, desc, eq, gte, inArray, isNotNull, lt, or } from 'drizzle-orm';
import type { Db } from './engine.js';
import { tasks, type TaskRow } from './schema.js';

export interface PushRecord {
  taskId: string;
  sentAt: Date;
  title: string | null;
  /** Null for a push to an audience (everyone, tags, attributes): its recipients are not known up front. */
  recipientCount: number | null;
  dataId: string | null;
}

/** A position in recentTasks: after this (sentAt, taskId). */
export interface TaskCursor {
  sentAt: Date;
  taskId: string;
}

export function tasksOf(db: Db) {
  return {
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
  };
}
