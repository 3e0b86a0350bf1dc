// An API's pump: while intents wait, it reserves the API's quota slots one after another and, as each comes,
// makes up the call (coalescing every waiting intent the API's batch form allows) and sends it.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Api } from '../wire.js';
import { needStore, type ApiState, type Core, type Entry } from './core.js';
import type { Intents } from './intents.js';

export type Send = (api: Api, call: Entry[], sentAt: number, plannedAt: number) => Promise<void>;

/** Starts an API's pump when it is idle (the intents' `wake`). */
export function createPumps(core: Core, intents: Intents, send: Send): (api: Api) => void {
  const { opts } = core;

  async function pump(api: Api): Promise<void> {
    const state = core.stateOf(api);
    state.pumping = true;
    const interval = core.intervalOf(api);
    try {
      while (state.queue.size > 0) {
        const asked = Date.now();
        const wait = await needStore(api, 'quota', () =>
          opts.quota.reserve(core.quotaKey(api), interval, opts.deadlineMs),
        ).catch((error: unknown) => intents.failQueued(api, error));
        if (wait === undefined) continue;
        if (wait === null) {
          state.queue.take(1).forEach(intents.rateLimited);
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
        core.depth(api);
        if (call.length === 0) {
          // Everyone left; the slot goes unused.
          void opts.quota.confirm(core.quotaKey(api), sentAt, null).catch(() => undefined);
          continue;
        }
        opts.metrics.quotaWait.observe({ api }, (Date.now() - asked) / 1000);
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
    const cap = Date.now() + core.intervalOf(api) / 2;
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
      const d = await needStore(api, 'quota', () => opts.quota.depart(core.quotaKey(api), interval)).catch(
        (error: unknown) => intents.failQueued(api, error),
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

  return (api) => {
    if (!core.stateOf(api).pumping) void pump(api);
  };
}
