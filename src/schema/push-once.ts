// A push under the client's idempotency key: claimed before it goes, its outcome kept for the key's TTL (see
// src/idempotency/), and its MsgRandom derived from (client, key) when none is given, so a push that does reach
// the upstream twice carries the same one. Without a key: one push with a fresh MsgRandom.
import { randomInt } from 'node:crypto';
import { IdempotencyConflict, msgRandomFor } from '../idempotency/index.js';
import { LIMITS, type Api } from '../upstream/wire.js';
import type { Context } from './builder.js';
import { badInput } from './validate.js';

export interface Keyed {
  idempotencyKey?: string | null;
  msgRandom?: number | null;
}

/**
 * Sends `push` at most once per (client, idempotencyKey); `input` is what a repeat must equal (the checked input,
 * without the key). `api`: the upstream API that pushes, named in its errors.
 */
export async function pushOnce<T>(
  ctx: Context,
  api: Api,
  keyed: Keyed,
  input: object,
  push: (msgRandom: number) => Promise<T>,
): Promise<T> {
  const key = keyed.idempotencyKey;
  if (key == null) return push(keyed.msgRandom ?? randomInt(0, LIMITS.maxUInt32));
  if (key.trim() === '' || key.length > 128)
    throw badInput('input.idempotencyKey must hold 1 to 128 characters', 'input.idempotencyKey');
  const msgRandom = keyed.msgRandom ?? msgRandomFor(ctx.principal.id, key);
  const fingerprint = { ...input, msgRandom: keyed.msgRandom ?? null };
  try {
    return await ctx.idempotency.run(ctx.principal.id, key, fingerprint, () => push(msgRandom), api);
  } catch (error) {
    if (!(error instanceof IdempotencyConflict)) throw error;
    throw badInput('input.idempotencyKey was already used with a different input', 'input.idempotencyKey');
  }
}

export const IDEMPOTENCY_KEY_DESCRIPTION =
  'Repeating a request with the same key and the same input (within 24 h) returns the first result without pushing again; another input with that key is refused. A push whose outcome is unknown keeps its key: repeats answer PUSH_OUTCOME_UNKNOWN.';
