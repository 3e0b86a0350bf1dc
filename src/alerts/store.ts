// Where alerts are kept (the history database): rules, alerts read by keyset, and the transaction that fires or
// resolves an alert with its deliveries; with the deliveries' claims (deliveries.ts) and what the rules measure
// (measurements.ts).
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { HistoryDb } from '../history/engine.js';
import { deliveriesIn } from './deliveries.js';
import { measurementsIn } from './measurements.js';
import type { Condition, Measurement, StoredChannel } from './model.js';
import { alertDeliveries, alertRules, alerts, type AlertRow, type RuleRow } from './schema.js';

export type { AlertRow, DeliveryRow, RuleRow } from './schema.js';
export type { DeliveryKey } from './deliveries.js';
export type { LossWindow } from './measurements.js';

/** A rule as written by createAlertRule / updateAlertRule. */
export interface RuleInput {
  name: string;
  condition: Condition;
  channels: StoredChannel[];
  cooldownMinutes: number;
  enabled: boolean;
}

/** A position in Query.alerts' order: newest first. */
export interface AlertCursor {
  firedAt: Date;
  id: string;
}

/** What one evaluation changed. */
export interface Settled {
  fired?: AlertRow;
  resolved?: AlertRow;
  /** The condition holds again within the cooldown of the last firing: nothing is sent. */
  cooling?: boolean;
}

/** The driver's own error beneath drizzle's, whose message repeats the query's parameters. */
const rootCause = (error: unknown): unknown =>
  error instanceof Error && error.cause instanceof Error ? rootCause(error.cause) : error;

/**
 * A write carrying webhook URLs and secrets, failing without its parameters: the history's guard logs a refused
 * query's error, and drizzle's would show them.
 */
const secretFree = <T>(write: Promise<T>): Promise<T> =>
  write.catch((error: unknown) => {
    throw rootCause(error);
  });
const iso = (ms: number) => new Date(ms).toISOString();

function deliveriesOf(alert: AlertRow, event: 'FIRING' | 'RESOLVED', channels: StoredChannel[], now: Date) {
  return channels.map((target, channel) => ({
    alertId: alert.id,
    event,
    channel,
    target,
    status: 'PENDING' as const,
    nextAt: now,
  }));
}

/** settle's transaction (see settle). */
const settleIn = (history: HistoryDb, rule: RuleRow, m: Measurement, now: Date, quiet: boolean): Promise<Settled> =>
  history.transaction(async (tx) => {
    const [firing] = await tx
      .select()
      .from(alerts)
      .where(and(eq(alerts.ruleId, rule.id), eq(alerts.state, 'FIRING')))
      .for('update');
    if (firing) {
      if (m.holds) return {};
      const [resolved] = await tx
        .update(alerts)
        .set({ state: 'RESOLVED', resolvedAt: now })
        .where(and(eq(alerts.id, firing.id), eq(alerts.state, 'FIRING')))
        .returning();
      if (!resolved) return {};
      if (rule.channels.length > 0 && !quiet)
        await tx
          .insert(alertDeliveries)
          .values(deliveriesOf(resolved, 'RESOLVED', rule.channels, now))
          .onConflictDoNothing();
      return { resolved };
    }
    if (!m.holds) return {};
    const [last] = await tx
      .select({ firedAt: alerts.firedAt })
      .from(alerts)
      .where(eq(alerts.ruleId, rule.id))
      .orderBy(desc(alerts.firedAt))
      .limit(1);
    if (last && now.getTime() - last.firedAt.getTime() < rule.cooldownMinutes * 60_000) return { cooling: true };
    const [fired] = await tx
      .insert(alerts)
      .values({
        id: randomUUID(),
        ruleId: rule.id,
        state: 'FIRING',
        value: m.value,
        threshold: m.threshold,
        firedAt: now,
        detail: m.detail,
        taskIds: m.taskIds,
      })
      .onConflictDoNothing({ target: alerts.ruleId, where: sql`state = 'FIRING'` })
      .returning();
    if (!fired) return {};
    if (rule.channels.length > 0)
      await tx
        .insert(alertDeliveries)
        .values(deliveriesOf(fired, 'FIRING', rule.channels, now))
        .onConflictDoNothing();
    return { fired };
  });

