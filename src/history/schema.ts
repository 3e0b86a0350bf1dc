// The history tables (drizzle): the tasks the gateway knows, and one record per subject and day.
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import type { Loss, Stats } from '../upstream/model.js';

/** Tasks pushed through the gateway or tracked with trackTask. */
export const tasks = pgTable(
  'history_tasks',
  {
    taskId: text('task_id').primaryKey(),
    /** Null for tasks not pushed through the gateway. */
    sentAt: timestamp('sent_at', { withTimezone: true }),
    title: text('title'),
    recipientCount: integer('recipient_count'),
    dataId: text('data_id'),
    tracked: boolean('tracked').notNull().default(false),
    /** The first day the collector records (in TIM_UTC_OFFSET). */
    followFrom: date('follow_from', { mode: 'string' }).notNull(),
    /** The last day the collector records. */
    followUntil: date('follow_until', { mode: 'string' }).notNull(),
  },
  (t) => [index('history_tasks_sent_at').on(t.sentAt, t.taskId)],
);

/**
 * One day of one subject: a task (`kind` task), all tasks together (`tasks`) or ordinary pushes (`pushes`,
 * `subject` empty for both overall kinds). Statistics and loss are kept apart: each has its own observation
 * time and is settled once its day's window has.
 */
export const daily = pgTable(
  'history_daily',
  {
    kind: text('kind', { enum: ['task', 'tasks', 'pushes'] }).notNull(),
    subject: text('subject').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    stats: jsonb('stats').$type<Stats>(),
    statsObservedAt: timestamp('stats_observed_at', { withTimezone: true }),
    statsSettled: boolean('stats_settled').notNull().default(false),
    loss: jsonb('loss').$type<Loss>(),
    lossObservedAt: timestamp('loss_observed_at', { withTimezone: true }),
    lossSettled: boolean('loss_settled').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.kind, t.subject, t.day] }), index('history_daily_day').on(t.day)],
);

export type TaskRow = typeof tasks.$inferSelect;
export type DailyRow = typeof daily.$inferSelect;
export type Kind = DailyRow['kind'];
