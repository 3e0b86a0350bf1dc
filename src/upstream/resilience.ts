// What to do when a call fails: per API a circuit breaker, and for reads a retry after an exponential backoff
// with jitter when the failure is transient. Auth failures are never retried: repeated bad signatures lock the
// account (70050).
import {
  BrokenCircuitError,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { FREQUENCY_LIMIT_CODE } from './codes.js';
import { UpstreamError, UpstreamUnavailableError, isTransient } from './errors.js';
import type { Api } from './wire.js';

export interface ResilienceOptions {
  /** Attempts per read, the first included; each attempt takes its own quota slot. */
  maxAttempts: number;
  /** Consecutive failures that open an API's breaker, and how long it stays open. */
  breaker: { threshold: number; halfOpenAfterMs: number };
}

export interface Resilience {
  /** Runs one call under the API's breaker; an open breaker fails at once, calling nothing. */
  guard<T>(api: Api, call: () => Promise<T>): Promise<T>;
  /** The backoff before attempt `attempt + 1` of a failed read, or null when it must not be retried. */
  retryAfter(error: unknown, attempt: number): number | null;
}

export function createResilience(opts: ResilienceOptions): Resilience {
  // A frequency-limit answer says we are too fast, not that the upstream is down.
  const breaks = (e: Error) => isTransient(e) && !(e instanceof UpstreamError && e.errorCode === FREQUENCY_LIMIT_CODE);
  const breakers = new Map<Api, CircuitBreakerPolicy>();
  const breakerOf = (api: Api) => {
    let breaker = breakers.get(api);
    if (!breaker) {
      breaker = circuitBreaker(handleWhen(breaks), {
        halfOpenAfter: opts.breaker.halfOpenAfterMs,
        breaker: new ConsecutiveBreaker(opts.breaker.threshold),
      });
      breakers.set(api, breaker);
    }
    return breaker;
  };
  return {
    async guard(api, call) {
      try {
        return await breakerOf(api).execute(call);
      } catch (error) {
        if (error instanceof BrokenCircuitError) {
          throw new UpstreamUnavailableError(api, 'failing repeatedly; calls are paused for a moment (circuit open)');
        }
        throw error;
      }
    },
    retryAfter(error, attempt) {
      if (attempt >= opts.maxAttempts || !isTransient(error)) return null;
      const ceiling = Math.min(5_000, 200 * 2 ** (attempt - 1));
      return ceiling / 2 + Math.random() * (ceiling / 2);
    },
  };
}

/** A breaker that refused the call: nothing was sent. */
export const isCircuitOpen = (error: unknown): boolean =>
  error instanceof UpstreamUnavailableError && error.message.endsWith('(circuit open)');
