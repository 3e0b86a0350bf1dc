// What the product knows about one upstream API, in one place: the scheduler, the cache, the client and the
// cost estimator read these descriptions instead of guessing from API names.
import type { DecodeOptions, Json } from '../decode.js';

export type { Json } from '../decode.js';

/** A wire answer as it arrives: the documented fields, each still to be checked by the decoder. */
export type Untrusted<T> = { [K in keyof T]?: unknown };

/** How long answers may be kept, by kind; each read API picks its own from these. */
export interface CacheTtls {
  /** Both trace APIs. */
  traceMs: number;
  /** Loss windows still open, or closed less than an hour ago. */
  lossMs: number;
  /** Loss windows that ended more than an hour ago: their figures no longer move. */
  settledLossMs: number;
}

/** The longest any upstream answer, or a whole answer built from them, is kept. */
export const longestTtl = (ttl: CacheTtls): number => Math.max(ttl.traceMs, ttl.lossMs, ttl.settledLossMs);

/**
 * Several keys in one call: keys of the same group (e.g. the same window) travel together, at most `maxKeys`
 * a call, and the answer is split back per key.
 */
export interface BatchForm<K> {
  maxKeys: number;
  group(key: K): string;
}

/** A read: what one key (e.g. one task in one window) asks, how answers are cut per key and kept. */
export interface ReadApi<K, V> {
  readonly name: string;
  readonly kind: 'read';
  /** Documented calls per second per SDKAppID (QUOTA_RATES overrides). */
  readonly rate: number;
  /** Equal ids are one intent, one upstream question, one cache entry. */
  keyId(key: K): string;
  /** Absent: one key per call. */
  readonly batch?: BatchForm<K>;
  /** The request body for keys of one group (a single key without a batch form). */
  body(keys: readonly K[]): Json;
  /** The answer's part for each key, in key order: what the cache keeps, as plain JSON. */
  split(answer: Json, keys: readonly K[]): Json[];
  decode(part: Json, key: K, opts: DecodeOptions): V;
  /** How long a key's part may be answered from the cache; 0: never cached. */
  ttlMs(key: K, ttls: CacheTtls, nowMs: number): number;
}

/** A write: paced and guarded, never cached, never coalesced, never retried (a retry could push twice). */
export interface WriteApi<I, O> {
  readonly name: string;
  readonly kind: 'write';
  readonly rate: number;
  body(input: I): Json;
  /** `attemptedAt`: when the request left (or was about to), for an answer that leaves the outcome unclear. */
  decode(answer: Json, attemptedAt: Date): O;
  /**
   * What a failure after the request may have reached the upstream means for this write (no answer, or one
   * that is not the protocol). Absent: the failure is reported as it is.
   */
  unclear?(attemptedAt: Date, reason: string): Error;
}

export type AnyReadApi = ReadApi<never, unknown>;
export type AnyApi = ReadApi<never, unknown> | WriteApi<never, unknown>;

/** The upstream calls `keys` need: distinct keys, grouped, ⌈n / maxKeys⌉ per group. */
export function callsFor<K>(api: ReadApi<K, unknown>, keys: Iterable<K>): number {
  const distinct = new Map<string, K>();
  for (const key of keys) distinct.set(api.keyId(key), key);
  const { batch } = api;
  if (!batch) return distinct.size;
  const groups = new Map<string, number>();
  for (const key of distinct.values()) {
    const group = batch.group(key);
    groups.set(group, (groups.get(group) ?? 0) + 1);
  }
  let calls = 0;
  for (const n of groups.values()) calls += Math.ceil(n / batch.maxKeys);
  return calls;
}
