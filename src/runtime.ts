// Config → Redis, quota, cache, upstream scheduler and client, history, idempotency, live push events: everything
// but HTTP, so the gateway and a background worker build the same thing.
import { Redis } from 'ioredis';
import { Gauge } from 'prom-client';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createMemoryCache } from './cache/index.js';
import { createRedisCache } from './cache/redis.js';
import {
  createIdempotency,
  createMemoryIdempotencyStore,
  type Idempotency,
  type IdempotencyStore,
} from './idempotency/index.js';
import { createDatabaseIdempotencyStore } from './idempotency/database.js';
import { createLayeredIdempotencyStore } from './idempotency/layered.js';
import { createRedisIdempotencyStore } from './idempotency/redis.js';
import { createLive, type Live } from './events/index.js';
import { openFromConfig, type OpenDb } from './history/db.js';
import { createDays } from './history/days.js';
import { createHistory, type DatabaseState, type History } from './history/index.js';
import { closeInOrder } from './process/closing.js';
import { createRecipients, type Recipients } from './recipients/index.js';
import { createAlerts, type Alerts } from './alerts/index.js';
import { refusingBeyondRetention } from './history/retention.js';
import { createMetrics, type Metrics } from './telemetry/metrics.js';
import { createUpstreamClient, type UpstreamClient } from './upstream/client.js';
import { createPushApi, type PushApi } from './upstream/index.js';
import { createDailyQuota, createMemoryDailyQuotaStore, type DailyQuota } from './upstream/daily-quota.js';
import { createRedisDailyQuotaStore } from './upstream/daily-quota-redis.js';
import type { Lane } from './upstream/scheduler/index.js';
import { createMemoryQuota } from './upstream/scheduler/quota.js';
import { createRedisQuota } from './upstream/scheduler/quota-redis.js';

export interface RuntimeOptions {
  config: Config;
  /** The upstream's origin: the region's domain, TIM_BASE_URL or the embedded emulator. */
  baseUrl: string;
  sign: () => string;
  log: Logger;
  metrics?: Metrics;
  /** How the history database is opened (default: DATABASE_URL or PGlite in DATA_DIR) and its clock. */
  history?: { open?: OpenDb; now?: () => number };
}

export interface Readiness {
  /** Redis and the upstream: a replica without them cannot serve. */
  ready: boolean;
  redis: 'ok' | 'down' | 'not used';
  upstream: 'ok' | 'unreachable';
  /** Reported, never making the replica unready: only the history fields need it. */
  history: DatabaseState | 'off';
}

export interface Runtime {
  config: Config;
  metrics: Metrics;
  upstream: UpstreamClient;
  idempotency: Idempotency;
  /** The daily cap of all-user, tag and attribute pushes, counted by every replica together. */
  dailyQuota: DailyQuota;
  /** Push callbacks in, live counters and subscriptions out. */
  live: Live;
  /** The shared Redis, when REDIS_URL is set (other stores of the process may live there too). */
  redis: Redis | undefined;
  /** Daily records (src/history/); undefined with HISTORY_ENABLED=false. */
  history: History | undefined;
  /** Every recipient's outcome from the callbacks, in the history database; undefined without history. */
  recipients: Recipients | undefined;
  /** Alert rules, their alerts and deliveries, in the history database; undefined without history. */
  alerts: Alerts | undefined;
  /**
   * The push APIs for one requester. GraphQL requests are `interactive`; a collector's work is `background`
   * and only gets the quota slots no interactive request asked for. `signal`: the requester went away, and
   * the reads only it waited for leave the quota queue.
   */
  pushApi(lane?: Lane, signal?: AbortSignal): PushApi;
  /** Redis, the upstream and the history database, each check bounded by READYZ_TIMEOUT_MS. */
  readiness(): Promise<Readiness>;
  /** Closes every part by `deadline` (epoch ms); resolves with the names of those that did not close. */
  close(deadline?: number): Promise<string[]>;
}

async function connectRedis(url: string, timeoutMs: number): Promise<Redis> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 5_000,
    // A stalled Redis fails each command after this long instead of hanging every request behind it.
    commandTimeout: timeoutMs,
    maxRetriesPerRequest: 1,
    // While disconnected, commands fail at once rather than queue: a field fails fast and says why.
    enableOfflineQueue: false,
  });
  // ioredis rejects connect() with "Connection is closed."; the socket's own error says why.
  let cause: (Error & { code?: string }) | undefined;
  redis.on('error', (error: Error & { code?: string }) => (cause ??= error));
  try {
    await redis.connect();
    return redis;
  } catch (error) {
    redis.disconnect();
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new Error(`REDIS_URL: cannot connect to Redis (${reason})`, { cause: error });
  }
}

