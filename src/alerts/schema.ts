// The alert tables (drizzle, in the history database): rules, the alerts they raised, each alert's deliveries
// keyed so that one message goes to one channel once, and what the callbacks tell the rules (per-minute counts,
// the vendor codes seen so far). Written by the recipients' ingest transaction and the evaluator.
import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import type { AlertDetail, Condition, StoredChannel } from './model.js';

const at = (name: string) => timestamp(name, { withTimezone: true });

export const alertRules = pgTable('alert_rules', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  condition: jsonb('condition').$type<Condition>().notNull(),
  /** The webhooks with their URLs and secrets: never read back through the API, only masked. */
  channels: jsonb('channels').$type<StoredChannel[]>().notNull(),
  cooldownMinutes: integer('cooldown_minutes').notNull(),
  enabled: boolean('enabled').notNull(),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
});

/** An alert: raised when its rule's condition started to hold, resolved when it stopped. */
export const alerts = pgTable(
  'alerts',
  {
    id: text('id').primaryKey(),
    ruleId: text('rule_id')
      .notNull()
      .references(() => alertRules.id, { onDelete: 'cascade' }),
    state: text('state', { enum: ['FIRING', 'RESOLVED'] }).notNull(),
    value: doublePrecision('value').notNull(),
    threshold: doublePrecision('threshold').notNull(),
    firedAt: at('fired_at').notNull(),
    resolvedAt: at('resolved_at'),
    /** What the message says: the window, the codes behind it, what to do. */
    detail: jsonb('detail').$type<AlertDetail>().notNull(),
    /** The tasks it concerns (their pages mark it while it fires). */
    taskIds: jsonb('task_ids').$type<string[]>().notNull(),
  },
  (t) => [
    // At most one firing alert per rule, whichever replica evaluates: a second insert finds it taken.
    uniqueIndex('alerts_one_firing')
      .on(t.ruleId)
      .where(sql`state = 'FIRING'`),
    index('alerts_by_time').on(t.firedAt, t.id),
    index('alerts_by_rule').on(t.ruleId, t.firedAt),
  ],
);

/**
 * One message of an alert (its firing or its resolution) to one channel of its rule. The key is the guarantee:
 * whatever the replicas and evaluators, a message exists once per channel, and a send is claimed in the database
 * before it goes out.
 */
export const alertDeliveries = pgTable(
  'alert_deliveries',
  {
    alertId: text('alert_id')
      .notNull()
      .references(() => alerts.id, { onDelete: 'cascade' }),
    event: text('event', { enum: ['FIRING', 'RESOLVED'] }).notNull(),
    channel: smallint('channel').notNull(),
    /** The channel as the rule held it when the message was made (its URL and secret included). */
    target: jsonb('target').$type<StoredChannel>().notNull(),
    status: text('status', { enum: ['PENDING', 'SENDING', 'DELIVERED', 'RETRYING', 'FAILED'] }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAt: at('next_at').notNull(),
    /** A claimed send not finished by then is taken again (its sender stopped). */
    claimedUntil: at('claimed_until'),
    /** When the last attempt ended. */
    at: at('at'),
    /** Why the last attempt failed, in the gateway's words (never the URL). */
    error: text('error'),
  },
  (t) => [
    primaryKey({ columns: [t.alertId, t.event, t.channel] }),
    index('alert_deliveries_due').on(t.status, t.nextAt),
  ],
);

/**
 * What the callbacks tell the loss-rate and silence rules: per minute of arrival and per push and channel, the
 * devices attempted, and those failed by class and code. Written in the recipients' ingest transaction from the
 * devices' changes, so a replay adds nothing.
 */
export const alertSignals = pgTable(
  'alert_signals',
  {
    minute: at('minute').notNull(),
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    platform: smallint('platform').notNull(),
    /** The failure's class; '' for the attempts. */
    class: text('class').notNull(),
    code: integer('code').notNull(),
    attempted: integer('attempted').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    /** The latest arrival counted here (the silence rule's "last callback"). */
    lastAt: at('last_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.minute, t.kind, t.subject, t.platform, t.class, t.code] }),
    index('alert_signals_minute').on(t.minute),
  ],
);

/** Every vendor code seen failing on each channel, and when first: what the newCode rule watches. */
export const alertCodes = pgTable(
  'alert_codes',
  {
    platform: smallint('platform').notNull(),
    code: integer('code').notNull(),
    class: text('class').notNull(),
    info: text('info').notNull(),
    /** The stage it failed at: 1 sent, 2 delivered, 3 clicked. */
    stage: smallint('stage').notNull(),
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    firstSeen: at('first_seen').notNull(),
  },
  (t) => [primaryKey({ columns: [t.platform, t.code] }), index('alert_codes_first_seen').on(t.firstSeen)],
);

export type RuleRow = typeof alertRules.$inferSelect;
export type AlertRow = typeof alerts.$inferSelect;
export type DeliveryRow = typeof alertDeliveries.$inferSelect;
