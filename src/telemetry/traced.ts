// The tracing hook other modules call (the upstream client): a span around an async step, a no-op unless
// src/telemetry/tracing.ts registered a tracer provider. Only @opentelemetry/api here, so callers pull in no SDK.
import { INVALID_SPAN_CONTEXT, SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';

export type { Span };

const tracer = trace.getTracer('timpush-gateway/upstream');
/** A span that records nothing: what `fn` gets while tracing is off. */
const NOT_RECORDED = trace.wrapSpanContext(INVALID_SPAN_CONTEXT);
let enabled = false;

/** Called by telemetry/tracing.ts once it registered a tracer provider: from then on, `traced` makes spans. */
export function enableTraced(): void {
  enabled = true;
}

/** Runs `fn` in a span named `name`, joined to the active operation's span; errors mark it failed. */
export function traced<T>(name: string, attributes: Attributes, fn: (span: Span) => Promise<T>): Promise<T> {
  // Off (the default): no span, no context switch, no extra promise on every upstream read.
  if (!enabled) return fn(NOT_RECORDED);
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
