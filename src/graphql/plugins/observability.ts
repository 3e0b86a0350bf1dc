// Request ids, one structured log line and one duration sample per GraphQL operation, refused ones included.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Kind, getOperationAST, parse, type ExecutionArgs, type GraphQLError } from 'graphql';
import {
  handleStreamOrSingleExecutionResult,
  isAsyncIterable,
  type Plugin,
  type YogaInitialContext,
  type YogaLogger,
} from 'graphql-yoga';
import type { Logger } from 'pino';
import { clientCodeOf } from '../errors.js';
import type { Metrics } from '../../telemetry/metrics.js';

/** The caller's x-request-id when it is a sane one, else a new id. */
export const validRequestId = (given: string | string[] | null | undefined): string =>
  typeof given === 'string' && /^[\w.:-]{1,128}$/.test(given) ? given : randomUUID();

export const requestIdOf = (request: Request): string => validRequestId(request.headers.get('x-request-id'));

/** The metrics label of an operation name: registered names as they are, any other `other`. */
export const operationLabel = (knownNames: ReadonlySet<string>, name: string | undefined): string =>
  name ? (knownNames.has(name) ? name : 'other') : 'anonymous';

/** Mistakes of the caller, not faults of ours: logged at info, or warn for the quota. */
const CLIENT_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_IN_LIST',
  'PERSISTED_QUERY_ID_REQUIRED',
]);

export function levelOf(codes: readonly string[]): 'info' | 'warn' | 'error' {
  if (codes.includes('INTERNAL_SERVER_ERROR')) return 'error';
  if (codes.every((c) => CLIENT_CODES.has(c))) return 'info';
  return 'warn'; // RATE_LIMITED, upstream failures: worth an operator's look, not a page
}

/**
 * Operation names that may become a metrics label: those of the registered (persisted) documents and the
 * example query. Any other name is `other`, so clients cannot mint series.
 */
export function registeredOperationNames(persistedDocumentsPath: string, extra: string[] = []): Set<string> {
  const names = new Set(extra);
  let store: Record<string, string> = {};
  try {
    store = JSON.parse(readFileSync(persistedDocumentsPath, 'utf8')) as Record<string, string>;
  } catch {
    // No registered documents: only the extra names are known.
  }
  for (const document of Object.values(store)) {
    for (const definition of parse(document).definitions) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) names.add(definition.name.value);
    }
  }
  return names;
}

interface Operation {
  id: string;
  started: number;
  name?: string;
  type?: string;
  done?: boolean;
}

/** The codes the client receives: errors are read before yoga masks them, so each is given its code here as
 * the masking will give it. */
const codesOf = (errors: readonly GraphQLError[] | undefined): string[] => (errors ?? []).map(clientCodeOf);

export function useObservability(
  metrics: Metrics,
  log: Logger,
  knownNames: ReadonlySet<string>,
): Plugin<{ requestId: string }> {
  const operations = new WeakMap<Request, Operation>();
  const label = (name: string | undefined) => operationLabel(knownNames, name);

  function finish(op: Operation, codes: string[]): void {
    if (op.done) return;
    op.done = true;
    const seconds = (performance.now() - op.started) / 1000;
    const type = op.type ?? 'query';
    metrics.operationDuration.observe({ operation: label(op.name), type }, seconds);
    const line = { requestId: op.id, operation: op.name ?? 'anonymous', type, ms: Math.round(seconds * 1000) };
    if (codes.length === 0) log.info(line, 'operation');
    else log[levelOf(codes)]({ ...line, errors: codes.length, codes: [...new Set(codes)] }, 'operation failed');
  }

  return {
    onRequest({ request }) {
      operations.set(request, { id: requestIdOf(request), started: performance.now() });
    },
    onParams({ params, request }) {
      const op = operations.get(request);
      if (!op) return;
      // Refused operations never reach execution: name them from the request, cheaply.
      if (typeof params.operationName === 'string') op.name = params.operationName.slice(0, 100);
      else if (typeof params.query === 'string')
        op.name = /\b(?:query|mutation|subscription)\s+(\w{1,100})/.exec(params.query)?.[1];
    },
    onContextBuilding({ context, extendContext }) {
      extendContext({ requestId: operations.get(context.request)?.id ?? randomUUID() });
    },
    onExecute({ args }) {
      const { contextValue, document, operationName } = args as ExecutionArgs;
      const op = operations.get((contextValue as YogaInitialContext).request);
      if (!op) return;
      const operation = getOperationAST(document, operationName);
      op.name = operation?.name?.value ?? op.name;
      op.type = operation?.operation ?? 'query';
      return {
        onExecuteDone(payload) {
          const codes: string[] = [];
          return handleStreamOrSingleExecutionResult(payload, ({ result }) => {
            codes.push(...codesOf(result.errors));
            if ('incremental' in result && Array.isArray(result.incremental)) {
              for (const part of result.incremental as { errors?: GraphQLError[] }[])
                codes.push(...codesOf(part.errors));
            }
            if (!('hasNext' in result) || result.hasNext !== true) finish(op, codes);
          });
        },
      };
    },
    // Every answer passes here, also those refused before execution (authentication, parsing, validation, cost).
    onResultProcess({ request, result }) {
      const op = operations.get(request);
      if (!op || isAsyncIterable(result)) return;
      const results = Array.isArray(result) ? result : [result];
      finish(
        op,
        results.flatMap((r) => codesOf(r.errors)),
      );
    },
    onResponse({ request, response }) {
      const id = operations.get(request)?.id;
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
      // yoga logs every error it masks; ours are coded and on the operation's line, unexpected ones are logged
      // at error by maskError's caller, so here they are detail.
      if (first instanceof Error) log.debug({ err: { name: first.name, message: first.message } }, 'graphql-yoga');
      else log[level]({ detail: rest.length ? rest : undefined }, String(first));
    };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
