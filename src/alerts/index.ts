// Alerts: rules over what the callbacks and the daily quota show, kept in the history database with their alerts
// and deliveries; one evaluator among the replicas (an advisory lock) fires and resolves them and sends each
// message once per channel; every replica's subscribers hear of the changes. The signals the rules read are
// written by the recipients' ingest transaction (keepSignals).
import type { Logger } from 'pino';
import type { AlertsConfig } from '../config.js';
import type { Live } from '../events/index.js';
import type { HistoryDb } from '../history/engine.js';
import type { History } from '../history/index.js';
import type { DailyQuota } from '../upstream/daily-quota.js';
import { startEvaluator, type Evaluator } from './evaluator.js';
import type { DeviceChange } from '../recipients/model.js';
import { keepSignals } from './signals.js';
import { createAlertStore, type AlertStore } from './store.js';
import { checkTarget, type Checked } from './webhook.js';

export type { AlertCursor, AlertRow, AlertStore, DeliveryRow, RuleInput, RuleRow } from './store.js';
export * from './model.js';

/** The topic of alert changes among the live notices. */
const TOPIC = 'alerts';

export interface Alerts {
  /** The store, once the database is open; bounded and failing like the history's (HistoryUnavailableError). */
  store(waitMs?: number): Promise<AlertStore>;
  /** Whether a webhook URL may be called (checked when a rule is written, and at each send). */
  checkUrl(url: string): Promise<Checked>;
  /** The ids of alerts as they change (fired, resolved, a delivery's outcome), on any replica. */
  changes(): AsyncIterable<string>;
  /** The evaluator, once the database is open (running on every replica, leading on one). */
  readonly evaluator: Evaluator | undefined;
  /** Drops the alerts resolved more than `days` ago (at the collector's visits, HISTORY_RETENTION_DAYS). */
  prune(days: number): Promise<number>;
  /** Writes the alerts' signals of the recipients' changes in their ingest transaction. */
  keepSignals(tx: Parameters<typeof keepSignals>[0], changes: DeviceChange[], now: number): Promise<void>;
  close(): Promise<void>;
}

export interface AlertsOptions {
  config: AlertsConfig;
  history: History;
  dailyQuota: DailyQuota;
  live: Live;
  /** Where the dashboard is, for links in messages: ALERT_DASHBOARD_URL or the gateway's own address. */
  dashboardUrl: string;
  log: Logger;
}

export function createAlerts({ config, history, dailyQuota, live, dashboardUrl, log }: AlertsOptions): Alerts {
  // The raw database is kept from the store's making: the evaluator's lock needs it.
  let db: HistoryDb | undefined;
  const store = history.over((open) => ((db = open), createAlertStore(open)));
  let evaluator: Evaluator | undefined;
  let closed = false;

  const started = history.ready.then(async () => {
    const s = await store();
    if (closed || !db) return;
    evaluator = startEvaluator({
      db,
      store: s,
      quota: () => dailyQuota.status(),
      config,
      link: (id) => `${dashboardUrl}/alerts?alert=${encodeURIComponent(id)}`,
      publish: (id) => live.announce(TOPIC, id),
      now: () => history.now(),
      log,
    });
  });
  started.catch(() => undefined); // the history logged why it could not open

  return {
    store,
    checkUrl: (url) => checkTarget(url, config.webhookHosts, config.webhookTimeoutMs),
    changes: () => live.notices(TOPIC),
    get evaluator() {
      return evaluator;
    },
    keepSignals,
    prune: async (days) => (await store()).pruneResolved(history.now() - days * 86_400_000),
    async close() {
      // A database still opening starts no evaluator once this is closed.
      closed = true;
      await evaluator?.close();
    },
  };
}
