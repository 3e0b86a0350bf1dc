// Alerts with two replicas on one PostgreSQL: exactly one evaluates, a firing reaches each channel once, and when
// the evaluator stops the other takes over and sends the resolution once. Beneath it, two senders racing for the
// same due delivery: one claims it; resolved alerts pruned past retention.
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createAlertStore } from '../src/alerts/store.js';
import { openPostgres } from '../src/history/db.js';
import { startStack } from './helpers.js';
import { createPgDatabase } from './history-helpers.js';
import {
  CREATE,
  alertsEnv,
  alertsOf,
  apnsRecipients,
  lossRule,
  postCallbacks,
  startReceiver,
  until,
} from './alert-helpers.js';

describe('alerts with two replicas on one PostgreSQL', () => {
  it('deliver a firing once per channel, and its resolution once after the evaluator changes', async () => {
    const database = await createPgDatabase();
    const receiver = await startReceiver();
    const a = await startStack({ env: alertsEnv(database.url) });
    const b = await startStack({ env: alertsEnv(database.url) });
    const replicas = [a, b];
    try {
      const leaders = () => replicas.filter((s) => s.gateway.runtime.alerts!.evaluator?.leading);
      await until(() => leaders().length === 1);
      const channels = ['/one', '/two'].map((path) => ({ webhook: { url: `${receiver.origin}${path}` } }));
      await a.data(CREATE, { input: lossRule('Replicated', channels) });
      // Callbacks reach both replicas: the signals meet in the database.
      expect(await postCallbacks(a, apnsRecipients('task-replicas', 6, 3, 'a'))).toBe(200);
      expect(await postCallbacks(b, apnsRecipients('task-replicas', 6, 3, 'b'))).toBe(200);
      await until(() => receiver.at('/one').length === 1 && receiver.at('/two').length === 1);
      await sleep(3_000); // several evaluations on either side
      expect(leaders()).toHaveLength(1);
      expect(receiver.received.map((r) => r.path).sort()).toEqual(['/one', '/two']);

      const [leader] = leaders();
      const other = leader === a ? b : a;
      await leader!.close();
      replicas.splice(replicas.indexOf(leader!), 1);
      await until(() => other.gateway.runtime.alerts!.evaluator?.leading);
      expect(await postCallbacks(other, apnsRecipients('task-replicas', 60, 0, 'ok'))).toBe(200);
      await until(() => receiver.received.length === 4);
      await sleep(3_000);
      expect(
        receiver.received.map((r) => `${r.path} ${(JSON.parse(r.body) as { state: string }).state}`).sort(),
      ).toEqual(['/one FIRING', '/one RESOLVED', '/two FIRING', '/two RESOLVED']);
      const [alert] = await alertsOf(other);
      expect(alert!.deliveries.map((d) => [d.event, d.channelIndex, d.status, d.attempts])).toEqual([
        ['FIRING', 0, 'DELIVERED', 1],
        ['FIRING', 1, 'DELIVERED', 1],
        ['RESOLVED', 0, 'DELIVERED', 1],
        ['RESOLVED', 1, 'DELIVERED', 1],
      ]);
    } finally {
      for (const s of replicas) await s.close().catch(() => undefined);
      await receiver.close();
      await database.drop();
    }
  }, 90_000);

  it('let one of two senders racing for a due delivery claim it', async () => {
    const database = await createPgDatabase();
    const [one, two] = [await openPostgres(database.url), await openPostgres(database.url)];
    try {
      const store = createAlertStore(one);
      const now = new Date();
      const rule = await store.createRule(
        {
          name: 'Raced',
          condition: { kind: 'quota', remainingBelow: 1 },
          channels: [{ url: 'http://127.0.0.1:9/x', format: 'GENERIC', secret: null }],
          cooldownMinutes: 0,
          enabled: true,
        },
        now,
      );
      const measured = {
        holds: true,
        value: 0,
        threshold: 1,
        detail: { summary: '', windowMinutes: null, remedy: null },
        taskIds: [],
      };
      // Two evaluators settling the same firing at once: one alert, one delivery.
      const settled = await Promise.all([
        store.settle(rule, measured, now),
        createAlertStore(two).settle(rule, measured, now),
      ]);
      expect(settled.filter((s) => s.fired)).toHaveLength(1);
      for (let round = 0; round < 5; round++) {
        const claims = await Promise.all([
          store.claimDue(new Date(), 60_000, 10),
          createAlertStore(two).claimDue(new Date(), 60_000, 10),
        ]);
        expect(claims.flat().length).toBe(round === 0 ? 1 : 0);
      }
      const alertId = settled.find((s) => s.fired)!.fired!.id;
      const [delivery] = await store.deliveries([alertId]);
      expect(delivery).toMatchObject({ status: 'SENDING', attempts: 1 });
      // Resolved, then pruned past retention with its deliveries; a firing alert is never pruned.
      expect(await store.pruneResolved(Date.now() + 60_000)).toBe(0);
      await store.settle(rule, { ...measured, holds: false }, new Date());
      expect(await store.pruneResolved(Date.now() - 60_000)).toBe(0);
      expect(await store.pruneResolved(Date.now() + 60_000)).toBe(1);
      expect(await store.deliveries([alertId])).toEqual([]);
    } finally {
      await one.close();
      await two.close();
      await database.drop();
    }
  });
});
