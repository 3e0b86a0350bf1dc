// Keyset cursors: where a page ended, as the strings of its last row's position (a JSON array in base64url).
// Opaque to clients; one that does not read back as this list issues them is refused on `after` as
// BAD_USER_INPUT, before anything is read.
import { badInput } from './validate.js';

export const encodeCursor = (parts: readonly string[]): string =>
  Buffer.from(JSON.stringify(parts)).toString('base64url');

/** The `count` parts of a cursor of `list`; `times` are the indexes of parts that must read as instants. */
export function decodeCursor(cursor: string, list: string, count: number, times: readonly number[] = []): string[] {
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parts = undefined;
  }
  const valid =
    Array.isArray(parts) &&
    parts.length === count &&
    parts.every((p) => typeof p === 'string') &&
    times.every((i) => !Number.isNaN(new Date(parts[i] as string).getTime()));
  if (!valid) throw badInput(`after is not a cursor of ${list}`, 'after');
  return parts as string[];
}

/** A keyset page's edges and pageInfo, from `rows` read with one more than `first` (the one says "next"). */
export function keysetPage<R, N>(
  rows: readonly R[],
  first: number,
  after: string | null | undefined,
  cursorOf: (row: R) => string,
  nodeOf: (row: R) => N,
) {
  const edges = rows.slice(0, first).map((row) => ({ cursor: cursorOf(row), node: nodeOf(row) }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: after != null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** A page size asked as `first` (`fallback` when left out), refused outside 1–`max` before anything is read. */
export function pageSize(first: number | null | undefined, fallback: number, max: number): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > max) throw badInput(`first must be from 1 to ${max}`, 'first');
  return n;
}
