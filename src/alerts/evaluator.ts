// The evaluator: every ALERT_EVAL_INTERVAL_SECONDS, the replica holding the alerts' advisory lock measures every
// enabled rule and fires or resolves its alert (src/alerts/store.ts settles it in one transaction), then sends
// the deliveries that are due. A send is claimed in the database first and runs beside the evaluation, each
// bounded by ALERT_WEBHOOK_TIMEOUT_MS: a slow receiver delays only its own message. A failed send is retried
// with a doubling backoff up to ALERT_DELIVERY_ATTEMPTS; another replica taking the lock takes over the
// deliveries left due, once.
import type { Logger } from 'pino';
import type { AlertsConfig } from '../config.js';
import type { HistoryDb } from '../history/engine.js';
import { leadEvery } from '../history/leader.js';
import type { DailyQuotaStatus } from '../upstream/daily-quota.js';
import { render, type Message } from './formats.js';
import { measure, SIGNALS_KEPT_MS } from './measure.js';
import type { Measurement } from './model.js';
import type { AlertStore, DeliveryRow, RuleRow } from './store.js';
import { send } from './webhook.js';

/** The advisory lock key of the evaluator ("alrt"). */
export const ALERTS_LOCK = 0x616c7274;

/** The longest wait between two attempts of a delivery. */
const MAX_BACKOFF_MS = 10 * 60_000;
/** Deliveries claimed at once. */
const CLAIM_BATCH = 50;

export interface EvaluatorOptions {
  db: HistoryDb;
  store: AlertStore;
  quota: () => DailyQuotaStatus;
  config: AlertsConfig;
  /** The alert's page in the dashboard. */
  link: (alertId: string) => string;
  /** Tells subscribers that an alert changed (fired, resolved, a delivery's outcome). */
  publish: (alertId: string) => void;
  now: () => number;
  log: Logger;
}

export interface Evaluator {
  /** True while this replica holds the lock and evaluates. */
  readonly leading: boolean;
  /** Resolves after the next evaluation this replica completes (tests). */
  nextEvaluation(): Promise<void>;
  close(): Promise<void>;
}

/** A paused rule's firing alert is resolved without a message: pausing says "stop telling me". */
const PAUSED: Measurement = {
  holds: false,
  value: 0,
  threshold: 0,
  detail: { summary: 'the rule was paused', windowMinutes: null, remedy: null },
  taskIds: [],
};

function backoff(config: AlertsConfig, attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, config.retrySeconds * 1000 * 2 ** Math.max(0, attempts - 1));
}

/** One claimed delivery: its message rendered for its channel, sent, and the outcome recorded. */
async function sendOne(opts: EvaluatorOptions, d: DeliveryRow): Promise<void> {
  const { store, config, log } = opts;
  const [alert] = await store.alertsByIds([d.alertId]);
  const [rule] = alert ? await store.rulesByIds([alert.ruleId]) : [];
  if (!alert || !rule) return; // deleted meanwhile, with its deliveries
  const message: Message = {
    id: `${alert.id}:${d.event}:${d.channel}`,
    event: d.event,
    rule: { id: rule.id, name: rule.name, condition: rule.condition },
    alert: {
      id: alert.id,
      value: alert.value,
      threshold: alert.threshold,
      firedAt: alert.firedAt,
      resolvedAt: alert.resolvedAt,
      taskIds: alert.taskIds,
    },
    detail: alert.detail,
    link: opts.link(alert.id),
  };
  const sent = await send(render(message, d.target, opts.now()), d.target.format, {
    allowedHosts: config.webhookHosts,
    timeoutMs: config.webhookTimeoutMs,
  });
  const at = new Date(opts.now());
  const status = sent.ok ? 'DELIVERED' : d.attempts >= config.deliveryAttempts ? 'FAILED' : 'RETRYING';
  await store.finish(d, {
    status,
    at,
    error: sent.error,
    nextAt: status === 'RETRYING' ? new Date(at.getTime() + backoff(config, d.attempts)) : undefined,
  });
  // The channel by its place in the rule and its format: its URL is never logged.
  log[sent.ok ? 'info' : 'warn'](
    {
      alertId: alert.id,
      event: d.event,
      channel: d.channel,
      format: d.target.format,
      attempts: d.attempts,
      status,
      error: sent.error,
    },
    sent.ok ? 'alerts: message delivered' : `alerts: message not delivered (${sent.error})`,
  );
  opts.publish(alert.id);
}

