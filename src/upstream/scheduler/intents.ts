// The waiting room of the scheduler: intents join their API's queue (or one already waiting for the same key),
// wait for a slot until their deadline, and leave it when nobody waits for them any more.
import { context } from '@opentelemetry/api';
import { RateLimitedError, UpstreamUnavailableError } from '../errors.js';
import type { Api } from '../wire.js';
import { callsFor } from '../apis/types.js';
import type { Lane } from './queue.js';
import { abandoned, type Core, type Described, type Entry } from './core.js';

export interface Intents {
  /** An intent asked for the first time, by `owner` in `lane`, waiting at most `deadlineMs` for its slot. */
  create(
    api: Api,
    desc: Described,
    key: unknown,
    id: string,
    ttlMs: number,
    request: { lane: Lane; owner: number; deadlineMs: number },
  ): Entry;
  /** Ends an intent with its value or error, out of the queue and the shared map. */
  settle: (entry: Entry, outcome: { value: unknown } | { error: unknown }) => void;
  /** Into its API's queue (`front`: first of its requester's, as a retry keeps its place), or refused now. */
  enqueue(entry: Entry, front?: boolean): void;
  rateLimited: (entry: Entry) => void;
  /** Ends everything waiting for an API's slots with `error`. */
  failQueued(api: Api, error: unknown): void;
  /** A requester went away (see Scheduler.session's signal). */
  leave(entry: Entry, owner: number): void;
  /** A later request asking what is already waiting shares it, and lifts it to its lane if higher. */
  join(entry: Entry, lane: Lane, owner: number, deadlineMs: number): void;
}

/** `wake(api)`: an intent joined an API's queue; its pump starts if it is idle. */
export function createIntents(core: Core, wake: (api: Api) => void): Intents {
  const { opts } = core;

  function settle(entry: Entry, outcome: { value: unknown } | { error: unknown }): void {
    if (core.entries.get(entry.id) === entry) core.entries.delete(entry.id);
    clearTimeout(entry.timer);
    if (entry.queued) {
      core.stateOf(entry.api).queue.remove(entry);
      entry.queued = false;
      core.depth(entry.api);
    }
    if (entry.locked) void opts.cache.unlock(entry.id).catch(() => undefined); // the lock expires by itself
    entry.locked = false;
    if ('value' in outcome) entry.resolve(outcome.value);
    else entry.reject(outcome.error);
  }

  function rateLimited(entry: Entry): void {
    opts.metrics.rateLimited.inc({ api: entry.api });
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
    if (core.closed)
      return settle(entry, { error: new UpstreamUnavailableError(entry.api, 'the gateway is shutting down') });
    // Everyone who asked went away while it looked in the shared cache or waited to retry.
    if (entry.waiters.size === 0) return settle(entry, { error: abandoned(entry.api) });
    const state = core.stateOf(entry.api);
    state.queue.push(entry, front);
    entry.queued = true;
    // However others are served, this requester's own earlier intents go first: if even that cannot fit
    // before the deadline, say so now rather than after waiting for it.
    const ahead = state.queue.ahead(entry);
    const { desc } = entry;
    const callsBefore =
      desc.kind === 'read' ? callsFor(desc, [...ahead.map((e) => e.key), entry.key]) - 1 : ahead.length;
    const earliest = Math.max(0, state.nextSlotAt - Date.now()) + callsBefore * core.intervalOf(entry.api);
    if (earliest > entry.deadline - Date.now()) return rateLimited(entry);
    armDeadline(entry);
    core.depth(entry.api);
    wake(entry.api);
  }

  return {
    create(api, desc, key, id, ttlMs, { lane, owner, deadlineMs }) {
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
    },
    settle,
    enqueue,
    rateLimited,
    failQueued(api, error) {
      for (const entry of core.stateOf(api).queue.all()) settle(entry, { error });
    },
    /**
     * When nobody else waits for it, an intent still waiting for its slot leaves the queue, so the next request
     * does not wait behind it; one in flight finishes (its answer is paid for and goes to the cache), and one
     * between steps (the shared cache, a retry's pause) is dropped when it would join the queue.
     */
    leave(entry, owner) {
      if (!entry.waiters.delete(owner) || entry.waiters.size > 0) return;
      if (entry.queued) settle(entry, { error: abandoned(entry.api) });
    },
    join(entry, lane, owner, deadlineMs) {
      entry.waiters.add(owner);
      entry.deadline = Math.max(entry.deadline, Date.now() + deadlineMs);
      if (lane === 'interactive' && entry.lane !== 'interactive' && entry.queued) {
        const { queue } = core.stateOf(entry.api);
        queue.remove(entry);
        entry.lane = lane;
        entry.owner = owner;
        queue.push(entry);
      }
    },
  };
}
