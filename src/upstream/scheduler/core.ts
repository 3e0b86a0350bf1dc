// What the scheduler's parts share: its options, the intents (one per distinct read or write, waiting or in
// flight), and each API's waiting room.
import type { Context } from '@opentelemetry/api';
import type { Logger } from 'pino';
import type { Cache } from '../../cache/index.js';
import type { Metrics } from '../../telemetry/metrics.js';
import type { DecodeOptions } from '../decode.js';
import { UpstreamUnavailableError } from '../errors.js';
import type { Resilience } from '../resilience.js';
import type { Transport } from '../transport.js';
import type { Api } from '../wire.js';
import type { CacheTtls, ReadApi, WriteApi } from '../apis/types.js';
import { createFairQueue, type FairQueue, type Queued } from './queue.js';
import type { Quota } from './quota.js';

export interface SchedulerOptions {
  transport: Transport;
  resilience: Resilience;
  quota: Quota;
  cache: Cache;
  /** Namespaces quota and cache keys, e.g. per SDKAppID. */
  keyPrefix: string;
  /** Calls per second allowed per API. */
  rates: Record<Api, number>;
  /** Added to every slot's spacing so calls still arrive ≥ 1/rate apart after network jitter. */
  marginMs: number;
  /** An intent that cannot get a quota slot within this fails with RATE_LIMITED. */
  deadlineMs: number;
  /** How long a batchable call waits, from its first intent, for more to share it when its slot is free at once. */
  coalesceMs: number;
  /** Bounds the cross-replica fill lock: the longest a call can take, retries included. */
  callBudgetMs: number;
  ttl: CacheTtls;
  decode: DecodeOptions;
  metrics: Metrics;
  log: Logger;
}

export type Described = ReadApi<unknown, unknown> | WriteApi<unknown, unknown>;

/** One distinct intent waiting or in flight in this process; every request asking the same shares it. */
export interface Entry extends Queued {
  api: Api;
  desc: Described;
  key: unknown;
  /** The cache key for reads; unique for writes. */
  id: string;
  ttlMs: number;
  attempts: number;
  enqueuedAt: number;
  /** The same instant on the monotonic clock the quota wait is measured on. */
  enqueuedAtPerf: number;
  /** The latest deadline of the requests waiting for it. */
  deadline: number;
  /** The requesters waiting for it (their owner numbers); none left: nobody wants its answer any more. */
  waiters: Set<number>;
  queued: boolean;
  locked: boolean;
  timer?: NodeJS.Timeout;
  /** The tracing context of the request that asked first: its call's attempt spans are children of its span. */
  trace: Context;
  /** A read resolves with its key's part of the answer (what the cache keeps); a write with its result. */
  resolve(value: unknown): void;
  reject(error: unknown): void;
  promise: Promise<unknown>;
}

export interface ApiState {
  queue: FairQueue<Entry>;
  pumping: boolean;
  /** The earliest this process can expect its next slot (local clock). */
  nextSlotAt: number;
}

/** The scheduler's shared state: what every part reads and changes. */
export interface Core {
  opts: SchedulerOptions;
  /** Each API's waiting room, made on first use. */
  stateOf(api: Api): ApiState;
  readonly apis: Iterable<Api>;
  /** The distinct intents waiting or in flight, by id. */
  entries: Map<string, Entry>;
  closed: boolean;
  /** The spacing of an API's slots. */
  intervalOf(api: Api): number;
  /** An API's key in the quota store. */
  quotaKey(api: Api): string;
  /** Reports how many intents wait for an API's slots. */
  depth(api: Api): void;
}

export function createCore(opts: SchedulerOptions): Core {
  const states = new Map<Api, ApiState>();
  const stateOf = (api: Api): ApiState => {
    let state = states.get(api);
    if (!state) states.set(api, (state = { queue: createFairQueue<Entry>(), pumping: false, nextSlotAt: 0 }));
    return state;
  };
  return {
    opts,
    stateOf,
    get apis() {
      return states.keys();
    },
    entries: new Map(),
    closed: false,
    intervalOf: (api) => 1000 / opts.rates[api] + opts.marginMs,
    quotaKey: (api) => `${opts.keyPrefix}${api}`,
    depth: (api) => opts.metrics.quotaQueue.set({ api }, stateOf(api).queue.size),
  };
}

/**
 * The quota and cache stores (Redis when shared) failing is not the upstream's fault, but no call can be made
 * safely without them: the field fails at once, saying why.
 */
export async function needStore<T>(api: Api, store: 'quota' | 'cache', op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (error) {
    const reason = /timed? ?out/i.test((error as Error).message) ? ' (timed out)' : '';
    throw new UpstreamUnavailableError(api, `the shared ${store} store (Redis) is unreachable${reason}`);
  }
}

/** What an intent nobody waits for any more ends with; no client reads it, it only ends the resolver. */
export const abandoned = (api: Api) => new UpstreamUnavailableError(api, 'the request was cancelled');