export function startEvaluator(opts: EvaluatorOptions): Evaluator {
  const { store, config, log } = opts;
  const timeoutMs = config.webhookTimeoutMs;
  // A claim outlives its send: the DNS lookup and the request each get the timeout.
  const leaseMs = 2 * timeoutMs + 5_000;
  let dueTimer: NodeJS.Timeout | undefined;
  let delivering: Promise<void> | undefined;
  let again = false;

  async function evaluate(rule: RuleRow, now: number): Promise<void> {
    const m = rule.enabled ? await measure(rule, { store, quota: opts.quota, now }) : PAUSED;
    log.debug({ ruleId: rule.id, holds: m.holds, value: m.value, threshold: m.threshold }, 'alerts: rule measured');
    const settled = await store.settle(rule, m, new Date(now), { quiet: !rule.enabled });
    const changed = settled.fired ?? settled.resolved;
    if (!changed) return;
    log.info(
      { ruleId: rule.id, alertId: changed.id, state: changed.state, value: m.value, threshold: m.threshold },
      settled.fired ? `alert fired: ${rule.name}` : `alert resolved: ${rule.name}`,
    );
    opts.publish(changed.id);
  }

  async function evaluateAll(): Promise<void> {
    const now = opts.now();
    const rules = await store.rules();
    const paused = rules.filter((r) => !r.enabled);
    const firingPaused = new Set((await store.firingOf(paused.map((r) => r.id))).map((a) => a.ruleId));
    for (const rule of rules) {
      if (!rule.enabled && !firingPaused.has(rule.id)) continue;
      // One rule's failure (a quota store down, a slow query) leaves the others evaluated.
      await evaluate(rule, now).catch((error: unknown) =>
        log.warn({ err: error, ruleId: rule.id }, 'alerts: a rule could not be evaluated; trying again next time'),
      );
    }
    await store.prune(now - SIGNALS_KEPT_MS);
  }

  /** Sends what is due, claimed batch after batch; a call while it runs makes it look again when done. */
  function deliver(): Promise<void> {
    if (delivering) {
      again = true;
      return delivering;
    }
    delivering = (async () => {
      for (;;) {
        again = false;
        const due = await store.claimDue(new Date(opts.now()), leaseMs, CLAIM_BATCH);
        await Promise.all(
          due.map((d) =>
            sendOne(opts, d).catch((error: unknown) =>
              log.warn(
                { err: error, alertId: d.alertId },
                'alerts: a delivery could not be recorded; it is retried when its claim runs out',
              ),
            ),
          ),
        );
        if (!leader.running || (!again && due.length < CLAIM_BATCH)) break;
      }
    })()
      .catch((error: unknown) =>
        log.warn({ err: error }, 'alerts: deliveries could not be read; trying again next time'),
      )
      .finally(() => {
        delivering = undefined;
        void scheduleDue();
      });
    return delivering;
  }

  /** A retry due before the next evaluation is sent on time. */
  async function scheduleDue(): Promise<void> {
    if (!leader.running || !leader.leading) return;
    const due = await store.nextDue().catch(() => undefined);
    if (!due || !leader.running) return;
    const delay = Math.max(0, due.getTime() - opts.now());
    if (delay >= config.evalIntervalSeconds * 1000) return;
    clearTimeout(dueTimer);
    dueTimer = setTimeout(() => void deliver(), delay + 50);
    dueTimer.unref();
  }

  const leader = leadEvery({
    db: opts.db,
    lockKey: ALERTS_LOCK,
    intervalMs: config.evalIntervalSeconds * 1000,
    run: async () => {
      await evaluateAll();
      void deliver();
    },
    failed: (error) => log.warn({ err: error }, 'alerts: evaluation failed; trying again at the next interval'),
  });

  return {
    get leading() {
      return leader.leading;
    },
    nextEvaluation: () => leader.next(),
    async close() {
      clearTimeout(dueTimer);
      // Sends still running are left to their claims: the next evaluator retries them once those run out.
      await leader.close(2_000, delivering);
    },
  };
}
