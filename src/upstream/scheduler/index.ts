// The one upstream scheduler: every read waits for its API's quota slot as an intent (API + key), not as a
// finished request body. When the slot comes, the call carries every waiting intent that fits the API's batch
// form, from any request; identical intents are one call; answers are kept per key. Requests take turns within
// an API's queue, interactive ones before background work. An intent nobody waits for any more (its requests
// went away) leaves the queue unsent.
import { context, type Context } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { Cache } from '../../cache/index.js';
import type { Metrics } from '../../metrics.js';
import type { DecodeOptions } from '../decode.js';
import { RateLimitedError, UpstreamError, UpstreamUnavailableError } from '../errors.js';
import { isCircuitOpen, type Resilience } from '../resilience.js';
import { traced } from '../../traced.js';
import type { Transport } from '../transport.js';
import type { Api } from '../wire.js';
import type { DataSource } from '../model.js';
import { callsFor, type CacheTtls, type Json, type ReadApi, type WriteApi } from '../apis/types.js';
import { createFairQueue, type FairQueue, type Lane, type Queued } from './queue.js';
import type { Quota } from './quota.js';

export type { Lane } from './queue.js';

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

/** One requester: a GraphQL request, or a background job. Its intents take turns with other requesters'. */
export interface Session {
  read<K, V>(api: ReadApi<K, V>, key: K): Promise<V>;
  write<I, O>(api: WriteApi<I, O>, input: I): Promise<O>;
}

export interface SessionOptions {
  deadlineMs?: number;
  /**
   * Aborts when the requester goes away (a client that disconnects): the reads only it waits for leave the
   * queue unsent; one another requester also waits for stays, and so does a call already sent. Writes are left
   * alone: a push is the client's decision, and its idempotency key already holds it.
   */
  signal?: AbortSignal;
}

export interface Scheduler {
  session(lane?: Lane, opts?: SessionOptions): Session;
  close(): void;
}

type Described = ReadApi<unknown, unknown> | WriteApi<unknown, unknown>;

/** One distinct intent waiting or in flight in this process; every request asking the same shares it. */
interface Entry extends Queued {
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

interface ApiState {
  queue: FairQueue<Entry>;
  pumping: boolean;
  /** The earliest this process can expect its next slot (local clock). */
  nextSlotAt: number;
}

/**
 * The quota and cache stores (Redis when shared) failing is not the upstream's fault, but no call can be made
 * safely without them: the field fails at once, saying why.
 */
async function needStore<T>(api: Api, store: 'quota' | 'cache', op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (error) {
    const reason = /timed? ?out/i.test((error as Error).message) ? ' (timed out)' : '';
    throw new UpstreamUnavailableError(api, `the shared ${store} store (Redis) is unreachable${reason}`);
  }
}

/** What an intent nobody waits for any more ends with; no client reads it, it only ends the resolver. */
const abandoned = (api: Api) => new UpstreamUnavailableError(api, 'the request was cancelled');
/** Figures (statistics, loss) answered from the cache say so in their `source`. */
function fromCache<V>(value: V): V {
  if (typeof value === 'object' && value !== null && !Array.isArray(value))
    return { ...value, origin: 'CACHE' satisfies DataSource };
  return value;
}

/**
 * What a cached answer decodes to, kept with it: the memory cache hands every request the same answer object
 * until it expires, so it is decoded once, not once per request, and every request reads the same decoded value
 * (shared, so never changed by its readers). An answer read from Redis is a new object each time and is decoded
 * each time. Keyed by the cache id as well: one answer object is only ever the part of one key.
 */
const decodedByAnswer = new WeakMap<object, { id: string; value: unknown }>();
function decodeCached<K, V>(desc: ReadApi<K, V>, cached: Json, id: string, key: K, opts: DecodeOptions): V {
  if (typeof cached !== 'object' || cached === null) return fromCache(desc.decode(cached, key, opts));
  const kept = decodedByAnswer.get(cached);
  if (kept?.id === id) return kept.value as V;
  const value = fromCache(desc.decode(cached, key, opts));
  decodedByAnswer.set(cached, { id, value });
  return value;
}

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const { quota, cache, transport, resilience, metrics, log } = opts;
  const states = new Map<Api, ApiState>();
  const entries = new Map<string, Entry>();
  let owners = 0;
  let closed = false;

