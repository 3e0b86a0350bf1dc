// Idempotency keys in the history database, their store of record: they outlive a Redis that restarts empty and
// a gateway that restarts, and every replica on the database sees one state per key (src/history/claims.ts).
import type { ClaimRead, ClaimWrite, Claims } from '../history/index.js';
import { seen, type Claim, type Entry, type IdempotencyStore, type Settled } from './index.js';

function entryOf(row: ClaimRead | null): Entry | null {
  if (!row) return null;
  const { fingerprint, attemptedAt } = row;
  if (row.state === 'done') return { state: 'done', fingerprint, result: row.result };
  if (row.state === 'unknown') return { state: 'unknown', fingerprint, attemptedAt };
  return seen({ state: 'claimed', fingerprint, owner: row.owner, attemptedAt }, row.leaseAlive);
}

/** A settled state as a row: the claim's owner and attempt kept with it (an unknown push has its own time). */
const rowOf = (entry: Settled, claim: Claim): ClaimWrite => ({
  state: entry.state,
  fingerprint: entry.fingerprint,
  owner: claim.owner,
  attemptedAt: entry.state === 'unknown' ? entry.attemptedAt : claim.attemptedAt,
  result: entry.state === 'done' ? entry.result : null,
});

export function createDatabaseIdempotencyStore(claims: Claims): IdempotencyStore {
  return {
    unreachable: 'the idempotency store (the history database) is unreachable',
    claim: async (key, claim, ttlMs, leaseMs) => entryOf(await claims.claim(key, claim, ttlMs, leaseMs)),
    get: async (key) => entryOf(await claims.read(key)),
    // Through the history's outbox: the push's answer does not wait for the database (see Claims.settle).
    settle(key, entry, ttlMs, claim) {
      claims.settle(key, rowOf(entry, claim), ttlMs);
      return Promise.resolve();
    },
    release: (key, owner) => claims.release(key, owner),
  };
}
