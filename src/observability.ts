// Request ids, one structured log line and one duration sample per GraphQL operation.
import { randomUUID } from 'node:crypto';
import { getOperationAST, type ExecutionArgs } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin, type YogaLogger } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.js';

export const requestIdOf = (request: Request): string => {
  const given = request.headers.get('x-request-id');
  return given && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();
};

export function useObservability(metrics: Metrics, log: Logger): Plugin<{ requestId: string }> {
  const ids = new WeakMap<Request, string>();
  return {
    onRequest({ request }) {
      ids.set(request, requestIdOf(request));
    },
    onContextBuilding({ context, extendContext }) {
      extendContext({ requestId: ids.get(context.request) ?? randomUUID() });
    },
    onExecute({ args }) {
      const started = performance.now();
      // envelop types the execution arguments as any, to serve every graphql-js version; these are graphql 16's.
      const a: ExecutionArgs = args;
      const operation = getOperationAST(a.document, a.operationName);
      const name = operation?.name?.value ?? 'anonymous';
      const type = operation?.operation ?? 'query';
      const finish = (errors: number) => {
        const seconds = (performance.now() - started) / 1000;
        metrics.operationDuration.observe({ operation: name, type }, seconds);
        log.info(
          { requestId: args.contextValue.requestId, operation: name, type, ms: Math.round(seconds * 1000), errors },
          'operation',
        );
      };
      return {
        onExecuteDone(payload) {
          let errors = 0;
          return handleStreamOrSingleExecutionResult(payload, ({ result }) => {
            errors += result.errors?.length ?? 0;
            if (!('hasNext' in result) || result.hasNext !== true) finish(errors);
          });
        },
      };
    },
    onResponse({ request, response }) {
      const id = ids.get(request);
      if (id) response.headers.set('x-request-id', id);
    },
  };
}

/** yoga's own log calls, into pino. */
export function yogaLogger(log: Logger): YogaLogger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) => {
      const [first, ...rest] = args;
      if (first instanceof Error) log[level]({ err: { name: first.name, message: first.message } }, 'graphql-yoga');
      else log[level]({ detail: rest.length ? rest : undefined }, String(first));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
