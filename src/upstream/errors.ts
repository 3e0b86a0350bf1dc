// Failures of the upstream as values with a code; src/graphql/errors.ts turns them into GraphQL errors in one place.
import type { Api } from './apis/names.js';
import { TRANSIENT_CODES } from './codes.js';

/**
 * What the upstream writes in ErrorInfo goes to responses and logs: strip anything that looks like the request
 * URL, its query string, a UserSig or a key, whatever the upstream chose to echo.
 */
export function sanitizeErrorInfo(info: string): string {
  return (
    info
      .slice(0, 500)
      // URLs and request paths, with whatever query string follows them.
      .replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, '[url]')
      .replace(/\/v4\/\S+/gi, '[url]')
      // name=value pairs of the signed query string, however they are separated.
      .replace(
        /\b(usersig|sig|sign|secret[_-]?key|secretkey|key|token)\b\s*["']?\s*[=:]\s*["']?[^\s&"',;]+/gi,
        '$1=[redacted]',
      )
      .replace(/\b(sdkappid|identifier|random|contenttype)=[^\s&"',;]*/gi, '$1=[redacted]')
      // Long opaque tokens: a UserSig (base64 with *-_ as in TLSSigAPIv2), a hex or base64 secret key.
      .replace(/[A-Za-z0-9*_\-+/=]{40,}/g, '[redacted]')
  );
}

/** The upstream answered `ActionStatus: FAIL`. */
export class UpstreamError extends Error {
  readonly errorInfo: string;
  constructor(
    readonly api: Api,
    readonly errorCode: number,
    errorInfo: string,
  ) {
    const info = sanitizeErrorInfo(errorInfo);
    super(`${api} failed with ${errorCode}: ${info}`);
    this.name = 'UpstreamError';
    this.errorInfo = info;
  }
  get transient(): boolean {
    return TRANSIENT_CODES.has(this.errorCode);
  }
}

/** The upstream could not be reached or answered something that is not its protocol. */
export class UpstreamUnavailableError extends Error {
  constructor(
    readonly api: Api,
    readonly reason: string,
    /**
     * Set when the request may have reached the upstream (it left on the socket, or something came back):
     * for a write, the upstream may have acted on it. Unset when it surely never left.
     */
    readonly attemptedAt?: Date,
  ) {
    super(`${api} is unavailable: ${reason}`);
    this.name = 'UpstreamUnavailableError';
  }
}

/** The quota queue could not give the call a slot before its deadline. */
export class RateLimitedError extends Error {
  constructor(
    readonly api: Api,
    readonly waitMs: number,
  ) {
    super(`${api}: the upstream quota has no free slot within ${Math.ceil(waitMs / 1000)} s; try again later`);
    this.name = 'RateLimitedError';
  }
}

/**
 * A push may or may not have gone out: the request may have reached the upstream and no definite answer came
 * back. Not a failure to retry blindly: a retry could push twice.
 */
export class PushOutcomeUnknownError extends Error {
  constructor(
    readonly api: Api,
    readonly attemptedAt: Date,
    reason: string,
  ) {
    super(
      api === 'add_sched_task'
        ? `The scheduled push may or may not have been created (${reason}). Do not schedule it again blindly: ` +
            'look for it in scheduledPushes around its time; repeats with the same idempotencyKey give this answer again.'
        : `The push may or may not have gone out (${reason}). Do not send it again blindly: check whether it arrived ` +
            '(ask one of its recipients, trace one of its recipients once you know its TaskId, or match the push callbacks ' +
            'by the dataId you gave it); repeats with the same idempotencyKey give this answer again.',
    );
    this.name = 'PushOutcomeUnknownError';
  }
}

/**
 * No all-user, tag or attribute push is left today: the gateway's own count reached PUSH_DAILY_LIMIT, or the
 * upstream answered 90047 (pushes made elsewhere count too). Nothing was sent.
 */
export class DailyQuotaExhaustedError extends Error {
  constructor(
    readonly resetsAt: Date,
    readonly dailyLimit: number,
    /** The upstream's own answer, when it is the one that said so. */
    readonly upstream?: UpstreamError,
  ) {
    super(
      `No all-user, tag or attribute push is left today (${upstream ? 'the upstream answered 90047' : `${dailyLimit} a day`}); the next one can go at ${resetsAt.toISOString()}.`,
    );
    this.name = 'DailyQuotaExhaustedError';
  }
}

export const isTransient = (error: unknown): boolean =>
  error instanceof UpstreamUnavailableError || (error instanceof UpstreamError && error.transient);

/**
 * A write that failed definitely did nothing upstream: the upstream said FAIL, or the request never left
 * (quota refused, daily cap reached, circuit open, a store unreachable before sending, connection refused).
 */
export const isDefiniteFailure = (error: unknown): boolean =>
  error instanceof UpstreamError ||
  error instanceof DailyQuotaExhaustedError ||
  error instanceof RateLimitedError ||
  (error instanceof UpstreamUnavailableError && error.attemptedAt === undefined);
