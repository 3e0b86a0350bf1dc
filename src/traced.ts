// The tracing hook other modules call (the upstream client): a span around an async step, a no-op unless
// src/tracing.ts registered a tracer provider. Only @opentelemetry/api here, so callers pull in no SDK.
import { SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

export type { Span };

const tracer = trace.getTracer('timpush-gateway/upstream');

/** Runs `fn` in a span named `name`, joined to the active operation's span; errors mark it failed. */
export function traced<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).name });
      throw error;
    } finally {
      span.end();
    }
  });
}
