// Pure pieces of "a push never goes out twice": the derived MsgRandom and the ErrorInfo scrubber.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { pino } from 'pino';
import {
  createIdempotency,
  createMemoryIdempotencyStore,
  fingerprintOf,
  msgRandomFor,
} from '../../src/idempotency/index.js';
import { PushOutcomeUnknownError, UpstreamError, sanitizeErrorInfo } from '../../src/upstream/errors.js';
import { isUInt32 } from '../../src/upstream/wire.js';

describe('msgRandomFor', () => {
  it('is a UInt32, the same for the same client and key, different otherwise', () => {
    const a = msgRandomFor('key:abc', 'order-1');
    expect(isUInt32(a)).toBe(true);
    expect(msgRandomFor('key:abc', 'order-1')).toBe(a);
    expect(msgRandomFor('key:abc', 'order-2')).not.toBe(a);
    expect(msgRandomFor('key:abd', 'order-1')).not.toBe(a);
  });

  it('keeps client and key apart: ("a", "bc") is not ("ab", "c")', () => {
    expect(msgRandomFor('a', 'bc')).not.toBe(msgRandomFor('ab', 'c'));
  });
});

describe('sanitizeErrorInfo', () => {
  it('keeps ordinary messages as they are', () => {
    expect(sanitizeErrorInfo('Invalid request parameters, TaskId xxx-yyy-zzz')).toBe(
      'Invalid request parameters, TaskId xxx-yyy-zzz',
    );
  });

  it.each([
    ['a URL', 'see https://adminapisgp.im.qcloud.com/v4/timpush/batch?sdkappid=1&usersig=abc', 'adminapisgp'],
    ['a request path', 'POST /v4/timpush/batch?usersig=abc&random=1', 'usersig=abc'],
    ['a usersig pair', 'usersig: "eJwzNDSw"', 'eJwzNDSw'],
    ['a secret key pair', 'SecretKey=abc123', 'abc123'],
    ['a long token', `sig ${'eJw1jcEKgjAcx*-_'.repeat(4)}`, 'eJw1jcEKgjAcx'],
    ['a hex key', `key ${'ab12'.repeat(16)}`, 'ab12ab12'],
  ])('removes %s', (_, info, secret) => {
    expect(sanitizeErrorInfo(info)).not.toContain(secret);
  });

  it('bounds the length', () => {
    expect(sanitizeErrorInfo('x '.repeat(2_000)).length).toBeLessThanOrEqual(500);
  });
});

describe('idempotency states', () => {
  const log = pino({ level: 'silent' });
  const setup = (leaseMs = 1_000) => {
    const store = createMemoryIdempotencyStore();
    return { store, idempotency: createIdempotency({ store, ttlMs: 60_000, leaseMs, log }) };
  };

  it('resolves a claim whose owner died (lease gone, no result) to PUSH_OUTCOME_UNKNOWN, never pushing', async () => {
    const { store, idempotency } = setup(30);
    // What a replica that died mid-push leaves behind: its claim, under the same id run() would use.
    const id = createHash('sha256').update('client\u0000order').digest('hex');
    const claim = {
      state: 'claimed' as const,
      fingerprint: fingerprintOf({ n: 1 }),
      owner: 'dead',
      attemptedAt: new Date().toISOString(),
    };
    expect(await store.claim(id, claim, 60_000, 30)).toBeNull();
    let pushed = 0;
    await expect(idempotency.run('client', 'order', { n: 1 }, () => Promise.resolve(++pushed))).rejects.toBeInstanceOf(
      PushOutcomeUnknownError,
    );
    expect(pushed).toBe(0);
  });

  it('frees a key only on a definite failure', async () => {
    const { idempotency } = setup();
    const fail = () => Promise.reject(new UpstreamError('batch', 90045, 'off'));
    await expect(idempotency.run('c', 'k', 1, fail)).rejects.toBeInstanceOf(UpstreamError);
    expect(await idempotency.run('c', 'k', 1, () => Promise.resolve('sent'))).toBe('sent');
    const unexpected = () => Promise.reject(new TypeError('boom'));
    await expect(idempotency.run('c', 'k2', 1, unexpected)).rejects.toBeInstanceOf(PushOutcomeUnknownError);
    await expect(idempotency.run('c', 'k2', 1, () => Promise.resolve('again'))).rejects.toBeInstanceOf(
      PushOutcomeUnknownError,
    );
  });
});