  const stateOf = (api: Api): ApiState => {
    let state = states.get(api);
    if (!state) states.set(api, (state = { queue: createFairQueue<Entry>(), pumping: false, nextSlotAt: 0 }));
    return state;
  };
  const intervalOf = (api: Api) => 1000 / opts.rates[api] + opts.marginMs;
  const quotaKey = (api: Api) => `${opts.keyPrefix}${api}`;
  const depth = (api: Api) => metrics.quotaQueue.set({ api }, stateOf(api).queue.size);

  function settle(entry: Entry, outcome: { value: unknown } | { error: unknown }): void {
    if (entries.get(entry.id) === entry) entries.delete(entry.id);
    clearTimeout(entry.timer);
    if (entry.queued) {
      stateOf(entry.api).queue.remove(entry);
      entry.queued = false;
      depth(entry.api);
    }
    if (entry.locked) void cache.unlock(entry.id).catch(() => undefined); // the lock expires by itself
    entry.locked = false;
    if ('value' in outcome) entry.resolve(outcome.value);
    else entry.reject(outcome.error);
  }

  function rateLimited(entry: Entry): void {
    metrics.rateLimited.inc({ api: entry.api });
    settle(entry, { error: new RateLimitedError(entry.api, opts.deadlineMs) });
  }

