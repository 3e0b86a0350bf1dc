// The one door to Tencent. From the outside in, a read goes through the cache (one flight per key, across
// replicas), the API's circuit breaker, retries of transient failures, a quota slot for each attempt, then a
// fresh signature and the HTTP call; a write skips the cache and the retries.
import { randomInt } from 'node:crypto';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  ExponentialBackoff,
  circuitBreaker,
  handleWhen,
  retry,
  wrap,
  type IPolicy,
} from 'cockatiel';
import type { Logger } from 'pino';
import type { Cache } from '../cache/index.js';
import type { Quota } from '../quota/index.js';
import { traced, type Span } from '../traced.js';
import type { Metrics } from '../metrics.js';
import { FREQUENCY_LIMIT_CODE } from './codes.js';
import { isObject, type Json } from './decode.js';
import { RateLimitedError, UpstreamError, UpstreamUnavailableError, isTransient } from './errors.js';
import { APIS, LIMITS, apiPath, type Api } from './wire.js';

export interface CacheTtls {
  /** Both trace APIs. */
  traceMs: number;
  /** Loss windows still open, or closed less than an hour ago. */
  lossMs: number;
  /** Loss windows that ended more than an hour ago: their figures no longer move. */
  settledLossMs: number;
}

export interface UpstreamOptions {
  baseUrl: string;
  sdkAppId: number;
  identifier: string;
  sign: () => string;
  quota: Quota;
  cache: Cache;
  /** Namespaces quota and cache keys, e.g. per SDKAppID. */
  keyPrefix: string;
  /** Calls per second allowed per API. */
  rates: Record<Api, number>;
  /** Added to every slot's spacing so calls still arrive ≥ 1/rate apart after network jitter. */
  marginMs: number;
  /** A call that cannot get a quota slot within this fails with RATE_LIMITED. */
  deadlineMs: number;
  timeoutMs: number;
  /** Attempts per call, the first included; each attempt takes its own quota slot. */
  maxAttempts: number;
  /** Consecutive failures that open an API's breaker, and how long it stays open. */
  breaker: { threshold: number; halfOpenAfterMs: number };
  ttl: CacheTtls;
  metrics: Metrics;
  log: Logger;
}

export interface UpstreamClient {
  /** A read: cached, single-flight, retried when transient. */
  read(api: Api, body: Json): Promise<Json>;
  /** A write: paced and guarded but never cached nor retried (a retry could push twice). */
  write(api: Api, body: Json): Promise<Json>;
  /** A cheap reachability probe for readiness: a TCP connection to the upstream, no request. */
  reachable(): Promise<boolean>;
  close(): Promise<void>;
}

/** undici and socket error codes raised before a connection existed: the request cannot have left. */
const NEVER_SENT: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);

/**
 * The quota and cache stores (Redis when shared) failing is not the upstream's fault, but no call can be made
 * safely without them: the field fails at once, saying why, rather than as an unexpected error.
 */
async function needStore<T>(api: Api, store: 'quota' | 'cache', op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch {
    throw new UpstreamUnavailableError(api, `the shared ${store} store (Redis) is unreachable`);
  }
}

