// Prometheus metrics of one gateway instance, in its own registry (several gateways may share a process).
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The process's event-loop delay since it started, never reset (prom-client's own lag metrics restart at each
 * scrape): anything that holds the loop (a synchronous start-up step, a long computation) shows here.
 */
let loopDelay: IntervalHistogram | undefined;
export function eventLoopDelay(): IntervalHistogram {
  if (!loopDelay) {
    loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
  }
  return loopDelay;
}

export function createMetrics({ defaults = false }: { defaults?: boolean } = {}) {
  const registry = new Registry();
  if (defaults) collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const delay = eventLoopDelay();
  return {
    registry,
    loopDelayMax: new Gauge({
      name: 'timpush_event_loop_delay_max_seconds',
      help: 'The longest the event loop was held since the process started (perf_hooks monitorEventLoopDelay)',
      registers,
      collect() {
        this.set(delay.max / 1e9);
      },
    }),
    loopDelayP99: new Gauge({
      name: 'timpush_event_loop_delay_p99_seconds',
      help: 'The 99th percentile of event-loop delay since the process started',
      registers,
      collect() {
        this.set(delay.percentile(99) / 1e9);
      },
    }),
    upstreamCalls: new Counter({
      name: 'timpush_upstream_calls_total',
      help: 'Upstream HTTP calls by API and outcome (ok, upstream_error, unavailable)',
      labelNames: ['api', 'outcome'] as const,
      registers,
    }),
    upstreamLatency: new Histogram({
      name: 'timpush_upstream_latency_seconds',
      help: 'Upstream HTTP call latency',
      labelNames: ['api'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    quotaWait: new Histogram({
      name: 'timpush_quota_wait_seconds',
      help: 'Time an upstream call waited for its quota slot',
      labelNames: ['api'] as const,
      buckets: [0, 0.1, 0.5, 1, 2, 5, 10, 20, 30, 60],
      registers,
    }),
    quotaQueue: new Gauge({
      name: 'timpush_quota_queue_depth',
      help: 'Upstream calls of this process waiting for their quota slot',
      labelNames: ['api'] as const,
      registers,
    }),
    rateLimited: new Counter({
      name: 'timpush_quota_rejected_total',
      help: 'Calls refused because no quota slot was free before their deadline',
      labelNames: ['api'] as const,
      registers,
    }),
    cacheLookups: new Counter({
      name: 'timpush_cache_lookups_total',
      help: 'Response cache lookups by API and result (hit, miss)',
      labelNames: ['api', 'result'] as const,
      registers,
    }),
    responseCache: new Counter({
      name: 'timpush_response_cache_total',
      help: 'Whole-answer cache: hit, miss, stored, first (a first sighting, answered and not kept)',
      labelNames: ['result'] as const,
      registers,
    }),
    operationDuration: new Histogram({
      name: 'timpush_graphql_operation_duration_seconds',
      help: 'GraphQL operation duration',
      labelNames: ['operation', 'type'] as const,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    }),
  };
}
export type Metrics = ReturnType<typeof createMetrics>;