export function createAlertStore(history: HistoryDb) {
  const { db } = history;
  return {
    ...deliveriesIn(history),
    ...measurementsIn(history),

    rules: (): Promise<RuleRow[]> =>
      db.select().from(alertRules).orderBy(asc(alertRules.createdAt), asc(alertRules.id)),

    rulesByIds: (ids: readonly string[]): Promise<RuleRow[]> =>
      ids.length === 0
        ? Promise.resolve([])
        : db
            .select()
            .from(alertRules)
            .where(inArray(alertRules.id, [...ids])),

    async createRule(input: RuleInput, now: Date): Promise<RuleRow> {
      const [row] = await secretFree(
        db
          .insert(alertRules)
          .values({ id: randomUUID(), ...input, createdAt: now, updatedAt: now })
          .returning(),
      );
      return row!;
    },

    async updateRule(id: string, input: RuleInput, now: Date): Promise<RuleRow | undefined> {
      const [row] = await secretFree(
        db
          .update(alertRules)
          .set({ ...input, updatedAt: now })
          .where(eq(alertRules.id, id))
          .returning(),
      );
      return row;
    },

    /** Deletes a rule with its alerts and their deliveries. */
    async deleteRule(id: string): Promise<RuleRow | undefined> {
      const [row] = await db.delete(alertRules).where(eq(alertRules.id, id)).returning();
      return row;
    },

    /** Up to `limit` alerts, newest first, after `after`; only those in `state` when given. */
    alerts: (opts: { state?: 'FIRING' | 'RESOLVED'; limit: number; after?: AlertCursor }): Promise<AlertRow[]> =>
      db
        .select()
        .from(alerts)
        .where(
          and(
            opts.state ? eq(alerts.state, opts.state) : undefined,
            opts.after
              ? or(
                  lt(alerts.firedAt, opts.after.firedAt),
                  and(eq(alerts.firedAt, opts.after.firedAt), lt(alerts.id, opts.after.id)),
                )
              : undefined,
          ),
        )
        .orderBy(desc(alerts.firedAt), desc(alerts.id))
        .limit(opts.limit),

    alertsByIds: (ids: readonly string[]): Promise<AlertRow[]> =>
      ids.length === 0
        ? Promise.resolve([])
        : db
            .select()
            .from(alerts)
            .where(inArray(alerts.id, [...ids])),

    /** The firing alerts of these rules. */
    firingOf: (ruleIds: readonly string[]): Promise<AlertRow[]> =>
      ruleIds.length === 0
        ? Promise.resolve([])
        : db
            .select()
            .from(alerts)
            .where(and(eq(alerts.state, 'FIRING'), inArray(alerts.ruleId, [...ruleIds]))),

    /** The firing alerts that concern this task. */
    firingForTask: (taskId: string): Promise<AlertRow[]> =>
      db
        .select()
        .from(alerts)
        .where(and(eq(alerts.state, 'FIRING'), sql`${alerts.taskIds} @> ${JSON.stringify([taskId])}::jsonb`))
        .orderBy(desc(alerts.firedAt)),

    /**
     * Fires or resolves the rule's alert as the measurement says, with a delivery per channel, in one
     * transaction. Whatever the replicas, a rule has one firing alert (a unique index) and a message one
     * delivery per channel (its key); a condition holding again within the cooldown of the last firing sends
     * nothing. `quiet`: a resolution without messages (the rule was paused).
     */
    settle: (rule: RuleRow, m: Measurement, now: Date, { quiet = false } = {}): Promise<Settled> =>
      secretFree(settleIn(history, rule, m, now, quiet)),

    /** Drops the alerts resolved before `before` (ms), with their deliveries; answers how many. */
    async pruneResolved(before: number): Promise<number> {
      const gone = await db
        .delete(alerts)
        .where(and(eq(alerts.state, 'RESOLVED'), sql`${alerts.resolvedAt} < ${iso(before)}::timestamptz`))
        .returning({ id: alerts.id });
      return gone.length;
    },
  };
}

export type AlertStore = ReturnType<typeof createAlertStore>;
