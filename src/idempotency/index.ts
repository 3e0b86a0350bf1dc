// Idempotent pushes (sendBatchPush, sendPush, schedulePush): a key is claimed before its push, settled after it
// (done, or unknown when the push may or may not have gone out) and freed only by a definite failure. Kept in the
// history database, the store of record (./database.ts), with Redis as its fast path when set (./layered.ts); in
// Redis alone (./redis.ts) or in memory when the gateway keeps no history.
import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { growingLru } from '../cache/lru.js';
import type { Logger } from 'pino';
import { PushOutcomeUnknownError, UpstreamUnavailableError, isDefiniteFailure } from '../upstream/errors.js';
import type { Api } from '../upstream/wire.js';

/**
 * What is kept per key, with the input's fingerprint. `claimed`: a push is under way (its owner holds a short
 * lease); `done`: its result; `unknown`: it may or may not have gone out, and nobody may push under the key again.
 */
export type Entry =
  | { state: 'claimed'; fingerprint: string; owner: string; attemptedAt: string }
  | { state: 'done'; fingerprint: string; result: unknown }
  | { state: 'unknown'; fingerprint: string; attemptedAt: string };
export type Claim = Extract<Entry, { state: 'claimed' }>;
export type Settled = Exclude<Entry, Claim>;

/**
 * Stores report a claim whose lease ran out (its owner died or hung mid-push) as `unknown`: it must never
 * free the key, since the push may have left before the owner went away.
 */
export interface IdempotencyStore {
  /** What a push refused because this store cannot be read says: "the idempotency store (Redis) is unreachable". */
  readonly unreachable: string;
  /** Atomically: if `key` is free, keeps `claim` for `ttlMs` with a lease of `leaseMs` and returns null; else what is there. */
  claim(key: string, claim: Claim, ttlMs: number, leaseMs: number): Promise<Entry | null>;
  get(key: string): Promise<Entry | null>;
  /** Keeps the final state of `claim`'s push for `ttlMs` in place of the claim. */
  settle(key: string, entry: Settled, ttlMs: number, claim: Claim): Promise<void>;
  /** Frees `key` if it still holds the claim of `owner`. */
  release(key: string, owner: string): Promise<void>;
}

/** How a store sees a claimed entry: with its lease gone, the outcome of the push is unknown. */
export const seen = (entry: Entry, leaseAlive: boolean): Entry =>
  entry.state === 'claimed' && !leaseAlive
    ? { state: 'unknown', fingerprint: entry.fingerprint, attemptedAt: entry.attemptedAt }
    : entry;

export class IdempotencyConflict extends Error {}

export interface Idempotency {
  /**
   * Runs `push` at most once per (owner, key): a repeat returns the stored result, a concurrent repeat waits
   * for it, a repeat of an unknown outcome throws PushOutcomeUnknownError, a different input under the same key
   * throws IdempotencyConflict. Only a definite failure frees the key. `api`: the push's, for its errors.
   */
  run<T>(owner: string, key: string, input: unknown, push: () => Promise<T>, api?: Api): Promise<T>;
}

export interface IdempotencyOptions {
  store: IdempotencyStore;
  /** How long a key is remembered. */
  ttlMs: number;
  /** Longer than any push can take (quota wait and upstream timeout): a claim older than this lost its owner. */
  leaseMs: number;
  log: Logger;
}

export const fingerprintOf = (input: unknown): string =>
  createHash('sha256').update(JSON.stringify(input)).digest('hex');

/**
 * The MsgRandom of a keyed push with none given: derived from (client, key), so that a push that does reach
 * the upstream twice carries the same one both times.
 */
export const msgRandomFor = (owner: string, key: string): number =>
  createHash('sha256').update(`msgRandom\u0000${owner}\u0000${key}`).digest().readUInt32BE(0);

const storeDown = (api: Api, store: IdempotencyStore) =>
  new UpstreamUnavailableError(api, `${store.unreachable}; nothing was sent`);

const unknownOutcome = (api: Api, attemptedAt: string) =>
  new PushOutcomeUnknownError(
    api,
    new Date(attemptedAt),
    'an earlier request with this idempotencyKey got no definite answer',
  );

