// The one door to Tencent: the transport (signed undici calls), the resilience policy (breaker, retries) and the
// scheduler (quota slots, coalescing, per-key cache) put together. Callers open a session per requester.
import type { Logger } from 'pino';
import type { Cache } from '../cache/index.js';
import type { Metrics } from '../metrics.js';
import type { CacheTtls } from './apis/types.js';
import type { DecodeOptions } from './decode.js';
import { createResilience } from './resilience.js';
import { createScheduler, type Lane, type Session } from './scheduler/index.js';
import type { Quota } from './scheduler/quota.js';
import { createTransport } from './transport.js';
import type { Api } from './wire.js';

export type { CacheTtls } from './apis/types.js';

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
  /** How long a batchable call whose slot is free waits for concurrent requests' intents to join it. */
  coalesceMs: number;
  timeoutMs: number;
  /** Attempts per read, the first included; each attempt takes its own quota slot. */
  maxAttempts: number;
  /** Consecutive failures that open an API's breaker, and how long it stays open. */
  breaker: { threshold: number; halfOpenAfterMs: number };
  ttl: CacheTtls;
  decode: DecodeOptions;
  metrics: Metrics;
  log: Logger;
}

export interface UpstreamClient {
  /** A requester's handle: its reads and writes take turns with other requesters' in `lane`. */
  session(lane?: Lane, opts?: { deadlineMs?: number }): Session;
  /** A cheap reachability probe for readiness: a TCP connection to the upstream, no request. */
  reachable(): Promise<boolean>;
  close(): Promise<void>;
}

export function createUpstreamClient(opts: UpstreamOptions): UpstreamClient {
  const transport = createTransport(opts);
  const scheduler = createScheduler({
    ...opts,
    transport,
    resilience: createResilience(opts),
    callBudgetMs: opts.deadlineMs + opts.timeoutMs * opts.maxAttempts,
  });
  return {
    session: (lane, sessionOpts) => scheduler.session(lane, sessionOpts),
    reachable: () => transport.reachable(),
    async close() {
      scheduler.close();
      await transport.close();
    },
  };
}
