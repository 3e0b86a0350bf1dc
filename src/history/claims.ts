// The claims of keyed pushes in the history database (push_claims): a key is taken by an insert that only an
// absent or expired row lets through, leases and expiry judged by the database's clock, so every replica on the
// database agrees on who holds a key, whatever their own clocks say.
import { and, eq, lte, sql } from 'drizzle-orm';
import { rawRows, type Db } from './engine.js';
import { claims } from './schema.js';

export type ClaimState = (typeof claims.$inferSelect)['state'];

/** A key's state as written: a claim, or what became of its push. */
export interface ClaimWrite {
  state: ClaimState;
  fingerprint: string;
  /** The claim's id: only it settles or frees the key while the claim holds. */
  owner: string;
  /** ISO 8601, by the claiming gateway's clock. */
  attemptedAt: string;
  /** The push's answer (`done`). */
  result?: unknown;
}

/** A key's state as read: `leaseAlive`, whether the owner of a claim may still be pushing. */
export type ClaimRead = Required<ClaimWrite> & { leaseAlive: boolean };

/** How many expired keys one pruning statement deletes: short statements, whatever has piled up. */
export const PRUNE_BATCH = 5_000;

/** `ms` from now, by the database's clock. */
const fromNow = (ms: number) => sql`now() + make_interval(secs => ${ms / 1000}::double precision)`;

/** The columns of a row written now, the lease null for a settled state. */
const rowOf = (key: string, write: ClaimWrite, ttlMs: number, leaseMs?: number) => ({
  key,
  state: write.state,
  fingerprint: write.fingerprint,
  owner: write.owner,
  attemptedAt: new Date(write.attemptedAt),
  result: write.result ?? null,
  leaseUntil: leaseMs === undefined ? null : fromNow(leaseMs),
  expiresAt: fromNow(ttlMs),
});

const excluded = (column: string) => sql.raw(`excluded.${column}`);

export function claimsOf(db: Db) {
  const rows = rawRows(db);

  /** The key's row while it is remembered; an expired row reads as absent. */
  async function readClaim(key: string): Promise<ClaimRead | null> {
    const [row] = await db
      .select({
        state: claims.state,
        fingerprint: claims.fingerprint,
        owner: claims.owner,
        attemptedAt: claims.attemptedAt,
        result: claims.result,
        leaseAlive: sql<boolean>`coalesce(${claims.leaseUntil} > now(), false)`,
      })
      .from(claims)
      .where(and(eq(claims.key, key), sql`${claims.expiresAt} > now()`));
    return row ? { ...row, attemptedAt: row.attemptedAt.toISOString(), leaseAlive: row.leaseAlive === true } : null;
  }

  return {
    readClaim,

    /**
     * Takes `key` for `write` (a claim) if it is free or expired, and answers null; else answers what holds it.
     * Two statements, not one: under READ COMMITTED a statement's own snapshot would not see the row a concurrent
     * insert just committed, the very row that made this one's insert give way.
     */
    async claim(key: string, write: ClaimWrite, ttlMs: number, leaseMs: number): Promise<ClaimRead | null> {
      // The row seen missing between the two statements (freed or expired meanwhile): try again.
      for (let attempt = 0; attempt < 3; attempt++) {
        const taken = await db
          .insert(claims)
          .values(rowOf(key, write, ttlMs, leaseMs))
          .onConflictDoUpdate({
            target: claims.key,
            set: {
              state: excluded('state'),
              fingerprint: excluded('fingerprint'),
              owner: excluded('owner'),
              attemptedAt: excluded('attempted_at'),
              result: excluded('result'),
              leaseUntil: excluded('lease_until'),
              expiresAt: excluded('expires_at'),
            },
            setWhere: lte(claims.expiresAt, sql`now()`),
          })
          .returning({ key: claims.key });
        if (taken.length > 0) return null;
        const held = await readClaim(key);
        if (held) return held;
      }
      throw new Error(`push_claims: the key ${key} changed hands three times during one claim`);
    },

    /**
     * Keeps what became of a claim's push for `ttlMs`, in place of the claim. Written also where the claim never
     * reached the database (it was unreachable then), but never over another owner's claim that still holds.
     */
    async settleClaim(key: string, write: ClaimWrite, ttlMs: number): Promise<void> {
      await db
        .insert(claims)
        .values(rowOf(key, write, ttlMs))
        .onConflictDoUpdate({
          target: claims.key,
          set: {
            state: excluded('state'),
            attemptedAt: excluded('attempted_at'),
            result: excluded('result'),
            leaseUntil: null,
            expiresAt: excluded('expires_at'),
          },
          setWhere: sql`${claims.owner} = excluded.owner or ${claims.expiresAt} <= now()`,
        });
    },

    /** Frees `key` if it still holds the claim of `owner` (its push definitely did not go out). */
    async releaseClaim(key: string, owner: string): Promise<void> {
      await db.delete(claims).where(and(eq(claims.key, key), eq(claims.owner, owner), eq(claims.state, 'claimed')));
    },

    /** Deletes up to PRUNE_BATCH expired keys; answers how many (fewer than PRUNE_BATCH: none is left). */
    async pruneClaims(): Promise<number> {
      const [row] = await rows<{ n: number }>(sql`
        with gone as (
          delete from ${claims} where ${claims.key} in (
            select ${claims.key} from ${claims} where ${claims.expiresAt} <= now() limit ${PRUNE_BATCH}
          ) returning 1
        ) select count(*)::int as n from gone`);
      return Number(row?.n ?? 0);
    },
  };
}
