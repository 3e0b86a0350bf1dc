// The one door to Tencent: the transport (signed undici calls), the resilience policy (breaker, retries) and the
// scheduler (quota slots, coalescing, per-key cache) put together. Callers open a session per requester.
import { createResilience, type ResilienceOptions } from './resilience.js';
import {
  createScheduler,
  type Lane,
  type SchedulerOptions,
  type Session,
  type SessionOptions,
} from './scheduler/index.js';
import { createTransport, type TransportOptions } from './transport.js';

export { longestTtl, type CacheTtls } from './apis/types.js';

/** What the transport, the resilience policy and the scheduler each need, in one object. */
export interface UpstreamOptions
  extends TransportOptions, ResilienceOptions, Omit<SchedulerOptions, 'transport' | 'resilience' | 'callBudgetMs'> {}

export interface UpstreamClient {
  /** A requester's handle: its reads and writes take turns with other requesters' in `lane`. */
  session(lane?: Lane, opts?: SessionOptions): Session;
  /** A cheap reachability probe for readiness: a TCP connection to the upstream, no request. */
  reachable(): Promise<boolean>;
  close(): Promise<void>;
}

export function createUpstreamClient(opts: UpstreamOptions): UpstreamClient {
  const transport = createTransport(opts);
  const scheduler = createScheduler({
    ...opts,
    transport,
    resilience: createResilience(opts),
    callBudgetMs: opts.deadlineMs + opts.timeoutMs * opts.maxAttempts,
  });
  return {
    session: (lane, sessionOpts) => scheduler.session(lane, sessionOpts),
    reachable: () => transport.reachable(),
    async close() {
      scheduler.close();
      await transport.close();
    },
  };
}
