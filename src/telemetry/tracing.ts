// OpenTelemetry tracing, off unless an OTLP endpoint is configured: a span per operation and per resolver
// (envelop's plugin), and per upstream call (src/upstream/client.ts, through the global tracer).
import { useOpenTelemetry } from '@envelop/opentelemetry';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { Plugin } from 'graphql-yoga';
import { enableTraced } from './traced.js';

export interface TracingConfig {
  /** Where spans go: OTLP over HTTP (JSON), e.g. http://collector:4318/v1/traces. */
  tracesUrl: string;
  serviceName: string;
}

export interface Tracing {
  plugin: Plugin;
  /** Sends what is still buffered and stops. */
  shutdown(): Promise<void>;
}

export function startTracing({ tracesUrl, serviceName }: TracingConfig): Tracing {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: tracesUrl }), { scheduledDelayMillis: 1000 })],
  });
  // Global, with an AsyncLocalStorage context manager: upstream spans find their operation through it.
  provider.register();
  enableTraced();
  const plugin = useOpenTelemetry(
    // No variables, arguments of inline values nor results: they can hold user ids and push content.
    { resolvers: true, defaultResolvers: false, variables: false, result: false, document: false },
    provider,
    undefined,
    undefined,
    serviceName,
  ) as unknown as Plugin;
  return { plugin, shutdown: () => provider.shutdown() };
}
