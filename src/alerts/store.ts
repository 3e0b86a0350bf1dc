// Where alerts are kept (the history database): rules, alerts read by keyset, the transaction that fires or
// resolves an alert with its deliveries, deliveries claimed before they are sent, and the measurements the rules
// read from the callbacks' signals and the pushes made through the gateway.
import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type { HistoryDb } from '../history/db.js';
import { tasks } from '../history/schema.js';
import { PLATFORMS } from '../upstream/model.js';
import type { Condition, DeliveryStatus, Measurement, StoredChannel } from './model.js';
import {
  alertCodes,
  alertDeliveries,
  alertRules,
  alerts,
  alertSignals,
  type AlertRow,
  type DeliveryRow,
  type RuleRow,
} from './schema.js';

export type { AlertRow, DeliveryRow, RuleRow } from './schema.js';

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

/** A delivery's key. */
export interface DeliveryKey {
  alertId: string;
  event: 'FIRING' | 'RESOLVED';
  channel: number;
}

export interface LossWindow {
  attempted: number;
  failed: number;
  /** The codes behind most failures, most first. */
  codes: { platform: number; class: string; code: number; failed: number; info: string | null }[];
  /** The tasks with most failures, most first. */
  taskIds: string[];
}

const platformCode = (p: string) => PLATFORMS.indexOf(p as (typeof PLATFORMS)[number]);

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

export function createAlertStore(history: HistoryDb) {
  const { db } = history;
  const rows = <T>(query: SQL) => history.rows<T>(query);
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
  const settleIn = (rule: RuleRow, m: Measurement, now: Date, quiet: boolean): Promise<Settled> =>
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

  return {
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

    /** The deliveries of these alerts, firing before resolution, by channel. */
    deliveries: (alertIds: readonly string[]): Promise<DeliveryRow[]> =>
      alertIds.length === 0
        ? Promise.resolve([])
        : db
            .select()
            .from(alertDeliveries)
            .where(inArray(alertDeliveries.alertId, [...alertIds]))
            .orderBy(asc(alertDeliveries.event), asc(alertDeliveries.channel)),

    /**
     * Fires or resolves the rule's alert as the measurement says, with a delivery per channel, in one
     * transaction. Whatever the replicas, a rule has one firing alert (a unique index) and a message one
     * delivery per channel (its key); a condition holding again within the cooldown of the last firing sends
     * nothing. `quiet`: a resolution without messages (the rule was paused).
     */
    settle: (rule: RuleRow, m: Measurement, now: Date, { quiet = false } = {}): Promise<Settled> =>
      secretFree(settleIn(rule, m, now, quiet)),

    /**
     * Claims up to `limit` deliveries due by `now` (and sends whose sender stopped past their claim) for
     * `leaseMs`, counting the attempt: a claimed delivery is sent by its claimer only.
     */
    async claimDue(now: Date, leaseMs: number, limit: number): Promise<DeliveryRow[]> {
      const due = await db
        .select({ alertId: alertDeliveries.alertId, event: alertDeliveries.event, channel: alertDeliveries.channel })
        .from(alertDeliveries)
        .where(
          or(
            and(
              inArray(alertDeliveries.status, ['PENDING', 'RETRYING']),
              sql`${alertDeliveries.nextAt} <= ${now.toISOString()}::timestamptz`,
            ),
            and(
              eq(alertDeliveries.status, 'SENDING'),
              sql`${alertDeliveries.claimedUntil} < ${now.toISOString()}::timestamptz`,
            ),
          ),
        )
        .orderBy(asc(alertDeliveries.nextAt))
        .limit(limit);
      const claimed: DeliveryRow[] = [];
      for (const d of due) {
        // Taken only if still due: another sender's claim in between wins.
        const [row] = await db
          .update(alertDeliveries)
          .set({
            status: 'SENDING',
            attempts: sql`${alertDeliveries.attempts} + 1`,
            claimedUntil: new Date(now.getTime() + leaseMs),
          })
          .where(
            and(
              eq(alertDeliveries.alertId, d.alertId),
              eq(alertDeliveries.event, d.event),
              eq(alertDeliveries.channel, d.channel),
              or(
                and(
                  inArray(alertDeliveries.status, ['PENDING', 'RETRYING']),
                  sql`${alertDeliveries.nextAt} <= ${now.toISOString()}::timestamptz`,
                ),
                and(
                  eq(alertDeliveries.status, 'SENDING'),
                  sql`${alertDeliveries.claimedUntil} < ${now.toISOString()}::timestamptz`,
                ),
              ),
            ),
          )
          .returning();
        if (row) claimed.push(row);
      }
      return claimed;
    },

    /** The outcome of a claimed attempt; ignored when the claim was lost (another sender took it since). */
    async finish(
      d: DeliveryKey & { attempts: number },
      outcome: { status: DeliveryStatus; at: Date; error: string | null; nextAt?: Date },
    ): Promise<void> {
      await db
        .update(alertDeliveries)
        .set({
          status: outcome.status,
          at: outcome.at,
          error: outcome.error,
          nextAt: outcome.nextAt,
          claimedUntil: null,
        })
        .where(
          and(
            eq(alertDeliveries.alertId, d.alertId),
            eq(alertDeliveries.event, d.event),
            eq(alertDeliveries.channel, d.channel),
            eq(alertDeliveries.status, 'SENDING'),
            eq(alertDeliveries.attempts, d.attempts),
          ),
        );
    },

    /** When the next delivery falls due (a retry, or a send whose claim runs out). */
    async nextDue(): Promise<Date | undefined> {
      const [row] = await rows<{ ms: number | null }>(sql`select date_part('epoch', min(case when status = 'SENDING'
        then claimed_until else next_at end)) * 1000 as ms from alert_deliveries
        where status in ('PENDING', 'RETRYING', 'SENDING')`);
      return row?.ms == null ? undefined : new Date(Number(row.ms));
    },

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

    /** Drops the alerts resolved before `before` (ms), with their deliveries; answers how many. */
    async pruneResolved(before: number): Promise<number> {
      const gone = await db
        .delete(alerts)
        .where(and(eq(alerts.state, 'RESOLVED'), sql`${alerts.resolvedAt} < ${iso(before)}::timestamptz`))
        .returning({ id: alerts.id });
      return gone.length;
    },

    /** Drops the signals older than `before` (ms): no window reaches them. */
    async prune(before: number): Promise<void> {
      await db.delete(alertSignals).where(sql`${alertSignals.minute} < ${iso(before)}::timestamptz`);
    },
  };
}

export type AlertStore = ReturnType<typeof createAlertStore>;
