// Failures of the upstream as values with a code; src/errors.ts turns them into GraphQL errors in one place.
import type { Api } from './wire.js';
import { TRANSIENT_CODES } from './codes.js';

/** The upstream answered `ActionStatus: FAIL`. */
export class UpstreamError extends Error {
  constructor(
    readonly api: Api,
    readonly errorCode: number,
    readonly errorInfo: string,
  ) {
    super(`${api} failed with ${errorCode}: ${errorInfo}`);
    this.name = 'UpstreamError';
  }
  get transient(): boolean {
    return TRANSIENT_CODES.has(this.errorCode);
  }
}

/** The upstream could not be reached or answered something that is not its protocol. */
export class UpstreamUnavailableError extends Error {
  constructor(
    readonly api: Api,
    reason: string,
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

export const isTransient = (error: unknown): boolean =>
  error instanceof UpstreamUnavailableError || (error instanceof UpstreamError && error.transient);
