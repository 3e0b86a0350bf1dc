// Sending one call: the signed request under the API's breaker, its answer split back per key and cached, or
// its failure retried (reads, each in a new slot), made unclear (a push that may have left) or passed on.
import { context } from '@opentelemetry/api';
import { traced } from '../../telemetry/traced.js';
import { UpstreamError, UpstreamUnavailableError } from '../errors.js';
import { isCircuitOpen } from '../resilience.js';
import type { Api } from '../wire.js';
import type { Json, WriteApi } from '../apis/types.js';
import type { Core, Entry } from './core.js';
import type { Intents } from './intents.js';
import type { Send } from './pump.js';

/**
 * A write whose request may have reached the upstream and got no answer that says what happened: its API says
 * what that means (a push: its outcome is unknown). Either sign is enough: the transport's (the failure came
 * after a connection existed) or the socket's (the request's headers were written).
 */
function unclear(desc: WriteApi<unknown, unknown>, error: unknown, left: boolean, sent: Date): unknown {
  if (!desc.unclear || !(error instanceof UpstreamUnavailableError)) return error;
  const at = error.attemptedAt ?? (left ? sent : undefined);
  return at ? desc.unclear(at, error.reason) : error;
}

export function createSender(core: Core, intents: Intents): Send {
  const { opts } = core;
  const { quota, cache, transport, resilience, metrics, log } = opts;
  const { settle } = intents;

  function retryOrFail(call: Entry[], error: unknown): void {
    for (const entry of call) {
      const delay = entry.desc.kind === 'read' ? resilience.retryAfter(error, ++entry.attempts) : null;
      if (delay === null) {
        settle(entry, { error });
        continue;
      }
      log.warn(
        { api: entry.api, err: (error as Error).message, delayMs: Math.round(delay) },
        'retrying a transient upstream failure',
      );
      setTimeout(() => intents.enqueue(entry, true), delay);
    }
  }

  /** The call under the API's breaker, in a span of the request that asked first. */
  function attempt(api: Api, call: Entry[], body: Json, plannedAt: number, onSent: (at: number) => void) {
    const first = call[0]!;
    const attributes = {
      'timpush.upstream.api': api,
      'timpush.upstream.attempt': first.attempts + 1,
      'timpush.upstream.quota_wait_ms': Math.round(plannedAt - first.enqueuedAtPerf),
      'timpush.upstream.keys': call.length,
    };
    return context.with(first.trace, () =>
      traced(`upstream ${api} attempt`, attributes, async (span) => {
        try {
          const result = await resilience.guard(api, () => transport.call(api, body, onSent));
          span.setAttribute('timpush.upstream.outcome', 'ok');
          return result;
        } catch (error) {
          span.setAttribute('timpush.upstream.outcome', error instanceof UpstreamError ? 'upstream_error' : 'failed');
          throw error;
        }
      }),
    );
  }

  /** A successful answer to its intents: a write's result, or each read's part of it, kept in the cache. */
  async function answered(api: Api, call: Entry[], answer: Json, attemptedAt: Date): Promise<void> {
    const { desc } = call[0]!;
    if (desc.kind === 'write') {
      let result: unknown;
      try {
        result = desc.decode(answer, attemptedAt);
      } catch (error) {
        return settle(call[0]!, { error });
      }
      return settle(call[0]!, { value: result });
    }
    let parts: Json[];
    try {
      parts = desc.split(
        answer,
        call.map((e) => e.key),
      );
    } catch (error) {
      return call.forEach((entry) => settle(entry, { error }));
    }
    await Promise.all(
      call.map((entry, i) =>
        entry.ttlMs > 0
          ? cache
              .set(entry.id, parts[i], entry.ttlMs)
              // The answer is paid for: a cache that cannot keep it costs a later call, not this one.
              .catch(() => log.warn({ api }, 'could not store an answer in the cache'))
          : Promise.resolve(),
      ),
    );
    call.forEach((entry, i) => settle(entry, { value: parts[i] }));
  }

  return async (api, call, sentAt, plannedAt) => {
    const { desc } = call[0]!;
    const keys = call.map((e) => e.key);
    const body = desc.kind === 'read' ? desc.body(keys) : desc.body(keys[0]);
    let left = false;
    let attemptedAt = new Date();
    const confirm = (lateMs: number | null) =>
      quota
        .confirm(core.quotaKey(api), sentAt, lateMs)
        .catch(() => log.warn({ api }, 'could not record when a call left in the quota store'));
    const onSent = (at: number) => {
      left = true;
      attemptedAt = new Date(performance.timeOrigin + at);
      void confirm(at - plannedAt);
    };
    const stopTimer = metrics.upstreamLatency.startTimer({ api });
    let outcome: string | undefined = 'unavailable';
    let answer: Json;
    try {
      answer = await attempt(api, call, body, plannedAt, onSent);
      outcome = 'ok';
    } catch (error) {
      if (error instanceof UpstreamError) outcome = 'upstream_error';
      if (isCircuitOpen(error)) {
        // Nothing was sent, and nothing of this API will be while the breaker is open.
        outcome = undefined;
        call.forEach((entry) => settle(entry, { error }));
        return intents.failQueued(api, error);
      }
      if (desc.kind === 'write') return settle(call[0]!, { error: unclear(desc, error, left, attemptedAt) });
      return retryOrFail(call, error);
    } finally {
      if (!left) void confirm(null);
      if (outcome) {
        stopTimer();
        metrics.upstreamCalls.inc({ api, outcome });
      }
    }
    await answered(api, call, answer, attemptedAt);
  };
}
