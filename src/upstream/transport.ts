// One signed HTTP call to Tencent: query string with a fresh UserSig and random, JSON both ways, the answer's
// envelope checked. Reports the moment the request actually leaves, which is what the quota must space.
import { randomInt } from 'node:crypto';
import { subscribe } from 'node:diagnostics_channel';
import { connect } from 'node:net';
import { Pool } from 'undici';
import { isObject, type Json } from './decode.js';
import { UpstreamError, UpstreamUnavailableError } from './errors.js';
import { LIMITS, apiPath, type Api } from './wire.js';

export type { Json } from './decode.js';

export interface TransportOptions {
  baseUrl: string;
  sdkAppId: number;
  identifier: string;
  sign: () => string;
  timeoutMs: number;
}

export interface Transport {
  /**
   * Posts `body` to `api`; `onSent` gets the time (performance.now()) the request's headers were written to
   * the socket: after signing, after connecting, after waiting for a free connection.
   */
  call(api: Api, body: Json, onSent: (at: number) => void): Promise<Json>;
  /** A cheap reachability probe for readiness: a TCP connection to the upstream, no request. */
  reachable(): Promise<boolean>;
  close(): Promise<void>;
}

/** undici and socket error codes raised before a connection existed: the request cannot have left. */
const NEVER_SENT: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
]);

/** Requests in flight by path (unique: it holds a fresh random) → who wants to know when it left. */
const departures = new Map<string, (at: number) => void>();
subscribe('undici:client:sendHeaders', (message) => {
  const { request } = message as { request: { path: string } };
  const onSent = departures.get(request.path);
  if (!onSent) return;
  departures.delete(request.path);
  onSent(performance.now());
});

export function createTransport(opts: TransportOptions): Transport {
  const origin = new URL(opts.baseUrl).origin;
  const pool = new Pool(origin, {
    connections: 32,
    headersTimeout: opts.timeoutMs,
    bodyTimeout: opts.timeoutMs,
    connect: { timeout: Math.min(opts.timeoutMs, 5_000) },
    // Real answers are a few KB; a runaway one must not take the process's memory with it.
    maxResponseSize: 4 * 1024 * 1024,
  });

  async function post(api: Api, body: Json, onSent: (at: number) => void): Promise<Json> {
    const query = new URLSearchParams({
      sdkappid: String(opts.sdkAppId),
      identifier: opts.identifier,
      usersig: opts.sign(),
      random: String(randomInt(0, LIMITS.maxUInt32)),
      contenttype: 'json',
    });
    const path = `${apiPath(api)}?${query}`;
    // From here on the request may reach the upstream: a write that ends without an answer has an unknown outcome.
    const attemptedAt = new Date();
    let status: number;
    let text: string;
    departures.set(path, onSent);
    try {
      const res = await pool.request({
        method: 'POST',
        path,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (error) {
      // Only the error's code or name: undici messages could carry the path, which holds the usersig.
      const e = error as { code?: unknown; name?: string };
      const reason = typeof e.code === 'string' ? e.code : (e.name ?? 'network error');
      // Only a connection that was never made surely carried nothing; anything later may have delivered it.
      throw new UpstreamUnavailableError(api, reason, NEVER_SENT.has(reason) ? undefined : attemptedAt);
    } finally {
      departures.delete(path);
    }
    // Something answered: the request reached at least a proxy in front of the upstream.
    if (status !== 200) throw new UpstreamUnavailableError(api, `HTTP ${status}`, attemptedAt);
    let answer: unknown;
    try {
      answer = JSON.parse(text);
    } catch {
      throw new UpstreamUnavailableError(api, 'the answer is not JSON', attemptedAt);
    }
    if (!isObject(answer) || typeof answer.ActionStatus !== 'string') {
      throw new UpstreamUnavailableError(api, 'the answer is not the push API protocol', attemptedAt);
    }
    return answer;
  }

  return {
    async call(api, body, onSent) {
      const answer = await post(api, body, onSent);
      if (answer.ActionStatus !== 'OK') {
        const code = typeof answer.ErrorCode === 'number' ? answer.ErrorCode : -1;
        throw new UpstreamError(api, code, typeof answer.ErrorInfo === 'string' ? answer.ErrorInfo : '');
      }
      return answer;
    },
    reachable: () => canConnect(new URL(origin), 2_000),
    async close() {
      await pool.close();
    },
  };
}

function canConnect(url: URL, timeoutMs: number): Promise<boolean> {
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  return new Promise((resolve) => {
    const socket = connect({ host: url.hostname, port, timeout: timeoutMs });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}