export function createIdempotency({ store, ttlMs, leaseMs, log }: IdempotencyOptions): Idempotency {
  // Outcomes this process settled, kept here too: a store that loses them (Redis restarted empty, or
  // unreachable when they were written) must not let a repeat push again.
  const settled = growingLru<string, Settled>(10_000, { ttl: ttlMs });

  async function reading<T>(api: Api, op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch {
      throw storeDown(api, store);
    }
  }

  /**
   * Takes the key, or answers what holds it. A claim that failed may still have been written (a command that
   * timed out after the store applied it): it is freed, or the client's retry would find a claim whose push
   * never went and, once its lease ends, be refused as unknown for the key's whole TTL.
   */
  async function claimOrRead(api: Api, id: string, claim: Claim): Promise<Entry | null> {
    try {
      return await store.claim(id, claim, ttlMs, leaseMs);
    } catch {
      void store.release(id, claim.owner).catch(() => undefined);
      throw storeDown(api, store);
    }
  }

  function answer(api: Api, entry: Settled, fingerprint: string): unknown {
    if (entry.fingerprint !== fingerprint) throw new IdempotencyConflict();
    if (entry.state === 'unknown') throw unknownOutcome(api, entry.attemptedAt);
    return entry.result;
  }

  /** Waits for another request's push to settle; null when a definite failure freed the key. */
  async function awaitSettled(api: Api, id: string, claim: Claim): Promise<Settled | null> {
    const giveUpAt = Date.now() + leaseMs + 1_000;
    while (Date.now() < giveUpAt) {
      await sleep(50);
      const entry = await reading(api, () => store.get(id));
      if (!entry || entry.state !== 'claimed') return entry;
    }
    return { state: 'unknown', fingerprint: claim.fingerprint, attemptedAt: claim.attemptedAt };
  }

  async function settle(id: string, entry: Settled, claim: Claim): Promise<void> {
    settled.set(id, entry);
    try {
      await store.settle(id, entry, ttlMs, claim);
    } catch {
      log.warn({ state: entry.state }, 'could not store the outcome of a push in the idempotency store');
    }
  }

  async function pushAs<T>(api: Api, id: string, claim: Claim, push: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await push();
    } catch (error) {
      if (isDefiniteFailure(error)) {
        // Nothing went out: the key is free again. If it cannot be freed, its lease runs out and it reads as
        // unknown: a needless refusal, never a second push.
        await store.release(id, claim.owner).catch(() => log.warn('could not free an idempotency key'));
        throw error;
      }
      if (!(error instanceof PushOutcomeUnknownError)) log.error({ err: error }, 'unexpected error during a push');
      const unknown = error instanceof PushOutcomeUnknownError ? error : unknownOutcome(api, claim.attemptedAt);
      await settle(
        id,
        { state: 'unknown', fingerprint: claim.fingerprint, attemptedAt: unknown.attemptedAt.toISOString() },
        claim,
      );
      throw unknown;
    }
    await settle(id, { state: 'done', fingerprint: claim.fingerprint, result }, claim);
    return result;
  }

  return {
    async run<T>(owner: string, key: string, input: unknown, push: () => Promise<T>, api: Api = 'batch'): Promise<T> {
      const id = createHash('sha256').update(`${owner}\u0000${key}`).digest('hex');
      const fingerprint = fingerprintOf(input);
      const mine = settled.get(id);
      if (mine) return answer(api, mine, fingerprint) as T;
      for (;;) {
        const claim: Claim = {
          state: 'claimed',
          fingerprint,
          owner: randomUUID(),
          attemptedAt: new Date().toISOString(),
        };
        const existing = await claimOrRead(api, id, claim);
        if (!existing) return pushAs(api, id, claim, push);
        if (existing.fingerprint !== fingerprint) throw new IdempotencyConflict();
        const final = existing.state === 'claimed' ? await awaitSettled(api, id, existing) : existing;
        if (final) return answer(api, final, fingerprint) as T;
        // Freed by a definite failure: claim it ourselves.
      }
    },
  };
}

export function createMemoryIdempotencyStore(): IdempotencyStore {
  const entries = growingLru<string, Entry>(100_000);
  const leases = growingLru<string, true>(100_000);
  const read = (key: string) => {
    const entry = entries.get(key);
    return entry ? seen(entry, leases.has(key)) : null;
  };
  return {
    unreachable: 'the idempotency store (memory) is unreachable',
    claim(key, claim, ttlMs, leaseMs) {
      const existing = read(key);
      if (existing) return Promise.resolve(existing);
      entries.set(key, claim, { ttl: ttlMs });
      leases.set(key, true, { ttl: leaseMs });
      return Promise.resolve(null);
    },
    get: (key) => Promise.resolve(read(key)),
    settle(key, entry, ttlMs) {
      entries.set(key, entry, { ttl: ttlMs });
      leases.delete(key);
      return Promise.resolve();
    },
    release(key, owner) {
      const entry = entries.get(key);
      if (entry?.state === 'claimed' && entry.owner === owner) {
        entries.delete(key);
        leases.delete(key);
      }
      return Promise.resolve();
    },
  };
}