/**
 * Where idempotency keys live: the history database keeps them when there is one, so that neither a Redis
 * restarted empty nor a restarted gateway lets a repeat push again; Redis, when set, answers first. Without
 * history (HISTORY_ENABLED=false), Redis, or this process's memory (forgotten when it restarts).
 */
function idempotencyStore(
  redis: IdempotencyStore | undefined,
  history: History | undefined,
  log: Logger,
): IdempotencyStore {
  const record = history && createDatabaseIdempotencyStore(history.claims);
  if (record && redis) return createLayeredIdempotencyStore(redis, record, log.child({ component: 'idempotency' }));
  return record ?? redis ?? createMemoryIdempotencyStore();
}

/** Resolves `fallback` if `check` has not answered within `ms`. */
function within<T>(check: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)));
  return Promise.race([check, late]).finally(() => clearTimeout(timer));
}

/** The upstream client: the quota and the cache shared through Redis when there is one. */
function upstreamOf(
  config: Config,
  {
    baseUrl,
    sign,
    redis,
    metrics,
    log,
  }: Pick<RuntimeOptions, 'baseUrl' | 'sign' | 'log'> & {
    redis: Redis | undefined;
    metrics: Metrics;
  },
): UpstreamClient {
  return createUpstreamClient({
    baseUrl,
    sdkAppId: config.sdkAppId,
    identifier: config.identifier,
    sign,
    quota: redis ? createRedisQuota(redis, config.redisPrefix) : createMemoryQuota(),
    cache: redis ? createRedisCache(redis, config.redisPrefix) : createMemoryCache(config.cacheMaxBytes),
    keyPrefix: `${config.sdkAppId}:`,
    rates: config.rates,
    marginMs: config.quotaMarginMs,
    deadlineMs: config.quotaDeadlineMs,
    coalesceMs: config.coalesceMs,
    timeoutMs: config.timeoutMs,
    maxAttempts: config.maxAttempts,
    breaker: { threshold: config.breakerThreshold, halfOpenAfterMs: config.breakerHalfOpenMs },
    ttl: config.cacheTtlMs,
    decode: { utcOffsetMinutes: config.utcOffsetMinutes },
    metrics,
    log: log.child({ component: 'upstream' }),
  });
}

/** Redis, the upstream and the history database, each check bounded by `timeout`. */
async function readinessOf(
  timeout: number,
  { redis, upstream, history }: Pick<Runtime, 'redis' | 'upstream' | 'history'>,
): Promise<Readiness> {
  const pinged = (client: Redis) =>
    client.ping().then(
      () => true,
      () => false,
    );
  const [redisOk, upstreamOk, historyState] = await Promise.all([
    redis ? within(pinged(redis), timeout, false) : Promise.resolve(true),
    within(upstream.reachable(), timeout, false),
    history ? history.check(timeout) : ('off' as const),
  ]);
  return {
    ready: redisOk && upstreamOk,
    redis: redis ? (redisOk ? 'ok' : 'down') : 'not used',
    upstream: upstreamOk ? 'ok' : 'unreachable',
    history: historyState,
  };
}

/** Every part closed in order by `deadline` (epoch ms): the names of those that did not close. */
function closeAll(
  { upstream, alerts, history, live, redis }: Pick<Runtime, 'upstream' | 'alerts' | 'history' | 'live' | 'redis'>,
  deadline: number,
  log: Logger,
): Promise<string[]> {
  return closeInOrder(
    [
      { name: 'the upstream client', close: () => upstream.close() },
      { name: 'the alert evaluator', close: () => alerts?.close() },
      { name: 'the history database', close: () => history?.close() },
      { name: 'the live event subscriptions', close: () => live.close() },
      // QUIT waits for Redis to answer; a Redis that does not is disconnected.
      {
        name: 'Redis',
        close: () =>
          redis &&
          within(
            redis.quit().catch(() => 'failed'),
            1_000,
            'late',
          ).then(() => redis.disconnect()),
      },
    ],
    deadline,
    log,
  );
}

