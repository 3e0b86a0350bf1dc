// Pure pieces of "a push never goes out twice": the derived MsgRandom and the ErrorInfo scrubber.
import { describe, expect, it } from 'vitest';
import { msgRandomFor } from '../../src/idempotency/index.js';
import { sanitizeErrorInfo } from '../../src/upstream/errors.js';
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
