// The history tables (drizzle): the tasks the gateway knows, one record per subject and day, and the claims of
// keyed pushes (the store of record of idempotency keys).
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

/**
 * One idempotency key of one client (`key`: their hash, as src/idempotency/ names it) while it is remembered: a
 * push under way (`claimed`, its owner holding the lease), its result (`done`) or an outcome nobody knows
 * (`unknown`). Leases and expiry are judged by the database's clock, so replicas whose clocks differ agree.
 */
export const claims = pgTable(
  'push_claims',
  {
    key: text('key').primaryKey(),
    state: text('state', { enum: ['claimed', 'done', 'unknown'] }).notNull(),
    fingerprint: text('fingerprint').notNull(),
    /** The claim's own id: only it may settle or free the key while the claim holds. */
    owner: text('owner').notNull(),
    /** When the push was attempted, by the gateway's clock: what PUSH_OUTCOME_UNKNOWN tells. */
    attemptedAt: timestamp('attempted_at', { withTimezone: true }).notNull(),
    /** What the push answered (`done`). */
    result: jsonb('result'),
    /** While a claim's owner is pushing; null once settled. */
    leaseUntil: timestamp('lease_until', { withTimezone: true }),
    /** From then on the key is free again (and the row may be pruned). */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('push_claims_expires_at').on(t.expiresAt)],
);

export type TaskRow = typeof tasks.$inferSelect;
export type DailyRow = typeof daily.$inferSelect;
/** A day as charts read it: its totals and settling. */
export type DayRow = Omit<DailyRow, 'kind' | 'statsObservedAt' | 'lossObservedAt'> & {
  /** When the latest of its figures was asked of the upstream, in epoch milliseconds; read only when asked for. */
  observedAtMs?: number | null;
};
export type Kind = DailyRow['kind'];
