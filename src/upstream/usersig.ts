// TLSSigAPIv2 UserSig: HMAC-SHA256 over a fixed text, in JSON, zlib-deflated, in Tencent's base64 variant.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';

interface SigDoc {
  'TLS.ver': string;
  'TLS.identifier': string;
  'TLS.sdkappid': number;
  'TLS.expire': number;
  'TLS.time': number;
  'TLS.sig': string;
}

// Tencent's variant of base64: '+' → '*', '/' → '-', '=' → '_'.
const toTencentBase64 = (buf: Buffer): string =>
  buf.toString('base64').replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
const fromTencentBase64 = (text: string): Buffer =>
  Buffer.from(text.replace(/\*/g, '+').replace(/-/g, '/').replace(/_/g, '='), 'base64');

const hmac = (key: string, identifier: string, sdkAppId: number, time: number, expire: number): string =>
  createHmac('sha256', key)
    .update(`TLS.identifier:${identifier}\nTLS.sdkappid:${sdkAppId}\nTLS.time:${time}\nTLS.expire:${expire}\n`)
    .digest('base64');

export interface SignOptions {
  sdkAppId: number;
  secretKey: string;
  identifier: string;
  /** Lifetime in seconds. */
  expireSeconds: number;
  /** Unix seconds; defaults to now. */
  now?: number;
}

export function genUserSig({ sdkAppId, secretKey, identifier, expireSeconds, now }: SignOptions): string {
  const time = now ?? Math.floor(Date.now() / 1000);
  const doc: SigDoc = {
    'TLS.ver': '2.0',
    'TLS.identifier': identifier,
    'TLS.sdkappid': sdkAppId,
    'TLS.expire': expireSeconds,
    'TLS.time': time,
    'TLS.sig': hmac(secretKey, identifier, sdkAppId, time, expireSeconds),
  };
  return toTencentBase64(deflateSync(Buffer.from(JSON.stringify(doc))));
}

export type VerifyResult =
  | { ok: true; identifier: string; sdkAppId: number; expiresAt: number }
  | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' | 'identifier-mismatch' | 'sdkappid-mismatch' };

export interface VerifyOptions {
  sdkAppId: number;
  secretKey: string;
  identifier: string;
  now?: number;
}

export function verifyUserSig(userSig: string, { sdkAppId, secretKey, identifier, now }: VerifyOptions): VerifyResult {
  let doc: Partial<SigDoc>;
  try {
    doc = JSON.parse(inflateSync(fromTencentBase64(userSig)).toString('utf8')) as Partial<SigDoc>;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  const { 'TLS.identifier': id, 'TLS.sdkappid': appId, 'TLS.time': time, 'TLS.expire': expire, 'TLS.sig': sig } = doc;
  if (
    typeof id !== 'string' ||
    typeof appId !== 'number' ||
    typeof time !== 'number' ||
    typeof expire !== 'number' ||
    typeof sig !== 'string'
  ) {
    return { ok: false, reason: 'malformed' };
  }
  if (appId !== sdkAppId) return { ok: false, reason: 'sdkappid-mismatch' };
  if (id !== identifier) return { ok: false, reason: 'identifier-mismatch' };
  const expected = Buffer.from(hmac(secretKey, id, appId, time, expire));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given))
    return { ok: false, reason: 'bad-signature' };
  const nowSeconds = now ?? Math.floor(Date.now() / 1000);
  if (time + expire < nowSeconds) return { ok: false, reason: 'expired' };
  return { ok: true, identifier: id, sdkAppId: appId, expiresAt: time + expire };
}

/**
 * A UserSig source for the client: signs with the secret key and renews well before expiry,
 * or hands out a ready UserSig as given.
 */
export function createSigner(opts: {
  sdkAppId: number;
  identifier: string;
  secretKey?: string;
  userSig?: string;
  lifetimeSeconds?: number;
}): () => string {
  const { sdkAppId, identifier, secretKey, userSig } = opts;
  if (!secretKey) {
    if (!userSig) throw new Error('a secret key or a UserSig is needed to sign upstream calls');
    return () => userSig;
  }
  const lifetime = opts.lifetimeSeconds ?? 7 * 24 * 3600;
  let current = '';
  let renewAt = 0;
  return () => {
    const now = Math.floor(Date.now() / 1000);
    if (now >= renewAt) {
      current = genUserSig({ sdkAppId, secretKey, identifier, expireSeconds: lifetime, now });
      renewAt = now + Math.floor(lifetime * 0.8);
    }
    return current;
  };
}
