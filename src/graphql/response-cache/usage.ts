// What a request's answer is built from, and the key it is kept under.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** What one request's answer was built from. */
export interface Usage {
  key: string;
  ttlMs: number;
  tags: Set<string>;
  cacheable: boolean;
  /** Set once execution ended with a whole, error-free query answer. */
  complete: boolean;
  /** Asked before, recently: its answer is worth keeping (see `keepFromSighting`). */
  seenBefore: boolean;
  operation: string;
  /** The JSON body, parsed here once, for yoga's request parser (see `pass`). */
  params?: Record<string, unknown>;
}

export const unkept = (): Usage => ({
  key: '',
  ttlMs: Infinity,
  tags: new Set(),
  cacheable: false,
  complete: false,
  seenBefore: false,
  operation: 'anonymous',
});

/** The content types yoga reads as a JSON body (its POST JSON parser). */
const JSON_BODY = /^application\/(graphql\+)?json\s*(;|$)/i;

/** A JSON request body that is an object, as yoga's POST JSON parser would accept it; otherwise undefined. */
export function jsonParams(req: IncomingMessage, body: Buffer): Record<string, unknown> | undefined {
  if (!JSON_BODY.test(req.headers['content-type'] ?? '')) return undefined;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined; // yoga answers it, from the body below
  }
}

/** Tags for answers built from every task's data at once: any push changes them. */
export const AGGREGATE = 'aggregate';

/** The headers an answer is kept with. */
export const HEADERS_KEPT = new Set([
  'content-type',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'vary',
]);

export function keyOf(req: IncomingMessage, body: Buffer): string {
  const h = req.headers;
  return createHash('sha256')
    .update(
      [req.url, h['x-api-key'], h.authorization, h.accept, h['content-type'], h.origin]
        .map((v) => (Array.isArray(v) ? v.join(',') : (v ?? '')))
        .join('\0'),
    )
    .update('\0')
    .update(body)
    .digest('base64url');
}