export function createUpstreamClient(opts: UpstreamOptions): UpstreamClient {
  const { quota, cache, metrics, log } = opts;
  const origin = new URL(opts.baseUrl).origin;
  const pool = new Pool(origin, {
    connections: 32,
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
    connect: { timeout: Math.min(opts.timeoutMs, 5_000) },
    // Real answers are a few KB; a runaway one must not take the process's memory with it.
    maxResponseSize: 4 * 1024 * 1024,
  });
  const inflight = new Map<string, Promise<Json>>();
  const guards = new Map(APIS.map((api) => [api, createGuards(opts)]));

  function attempt(api: Api, body: Json, n: number): Promise<Json> {
    return traced(`upstream ${api} attempt`, { 'timpush.upstream.api': api, 'timpush.upstream.attempt': n }, (span) =>
      attemptOnce(api, body, span),
    );
  }

  async function attemptOnce(api: Api, body: Json, span: Span): Promise<Json> {
    span.setAttribute('timpush.upstream.quota_wait_ms', await takeSlot(api));
    const query = new URLSearchParams({
      sdkappid: String(opts.sdkAppId),
      identifier: opts.identifier,
      usersig: opts.sign(),
      random: String(randomInt(0, LIMITS.maxUInt32)),
      contenttype: 'json',
    });
    const stopTimer = metrics.upstreamLatency.startTimer({ api });
    let outcome = 'unavailable';
    try {
      const answer = await post(`${apiPath(api)}?${query}`, body, api);
      if (answer.ActionStatus !== 'OK') {
        outcome = 'upstream_error';
        const code = typeof answer.ErrorCode === 'number' ? answer.ErrorCode : -1;
        throw new UpstreamError(api, code, typeof answer.ErrorInfo === 'string' ? answer.ErrorInfo : '');
      }
      outcome = 'ok';
      return answer;
    } finally {
      stopTimer();
      metrics.upstreamCalls.inc({ api, outcome });
      span.setAttribute('timpush.upstream.outcome', outcome);
    }
  }

  async function post(path: string, body: Json, api: Api): Promise<Json> {
    // From here on the request may reach the upstream: a write that ends without an answer has an unknown outcome.
    const attemptedAt = new Date();
    let status: number;
    let text: string;
    try {
      const res = await pool.request({
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (error) {
      // Only the error's code or name: undici messages could carry the path, which holds the usersig.
      const e = error as { code?: unknown; name?: string };
      const reason = typeof e.code === 'string' ? e.code : (e.name ?? 'network error');
      // Only a connection that was never made surely carried nothing; anything later may have delivered it.
      throw new UpstreamUnavailableError(api, reason, NEVER_SENT.has(reason) ? undefined : attemptedAt);
    }
    // Something answered: the request reached at least a proxy in front of the upstream.
    if (status !== 200) throw new UpstreamUnavailableError(api, `HTTP ${status}`, attemptedAt);
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      throw new UpstreamUnavailableError(api, 'the answer is not JSON', attemptedAt);
    }
    if (!isObject(answer) || typeof answer.ActionStatus !== 'string') {
      throw new UpstreamUnavailableError(api, 'the answer is not the push API protocol', attemptedAt);
    }
    return answer;
  }

  /** Waits for the API's quota slot; says how long it waited (ms). */
  async function takeSlot(api: Api): Promise<number> {
    const key = `${opts.keyPrefix}${api}`;
    const interval = 1000 / opts.rates[api] + opts.marginMs;
    const wait = await needStore(api, 'quota', () => quota.reserve(key, interval, opts.deadlineMs));
    if (wait === null) {
      metrics.rateLimited.inc({ api });
      throw new RateLimitedError(api, opts.deadlineMs);
    }
    metrics.quotaQueue.inc({ api });
    try {
      if (wait > 0) await sleep(wait);
      // The planned slot has come; make sure the last call actually sent is far enough behind too.
      const late = await needStore(api, 'quota', () => quota.dispatch(key, interval));
      if (late > 0) await sleep(late);
      metrics.quotaWait.observe({ api }, (wait + late) / 1000);
      return wait + late;
    } finally {
      metrics.quotaQueue.dec({ api });
    }
  }

  async function guarded(api: Api, body: Json, retryable: boolean): Promise<Json> {
    const { once, retried } = guards.get(api)!;
    try {
      return await (retryable ? retried : once).execute((context) =>
        attempt(api, body, 'attempt' in context && typeof context.attempt === 'number' ? context.attempt + 1 : 1),
      );
    } catch (error) {
      if (error instanceof BrokenCircuitError) {
        throw new UpstreamUnavailableError(api, 'failing repeatedly; calls are paused for a moment (circuit open)');
      }
      throw error;
    }
  }

  function ttlOf(api: Api, body: Json): number {
    if (api === 'batch') return 0;
    if (api.endsWith('_trace')) return opts.ttl.traceMs;
    const end = typeof body.EndTime === 'number' ? body.EndTime * 1000 : Date.now();
    return end < Date.now() - 3_600_000 ? opts.ttl.settledLossMs : opts.ttl.lossMs;
  }

  async function fill(key: string, api: Api, body: Json, ttlMs: number): Promise<Json> {
    const lockMs = opts.deadlineMs + opts.timeoutMs * opts.maxAttempts;
    const giveUpAt = Date.now() + lockMs;
    // Across replicas: one takes the fill lock and calls; the others wait for its answer in the cache.
    while (!(await needStore(api, 'cache', () => cache.lock(key, lockMs)))) {
      await sleep(25);
      const filled = (await needStore(api, 'cache', () => cache.get(key))) as Json | undefined;
      if (filled !== undefined) return filled;
      if (Date.now() > giveUpAt) break;
    }
    try {
      // Another replica may have filled it and let go between our miss and our lock.
      const filled = (await needStore(api, 'cache', () => cache.get(key))) as Json | undefined;
      if (filled !== undefined) return filled;
      const answer = await guarded(api, body, true);
      // The answer is paid for: a cache that cannot keep it costs a later call, not this one.
      await cache.set(key, answer, ttlMs).catch(() => log.warn({ api }, 'could not store an answer in the cache'));
      return answer;
    } finally {
      await cache.unlock(key).catch(() => undefined); // the lock expires by itself
    }
  }

  return {
    read: (api, body) =>
      traced(`upstream ${api}`, { 'timpush.upstream.api': api }, async (span) => {
        const ttlMs = ttlOf(api, body);
        if (ttlMs <= 0) return guarded(api, body, true);
        const key = `${opts.keyPrefix}${api}:${JSON.stringify(body)}`;
        const cached = (await needStore(api, 'cache', () => cache.get(key))) as Json | undefined;
        metrics.cacheLookups.inc({ api, result: cached === undefined ? 'miss' : 'hit' });
        let flight = inflight.get(key);
        span.setAttribute('timpush.upstream.cache', cached !== undefined ? 'hit' : flight ? 'joined' : 'miss');
        if (cached !== undefined) return cached;
        if (!flight) {
          flight = fill(key, api, body, ttlMs).finally(() => inflight.delete(key));
          inflight.set(key, flight);
        }
        return flight;
      }),
    write: (api, body) =>
      traced(`upstream ${api}`, { 'timpush.upstream.api': api, 'timpush.upstream.cache': 'none' }, () =>
        guarded(api, body, false),
      ),
    reachable: () => canConnect(new URL(origin), 2_000),
    async close() {
      await pool.close();
    },
  };
}

/**
 * Per API: a circuit breaker (`once`, for writes) and the same breaker around retries of transient failures
 * with exponential backoff and jitter (`retried`, for reads).
 */
function createGuards(o: UpstreamOptions): { once: IPolicy; retried: IPolicy } {
  const retrying = retry(handleWhen(isTransient), {
    maxAttempts: o.maxAttempts - 1,
    backoff: new ExponentialBackoff({ initialDelay: 200, maxDelay: 5_000 }),
  });
  retrying.onRetry((reason) => {
    const error = 'error' in reason ? reason.error : undefined;
    o.log.warn({ err: error?.message, delayMs: Math.round(reason.delay) }, 'retrying a transient upstream failure');
  });
  // A frequency-limit answer says we are too fast, not that the upstream is down.
  const breaks = (e: Error) => isTransient(e) && !(e instanceof UpstreamError && e.errorCode === FREQUENCY_LIMIT_CODE);
  const breaker = circuitBreaker(handleWhen(breaks), {
    halfOpenAfter: o.breaker.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(o.breaker.threshold),
  });
  return { once: breaker, retried: wrap(breaker, retrying) };
}

function canConnect(url: URL, timeoutMs: number): Promise<boolean> {
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port, timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
