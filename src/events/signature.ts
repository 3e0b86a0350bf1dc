// Tencent's callback authentication: Sign = hex SHA-256 of the console token followed by RequestTime (not an HMAC,
// and the body is not covered, hence the de-duplication of events).
import { createHash, timingSafeEqual } from 'node:crypto';

/** How far RequestTime may be from now, in seconds, as the documentation prescribes. */
export const SIGN_WINDOW_SECONDS = 60;

export const callbackSign = (token: string, requestTime: string | number): string =>
  createHash('sha256').update(`${token}${requestTime}`).digest('hex');

export type SignVerdict = { ok: true } | { ok: false; reason: string };

export function verifyCallbackSign(
  token: string,
  sign: string | null,
  requestTime: string | null,
  nowSeconds: number,
): SignVerdict {
  if (!sign || !requestTime) return { ok: false, reason: 'Sign and RequestTime are required' };
  if (!/^\d{1,12}$/.test(requestTime)) return { ok: false, reason: 'RequestTime must be unix seconds' };
  if (Math.abs(nowSeconds - Number(requestTime)) > SIGN_WINDOW_SECONDS)
    return { ok: false, reason: `RequestTime is more than ${SIGN_WINDOW_SECONDS} s away from now` };
  const expected = Buffer.from(callbackSign(token, requestTime), 'utf8');
  const given = Buffer.from(sign.toLowerCase(), 'utf8');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'Sign does not match' };
  return { ok: true };
}

/** The URL Tencent calls: SdkAppid, CallbackCommand, contenttype, and with a token, RequestTime and Sign. */
export function callbackUrl(
  base: string,
  {
    sdkAppId,
    command,
    token,
    requestTime,
  }: { sdkAppId: number; command: string; token?: string; requestTime?: number },
): string {
  const url = new URL(base);
  url.searchParams.set('SdkAppid', String(sdkAppId));
  url.searchParams.set('CallbackCommand', command);
  url.searchParams.set('contenttype', 'json');
  url.searchParams.set('ClientIP', '127.0.0.1');
  url.searchParams.set('OptPlatform', 'RESTAPI');
  if (token !== undefined) {
    const time = String(requestTime ?? Math.floor(Date.now() / 1000));
    url.searchParams.set('RequestTime', time);
    url.searchParams.set('Sign', callbackSign(token, time));
  }
  return url.toString();
}
