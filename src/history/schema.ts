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
 * time and is settled once its day's window has. A day holds the totals a chart needs (null while their part is
 * not recorded); the figures themselves (per-channel rows, loss buckets) live in `history_figures`, so a row
 * here is narrow and a year of days is read without reading them.
 */
export const daily = pgTable(
  'history_daily',
  {
    kind: text('kind', { enum: ['task', 'tasks', 'pushes'] }).notNull(),
    subject: text('subject').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    statsTotal: integer('stats_total'),
    statsSent: integer('stats_sent'),
    statsDelivered: integer('stats_delivered'),
    statsClicked: integer('stats_clicked'),
    statsObservedAt: timestamp('stats_observed_at', { withTimezone: true }),
    statsSettled: boolean('stats_settled').notNull().default(false),
    /** The sends lost at either stage: the sum of readyToSend's and postSendDelivered's counts. */
    lossTotal: integer('loss_total'),
    lossObservedAt: timestamp('loss_observed_at', { withTimezone: true }),
    lossSettled: boolean('loss_settled').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.kind, t.subject, t.day] }), index('history_daily_day').on(t.day)],
);

/** The figures of one part of one day: the statistics with their per-channel rows, or the loss buckets. */
export const figures = pgTable(
  'history_figures',
  {
    kind: text('kind', { enum: ['task', 'tasks', 'pushes'] }).notNull(),
    subject: text('subject').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    part: text('part', { enum: ['stats', 'loss'] }).notNull(),
    figures: jsonb('figures').$type<Stats | Loss>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.kind, t.subject, t.day, t.part] }), index('history_figures_day').on(t.day)],
);

export type TaskRow = typeof tasks.$inferSelect;
export type DailyRow = typeof daily.$inferSelect;
/** A day as charts read it: its totals and settling. */
export type DayRow = Omit<DailyRow, 'kind' | 'statsObservedAt' | 'lossObservedAt'> & {
  /** When the latest of its figures was asked of the upstream, in epoch milliseconds; read only when asked for. */
  observedAtMs?: number | null;
};
export type Kind = DailyRow['kind'];