export async function createRuntime({
  config,
  baseUrl,
  sign,
  log,
  metrics,
  history: historyOptions,
}: RuntimeOptions): Promise<Runtime> {
  const m = metrics ?? createMetrics({ defaults: true });
  // First, as it takes the longest (PGlite opens on a thread of its own): opened meanwhile, not after the rest.
  const opening = config.history.enabled ? (historyOptions?.open ?? openFromConfig(config.history))() : undefined;
  opening?.catch(() => undefined); // reported by the history once it is created
  const redis = config.redisUrl
    ? await connectRedis(config.redisUrl, config.redisTimeoutMs).catch((error: unknown) => {
        void opening?.then((db) => db.close()).catch(() => undefined);
        throw error;
      })
    : undefined;
  redis?.on('error', (error: Error & { code?: string }) =>
    log.warn({ code: error.code }, 'Redis connection error; ioredis reconnects'),
  );
  const upstream = upstreamOf(config, { baseUrl, sign, redis, metrics: m, log });
  const dailyQuota = createDailyQuota({
    store: redis
      ? createRedisDailyQuotaStore(redis, `${config.redisPrefix}${config.sdkAppId}:`)
      : createMemoryDailyQuotaStore(),
    dailyLimit: config.pushDailyLimit,
    utcOffsetMinutes: config.utcOffsetMinutes,
    log: log.child({ component: 'daily-quota' }),
  });
  const apiOptions = { dailyQuota, sdkAppId: config.sdkAppId };
  const live = await createLive({
    ttlMs: config.live.ttlMs,
    dedupeTtlMs: config.live.dedupeTtlMs,
    redis: redis && { client: redis, url: config.redisUrl!, prefix: `${config.redisPrefix}${config.sdkAppId}:` },
    log: log.child({ component: 'live' }),
  });

  // Opened in the background: the gateway answers everything else meanwhile.
  const history = opening
    ? createHistory({
        config: config.history,
        utcOffsetMinutes: config.utcOffsetMinutes,
        upstreamRetention: config.upstreamRetention,
        opening,
        // The collector's calls wait for slots no interactive request wants, up to one visit's interval.
        background: () =>
          createPushApi(
            upstream.session('background', {
              deadlineMs: Math.max(config.quotaDeadlineMs, config.history.collectIntervalSeconds * 1000),
            }),
            apiOptions,
          ),
        log: log.child({ component: 'history' }),
        now: historyOptions?.now,
      })
    : undefined;
  const idempotency = createIdempotency({
    store: idempotencyStore(
      redis && createRedisIdempotencyStore(redis, `${config.redisPrefix}${config.sdkAppId}:`),
      history,
      log,
    ),
    ttlMs: config.idempotencyTtlMs,
    // A push waits at most the quota deadline for its slot, then the upstream timeout for its answer.
    leaseMs: config.quotaDeadlineMs + config.timeoutMs + 5_000,
    log: log.child({ component: 'idempotency' }),
  });

  const alerts = history
    ? createAlerts({
        config: config.alerts,
        history,
        dailyQuota,
        live,
        dashboardUrl: config.alerts.dashboardUrl ?? `http://localhost:${config.port}`,
        log: log.child({ component: 'alerts' }),
      })
    : undefined;
  const recipients = history
    ? createRecipients({
        history,
        retentionDays: config.history.recipientRetentionDays,
        log: log.child({ component: 'recipients' }),
        alsoKeep: alerts && ((tx, changes, now) => alerts.keepSignals(tx, changes, now)),
      })
    : undefined;
  if (recipients) history!.alsoPrune(() => recipients.prune());
  if (alerts) history!.alsoPrune(() => alerts.prune(config.history.retentionDays));

  if (history) {
    new Gauge({
      name: 'timpush_history_database_up',
      help: 'Whether the history database answered its last query or check (1), or is opening, slow or unreachable (0)',
      registers: [m.registry],
      collect() {
        this.set(history.state === 'ok' ? 1 : 0);
      },
    });
  }

  const days = createDays(config.utcOffsetMinutes);
  return {
    config,
    metrics: m,
    upstream,
    idempotency,
    dailyQuota,
    live,
    redis,
    history,
    recipients,
    alerts,
    pushApi: (lane = 'interactive', signal) => {
      const api = createPushApi(upstream.session(lane, { signal }), apiOptions);
      if (history) return history.wrap(api);
      return config.upstreamRetention ? refusingBeyondRetention(api, days, historyOptions?.now ?? Date.now) : api;
    },
    readiness: () => readinessOf(config.readyTimeoutMs, { redis, upstream, history }),
    close: (deadline = Date.now() + 5_000) => closeAll({ upstream, alerts, history, live, redis }, deadline, log),
  };
}
