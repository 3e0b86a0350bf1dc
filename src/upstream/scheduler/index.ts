// The one upstream scheduler: every read waits for its API's quota slot as an intent (API + key), not as a
// finished request body. When the slot comes, the call carries every waiting intent that fits the API's batch
// form, from any request; identical intents are one call; answers are kept per key. Requests take turns within
// an API's queue, interactive ones before background work. An intent nobody waits for any more (its requests
// went away) leaves the queue unsent. Its parts: core.ts (shared state), intents.ts (the waiting room),
// pump.ts (slots and coalescing), send.ts (the call and its answer), cached.ts (reading through the cache).
import { randomUUID } from 'node:crypto';
import { traced } from '../../telemetry/traced.js';
import { UpstreamUnavailableError } from '../errors.js';
import type { Api } from '../wire.js';
import type { Json, ReadApi, WriteApi } from '../apis/types.js';
import { createStart, decodeCached } from './cached.js';
import { abandoned, createCore, needStore, type Entry, type SchedulerOptions } from './core.js';
import { createIntents } from './intents.js';
import { createPumps } from './pump.js';
import type { Lane } from './queue.js';
import { createSender } from './send.js';

export type { Lane } from './queue.js';
export type { SchedulerOptions } from './core.js';

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

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const core = createCore(opts);
  let wake: (api: Api) => void = () => undefined;
  const intents = createIntents(core, (api) => wake(api));
  wake = createPumps(core, intents, createSender(core, intents));
  const start = createStart(core, intents);
  let owners = 0;

  return {
    session(lane = 'interactive', sessionOpts = {}) {
      const owner = ++owners;
      const request = { lane, owner, deadlineMs: sessionOpts.deadlineMs ?? opts.deadlineMs };
      const wait = waiter(owner, sessionOpts.signal, (entry) => intents.leave(entry, owner));
      const { signal } = sessionOpts;
      return {
        read<K, V>(desc: ReadApi<K, V>, key: K): Promise<V> {
          const api = desc.name as Api;
          return traced(`upstream ${api}`, { 'timpush.upstream.api': api }, async (span) => {
            if (signal?.aborted) throw abandoned(api);
            const id = `${opts.keyPrefix}${api}:${desc.keyId(key)}`;
            const ttlMs = desc.ttlMs(key, opts.ttl, Date.now());
            if (ttlMs > 0) {
              const cached = (await needStore(api, 'cache', () => opts.cache.get(id))) as Json | undefined;
              const result = cached === undefined ? 'miss' : 'hit';
              opts.metrics.cacheLookups.inc({ api, result });
              span.setAttribute('timpush.upstream.cache', result);
              if (cached !== undefined) return decodeCached(desc, cached, id, key, opts.decode);
            }
            // Gone while it looked in the cache: it asks for nothing more.
            if (signal?.aborted) throw abandoned(api);
            let entry = core.entries.get(id);
            span.setAttribute('timpush.upstream.shared', entry !== undefined);
            if (entry) intents.join(entry, lane, owner, request.deadlineMs);
            else {
              entry = intents.create(api, desc, key, id, ttlMs, request);
              core.entries.set(id, entry);
              void start(entry);
            }
            return desc.decode((await wait(entry)) as Json, key, opts.decode);
          });
        },
        async write<I, O>(desc: WriteApi<I, O>, input: I): Promise<O> {
          const api = desc.name as Api;
          const id = `write:${randomUUID()}`;
          const entry = intents.create(api, desc, input, id, 0, request);
          intents.enqueue(entry);
          return (await entry.promise) as O;
        },
      };
    },
    close() {
      core.closed = true;
      for (const api of core.apis)
        intents.failQueued(api, new UpstreamUnavailableError(api, 'the gateway is shutting down'));
    },
  };
}

/**
 * How one requester waits for its reads: when its signal aborts, it leaves every read it still waits for.
 * Listened to from the first wait only: most requests are answered from the cache and never wait, and an abort
 * listener per request costs them (yoga's signal is a Proxy over an EventTarget).
 */
function waiter(owner: number, signal: AbortSignal | undefined, leave: (entry: Entry) => void) {
  const waiting = new Set<Entry>();
  let listening = false;
  return async (entry: Entry): Promise<unknown> => {
    if (signal && !listening) {
      listening = true;
      signal.addEventListener(
        'abort',
        () => {
          for (const waited of waiting) leave(waited);
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
  };
}
