// Deliveries of alert messages: one per message and channel, claimed before a send so that only its claimer
// sends it, retried at their time, and a send whose sender stopped taken over once its claim runs out.
import { and, asc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { HistoryDb } from '../history/engine.js';
import type { DeliveryStatus } from './model.js';
import { alertDeliveries, type DeliveryRow } from './schema.js';

/** A delivery's key. */
export interface DeliveryKey {
  alertId: string;
  event: 'FIRING' | 'RESOLVED';
  channel: number;
}

/** Due by `now`: waiting for its time, or being sent by a sender whose claim ran out. */
const dueBy = (now: Date): SQL | undefined =>
  or(
    and(
      inArray(alertDeliveries.status, ['PENDING', 'RETRYING']),
      sql`${alertDeliveries.nextAt} <= ${now.toISOString()}::timestamptz`,
    ),
    and(
      eq(alertDeliveries.status, 'SENDING'),
      sql`${alertDeliveries.claimedUntil} < ${now.toISOString()}::timestamptz`,
    ),
  );

export function deliveriesIn(history: HistoryDb) {
  const { db } = history;
  const rows = <T>(query: SQL) => history.rows<T>(query);
  return {
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
     * Claims up to `limit` deliveries due by `now` (and sends whose sender stopped past their claim) for
     * `leaseMs`, counting the attempt: a claimed delivery is sent by its claimer only.
     */
    async claimDue(now: Date, leaseMs: number, limit: number): Promise<DeliveryRow[]> {
      const due = await db
        .select({ alertId: alertDeliveries.alertId, event: alertDeliveries.event, channel: alertDeliveries.channel })
        .from(alertDeliveries)
        .where(dueBy(now))
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
              dueBy(now),
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
  };
}
