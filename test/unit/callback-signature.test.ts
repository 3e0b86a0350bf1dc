import { describe, expect, it } from 'vitest';
import { callbackSign, verifyCallbackSign } from '../../src/events/signature.js';

describe('callback signature', () => {
  it("matches Tencent's documented test vector", () => {
    expect(callbackSign('xxxxyyyy', 1669872112)).toBe(
      '17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061',
    );
  });

  it('accepts the documented vector at its own time, and within 60 s of it', () => {
    const sign = '17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061';
    expect(verifyCallbackSign('xxxxyyyy', sign, '1669872112', 1669872112)).toEqual({ ok: true });
    expect(verifyCallbackSign('xxxxyyyy', sign.toUpperCase(), '1669872112', 1669872172)).toEqual({ ok: true });
    expect(verifyCallbackSign('xxxxyyyy', sign, '1669872112', 1669872173).ok).toBe(false);
    expect(verifyCallbackSign('xxxxyyyy', sign, '1669872112', 1669872051).ok).toBe(false);
  });

  it('refuses another token, a truncated sign and a RequestTime that is not unix seconds', () => {
    const sign = callbackSign('xxxxyyyy', 1669872112);
    expect(verifyCallbackSign('xxxyyy', sign, '1669872112', 1669872112).ok).toBe(false);
    expect(verifyCallbackSign('xxxxyyyy', sign.slice(0, 63), '1669872112', 1669872112).ok).toBe(false);
    expect(verifyCallbackSign('xxxxyyyy', sign, '1669872112.0', 1669872112).ok).toBe(false);
    expect(verifyCallbackSign('xxxxyyyy', null, '1669872112', 1669872112).ok).toBe(false);
  });
});