  /** Fails the intent at its deadline if it is still waiting for a slot then. */
  function armDeadline(entry: Entry): void {
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      if (!entry.queued) return;
      if (Date.now() < entry.deadline) armDeadline(entry);
      else rateLimited(entry);
    }, entry.deadline - Date.now());
  }

  function enqueue(entry: Entry, front = false): void {
    if (closed)
      return settle(entry, { error: new UpstreamUnavailableError(entry.api, 'the gateway is shutting down') });
    // Everyone who asked went away while it looked in the shared cache or waited to retry.
    if (entry.waiters.size === 0) return settle(entry, { error: abandoned(entry.api) });
    const state = stateOf(entry.api);
    state.queue.push(entry, front);
    entry.queued = true;
    // However others are served, this requester's own earlier intents go first: if even that cannot fit
    // before the deadline, say so now rather than after waiting for it.
    const ahead = state.queue.ahead(entry);
    const { desc } = entry;
    const callsBefore =
      desc.kind === 'read' ? callsFor(desc, [...ahead.map((e) => e.key), entry.key]) - 1 : ahead.length;
    const earliest = Math.max(0, state.nextSlotAt - Date.now()) + callsBefore * intervalOf(entry.api);
    if (earliest > entry.deadline - Date.now()) return rateLimited(entry);
    armDeadline(entry);
    depth(entry.api);
    if (!state.pumping) void pump(entry.api);
  }

  function failQueued(api: Api, error: unknown): void {
    for (const entry of stateOf(api).queue.all()) settle(entry, { error });
  }

  /** Takes the API's slots one after another while intents wait, and sends each call as its slot comes. */
  async function pump(api: Api): Promise<void> {
    const state = stateOf(api);
    state.pumping = true;
    const interval = intervalOf(api);
    try {
      while (state.queue.size > 0) {
        const asked = Date.now();
        const wait = await needStore(api, 'quota', () => quota.reserve(quotaKey(api), interval, opts.deadlineMs)).catch(
          (error: unknown) => failQueued(api, error),
        );
        if (wait === undefined) continue;
        if (wait === null) {
          state.queue.take(1).forEach(rateLimited);
          continue;
        }
        state.nextSlotAt = Date.now() + wait;
        if (wait > 0) await sleep(wait);
        await gather(api, state);
        const sentAt = await depart(api, interval);
        if (sentAt === undefined) continue;
        const plannedAt = performance.now();
        state.nextSlotAt = Date.now() + interval;
        const call = take(state);
        depth(api);
        if (call.length === 0) {
          // Everyone left; the slot goes unused.
          void quota.confirm(quotaKey(api), sentAt, null).catch(() => undefined);
          continue;
        }
        metrics.quotaWait.observe({ api }, (Date.now() - asked) / 1000);
        void send(api, call, sentAt, plannedAt);
      }
    } finally {
      state.pumping = false;
    }
  }

  /**
   * Before a batchable call is made up: while intents that could join it keep arriving (each within
   * `coalesceMs` of the last) and no call is full yet, wait, up to half an interval. Concurrent requests arrive
   * over a few milliseconds, or more on a busy machine; waiting for them saves whole quota intervals.
   */
  async function gather(api: Api, state: ApiState): Promise<void> {
    if (opts.coalesceMs <= 0) return;
    const cap = Date.now() + intervalOf(api) / 2;
    for (;;) {
      const waiting = state.queue.all();
      const { desc } = waiting[0] ?? {};
      if (!desc || desc.kind !== 'read' || !desc.batch) return;
      const { batch } = desc;
      const groups = new Map<string, number>();
      for (const e of waiting) groups.set(batch.group(e.key), (groups.get(batch.group(e.key)) ?? 0) + 1);
      if ([...groups.values()].some((n) => n >= batch.maxKeys)) return;
      const until = Math.min(cap, Math.max(...waiting.map((e) => e.enqueuedAt)) + opts.coalesceMs);
      if (until <= Date.now()) return;
      await sleep(until - Date.now());
    }
  }

  /** Waits until the API's last call left an interval ago, and records this one as leaving; undefined: failed. */
  async function depart(api: Api, interval: number): Promise<number | undefined> {
    for (;;) {
      const d = await needStore(api, 'quota', () => quota.depart(quotaKey(api), interval)).catch((error: unknown) =>
        failQueued(api, error),
      );
      if (!d) return undefined;
      if ('sentAt' in d) return d.sentAt;
      await sleep(d.waitMs);
    }
  }

  /** The next call: the next requester's intent, and every waiting intent that may travel with it. */
  function take(state: ApiState): Entry[] {
    const call = state.queue.take(Infinity, (head, other) => {
      const { desc } = head;
      if (desc.kind !== 'read' || !desc.batch || other.desc !== desc) return false;
      return desc.batch.group(other.key) === desc.batch.group(head.key);
    });
    const head = call[0];
    const max = head && head.desc.kind === 'read' && head.desc.batch ? head.desc.batch.maxKeys : 1;
    // Companions beyond the batch's size go back where they were, first in their requester's turn.
    for (const extra of call.splice(max).reverse()) state.queue.push(extra, true);
    for (const entry of call) {
      entry.queued = false;
      clearTimeout(entry.timer);
    }
    return call;
  }

  async function send(api: Api, call: Entry[], sentAt: number, plannedAt: number): Promise<void> {
    const { desc } = call[0]!;
    const keys = call.map((e) => e.key);
    const body = desc.kind === 'read' ? desc.body(keys) : desc.body(keys[0]);
    let left = false;
    let attemptedAt = new Date();
    const confirm = (lateMs: number | null) =>
      quota
        .confirm(quotaKey(api), sentAt, lateMs)
        .catch(() => log.warn({ api }, 'could not record when a call left in the quota store'));
    const onSent = (at: number) => {
      left = true;
      attemptedAt = new Date(performance.timeOrigin + at);
      void confirm(at - plannedAt);
    };
    const stopTimer = metrics.upstreamLatency.startTimer({ api });
    let outcome: string | undefined = 'unavailable';
    let answer: Json;
    try {
      const first = call[0]!;
      const attributes = {
        'timpush.upstream.api': api,
        'timpush.upstream.attempt': first.attempts + 1,
        'timpush.upstream.quota_wait_ms': Math.round(plannedAt - first.enqueuedAtPerf),
        'timpush.upstream.keys': call.length,
      };
      answer = await context.with(first.trace, () =>
        traced(`upstream ${api} attempt`, attributes, async (span) => {
          try {
            const result = await resilience.guard(api, () => transport.call(api, body, onSent));
            span.setAttribute('timpush.upstream.outcome', 'ok');
            return result;
          } catch (error) {
            span.setAttribute('timpush.upstream.outcome', error instanceof UpstreamError ? 'upstream_error' : 'failed');
            throw error;
          }
        }),
      );
      outcome = 'ok';
    } catch (error) {
      if (error instanceof UpstreamError) outcome = 'upstream_error';
      if (isCircuitOpen(error)) {
        // Nothing was sent, and nothing of this API will be while the breaker is open.
        outcome = undefined;
        call.forEach((entry) => settle(entry, { error }));
        return failQueued(api, error);
      }
      if (desc.kind === 'write') return settle(call[0]!, { error: unclear(desc, error, left, attemptedAt) });
      return retryOrFail(call, error);
    } finally {
      if (!left) void confirm(null);
      if (outcome) {
        stopTimer();
        metrics.upstreamCalls.inc({ api, outcome });
      }
    }
    if (desc.kind === 'write') {
      let result: unknown;
      try {
        result = desc.decode(answer, attemptedAt);
      } catch (error) {
        return settle(call[0]!, { error });
      }
      return settle(call[0]!, { value: result });
    }
    let parts: Json[];
    try {
      parts = desc.split(answer, keys);
    } catch (error) {
      return call.forEach((entry) => settle(entry, { error }));
    }
    await Promise.all(
      call.map((entry, i) =>
        entry.ttlMs > 0
          ? cache
              .set(entry.id, parts[i], entry.ttlMs)
              // The answer is paid for: a cache that cannot keep it costs a later call, not this one.
              .catch(() => log.warn({ api }, 'could not store an answer in the cache'))
          : Promise.resolve(),
      ),
    );
    call.forEach((entry, i) => settle(entry, { value: parts[i] }));
  }

  /**
   * A write whose request may have reached the upstream and got no answer that says what happened: its API says
   * what that means (a push: its outcome is unknown). Either sign is enough: the transport's (the failure came
   * after a connection existed) or the socket's (the request's headers were written).
   */
  function unclear(desc: WriteApi<unknown, unknown>, error: unknown, left: boolean, sent: Date): unknown {
    if (!desc.unclear || !(error instanceof UpstreamUnavailableError)) return error;
    const at = error.attemptedAt ?? (left ? sent : undefined);
    return at ? desc.unclear(at, error.reason) : error;
  }

  function retryOrFail(call: Entry[], error: unknown): void {
    for (const entry of call) {
      const delay = entry.desc.kind === 'read' ? resilience.retryAfter(error, ++entry.attempts) : null;
      if (delay === null) {
        settle(entry, { error });
        continue;
      }
      log.warn(
        { api: entry.api, err: (error as Error).message, delayMs: Math.round(delay) },
        'retrying a transient upstream failure',
      );
      setTimeout(() => enqueue(entry, true), delay);
    }
  }

  /** Across replicas: one takes the fill lock and asks; the others wait for its answer in the cache. */
  async function lockOrFollow(entry: Entry): Promise<Json | undefined> {
    const giveUpAt = Date.now() + opts.callBudgetMs;
    const get = () => needStore(entry.api, 'cache', () => cache.get(entry.id)) as Promise<Json | undefined>;
    while (!(await needStore(entry.api, 'cache', () => cache.lock(entry.id, opts.callBudgetMs)))) {
      await sleep(25);
      const filled = await get();
      if (filled !== undefined) return filled;
      if (Date.now() > giveUpAt) return undefined;
    }
    entry.locked = true;
    // Another replica may have filled it and let go between our miss and our lock.
    return get();
  }

  async function start(entry: Entry): Promise<void> {
    try {
      if (entry.ttlMs > 0 && cache.shared) {
        const filled = await lockOrFollow(entry);
        if (filled !== undefined) return settle(entry, { value: filled });
      }
      enqueue(entry);
    } catch (error) {
      settle(entry, { error });
    }
  }

  function newEntry(
    api: Api,
    desc: Described,
    key: unknown,
    id: string,
    ttlMs: number,
    lane: Lane,
    owner: number,
    deadlineMs: number,
  ): Entry {
    let resolve!: (value: unknown) => void;
    let reject!: (error: unknown) => void;
    const promise = new Promise<unknown>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const now = Date.now();
    return {
      api,
      desc,
      key,
      id,
      ttlMs,
      lane,
      owner,
      attempts: 0,
      enqueuedAt: now,
      enqueuedAtPerf: performance.now(),
      deadline: now + deadlineMs,
      waiters: new Set([owner]),
      queued: false,
      locked: false,
      resolve,
      reject,
      promise,
      trace: context.active(),
    };
  }

  /**
   * A requester went away: it no longer waits for the intent. When nobody else does, an intent still waiting
   * for its slot leaves the queue, so the next request does not wait behind it; one in flight finishes (its
   * answer is paid for and goes to the cache), and one between steps (the shared cache, a retry's pause) is
   * dropped when it would join the queue.
   */
  function leave(entry: Entry, owner: number): void {
    if (!entry.waiters.delete(owner) || entry.waiters.size > 0) return;
    if (entry.queued) settle(entry, { error: abandoned(entry.api) });
  }

  /** A later request asking what is already waiting shares it, and lifts it to its lane if higher. */
  function join(entry: Entry, lane: Lane, owner: number, deadlineMs: number): void {
    entry.waiters.add(owner);
    entry.deadline = Math.max(entry.deadline, Date.now() + deadlineMs);
    if (lane === 'interactive' && entry.lane !== 'interactive' && entry.queued) {
      const { queue } = stateOf(entry.api);
      queue.remove(entry);
      entry.lane = lane;
      entry.owner = owner;
      queue.push(entry);
    }
  }

  return {
    session(lane = 'interactive', sessionOpts = {}) {
      const owner = ++owners;
      const deadlineMs = sessionOpts.deadlineMs ?? opts.deadlineMs;
      const { signal } = sessionOpts;
      /** The reads this requester waits for, to leave when it goes away. */
      const waiting = new Set<Entry>();
      // Listened to from the first wait only: most requests are answered from the cache and never wait, and
      // an abort listener per request costs them (yoga's signal is a Proxy over an EventTarget).
      let listening = false;
      async function wait(entry: Entry): Promise<unknown> {
        if (signal && !listening) {
          listening = true;
          signal.addEventListener(
            'abort',
            () => {
              for (const waited of waiting) leave(waited, owner);
              waiting.clear();
            },
            { once: true },
          );
        }
        waiting.add(entry);
        try {
          return await entry.promise;
        } finally {
          waiting.delete(entry);
        }
      }
      return {
        read<K, V>(desc: ReadApi<K, V>, key: K): Promise<V> {
          const api = desc.name as Api;
          return traced(`upstream ${api}`, { 'timpush.upstream.api': api }, async (span) => {
            if (signal?.aborted) throw abandoned(api);
            const id = `${opts.keyPrefix}${api}:${desc.keyId(key)}`;
            const ttlMs = desc.ttlMs(key, opts.ttl, Date.now());
            if (ttlMs > 0) {
              const cached = (await needStore(api, 'cache', () => cache.get(id))) as Json | undefined;
              const result = cached === undefined ? 'miss' : 'hit';
              metrics.cacheLookups.inc({ api, result });
              span.setAttribute('timpush.upstream.cache', result);
              if (cached !== undefined) return decodeCached(desc, cached, id, key, opts.decode);
            }
            // Gone while it looked in the cache: it asks for nothing more.
            if (signal?.aborted) throw abandoned(api);
            let entry = entries.get(id);
            span.setAttribute('timpush.upstream.shared', entry !== undefined);
            if (entry) join(entry, lane, owner, deadlineMs);
            else {
              entry = newEntry(api, desc, key, id, ttlMs, lane, owner, deadlineMs);
              entries.set(id, entry);
              void start(entry);
            }
            return desc.decode((await wait(entry)) as Json, key, opts.decode);
          });
        },
        async write<I, O>(desc: WriteApi<I, O>, input: I): Promise<O> {
          const api = desc.name as Api;
          const entry = newEntry(api, desc, input, `write:${randomUUID()}`, 0, lane, owner, deadlineMs);
          enqueue(entry);
          return (await entry.promise) as O;
        },
      };
    },
    close() {
      closed = true;
      for (const api of states.keys())
        failQueued(api, new UpstreamUnavailableError(api, 'the gateway is shutting down'));
    },
  };
}
