import { createHmac } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSigner, genUserSig, verifyUserSig } from '../../src/upstream/usersig.js';

const app = { sdkAppId: 1400000001, secretKey: 'k3y', identifier: 'administrator' };

describe('UserSig (TLSSigAPIv2)', () => {
  it('verifies what it signs', () => {
    const sig = genUserSig({ ...app, expireSeconds: 3600, now: 1_700_000_000 });
    expect(verifyUserSig(sig, { ...app, now: 1_700_000_100 })).toEqual({
      ok: true,
      identifier: 'administrator',
      sdkAppId: 1400000001,
      expiresAt: 1_700_003_600,
    });
  });

  it("uses Tencent's base64 variant (no + / =)", () => {
    for (let i = 0; i < 20; i++) {
      const sig = genUserSig({ ...app, expireSeconds: 86400 + i, now: 1_700_000_000 + i });
      expect(sig).not.toMatch(/[+/=]/);
    }
  });

  it('matches the reference algorithm for a fixed input', () => {
    // The HMAC text of TLSSigAPIv2: four lines, each ending in \n, keyed by the secret key.
    const sig = genUserSig({ ...app, expireSeconds: 180 * 86400, now: 1_600_000_000 });
    const json: unknown = JSON.parse(
      inflateSync(Buffer.from(sig.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '='), 'base64')).toString(),
    );
    const expected = createHmac('sha256', 'k3y')
      .update('TLS.identifier:administrator\nTLS.sdkappid:1400000001\nTLS.time:1600000000\nTLS.expire:15552000\n')
      .digest('base64');
    expect(json).toEqual({
      'TLS.ver': '2.0',
      'TLS.identifier': 'administrator',
      'TLS.sdkappid': 1400000001,
      'TLS.expire': 15552000,
      'TLS.time': 1600000000,
      'TLS.sig': expected,
    });
  });

  it('rejects an expired signature', () => {
    const sig = genUserSig({ ...app, expireSeconds: 60, now: 1_700_000_000 });
    expect(verifyUserSig(sig, { ...app, now: 1_700_000_061 })).toEqual({ ok: false, reason: 'expired' });
  });

  it('rejects another key, another app, another identifier and garbage', () => {
    const sig = genUserSig({ ...app, expireSeconds: 60 });
    expect(verifyUserSig(sig, { ...app, secretKey: 'other' })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verifyUserSig(sig, { ...app, sdkAppId: 1 })).toEqual({ ok: false, reason: 'sdkappid-mismatch' });
    expect(verifyUserSig(sig, { ...app, identifier: 'bob' })).toEqual({ ok: false, reason: 'identifier-mismatch' });
    expect(verifyUserSig('not-a-sig', app)).toEqual({ ok: false, reason: 'malformed' });
    const noSig = deflateSync(Buffer.from('{"TLS.ver":"2.0"}')).toString('base64');
    expect(verifyUserSig(noSig, app)).toEqual({ ok: false, reason: 'malformed' });
  });

  describe('createSigner', () => {
    afterEach(() => vi.useRealTimers());

    const expiresAt = (sig: string) => {
      const verdict = verifyUserSig(sig, { ...app, now: 0 });
      return verdict.ok ? verdict.expiresAt : verdict.reason;
    };

    it('reuses its signature, then renews it at 80% of its lifetime, before it expires', () => {
      vi.useFakeTimers({ now: 1_700_000_000_000 });
      const sign = createSigner({ ...app, lifetimeSeconds: 3600 });
      const first = sign();
      expect(expiresAt(first)).toBe(1_700_003_600);

      vi.advanceTimersByTime(2879_000); // 1 s before 80% of the hour
      expect(sign()).toBe(first);

      vi.advanceTimersByTime(1_000); // 80%: 12 minutes before the first one expires
      const renewed = sign();
      expect(renewed).not.toBe(first);
      expect(expiresAt(renewed)).toBe(1_700_002_880 + 3600);
      expect(sign()).toBe(renewed);
    });

    it('hands out a ready UserSig as given', () => {
      expect(createSigner({ ...app, secretKey: undefined, userSig: 'ready' })()).toBe('ready');
    });
  });
});
