// The GraphQL server: yoga over the schema, with one scheduler session per request in its context and the
// plugins in the order they must wrap each other (each plugin's file says what it does).
import { readFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { getOperationAST, parse } from 'graphql';
import { createYoga, type GraphiQLOptions, type YogaServerInstance } from 'graphql-yoga';
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createInMemoryAPQStore, useAPQ } from '@graphql-yoga/plugin-apq';
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { createLoaders } from '../loaders/index.js';
import { packageRoot } from '../process/paths.js';
import type { Runtime } from '../runtime.js';
import { buildSchema, type RequestContext } from '../schema/index.js';
import { lastSevenDays } from '../schema/validate.js';
import type { Tracing } from '../telemetry/tracing.js';
import { maskError } from './errors.js';
import { useClientAuth, useJwtVerification } from './plugins/auth.js';
import { useUpstreamBudget } from './plugins/cost.js';
import { useCompiledExecution, useVariableCoercion } from './plugins/execution.js';
import { useIncrementalAcceptCheck, useIncrementalErrorMasking } from './plugins/incremental.js';
import { registeredOperationNames, useObservability, yogaLogger } from './plugins/observability.js';
import { useWarnings } from './plugins/warnings.js';
import type { ResponseCache } from './response-cache/index.js';

/**
 * What GraphiQL opens with: the TaskOverview client operation and the fragments it spreads, the files codegen
 * and the benchmark read too.
 */
export const EXAMPLE_QUERY = ['TaskOverview', 'LossSummary', 'UserTraceDetail']
  .map((name) => readFileSync(new URL(`client/operations/${name}.graphql`, packageRoot), 'utf8'))
  .join('\n');

/** Operation names metrics label by name: the trusted documents' and GraphiQL's example (others: `other`). */
export const knownOperationNames = (config: Config): Set<string> =>
  registeredOperationNames(config.persistedDocumentsPath, [operationName(EXAMPLE_QUERY)]);

export interface GraphqlServerOptions {
  config: Config;
  runtime: Runtime;
  log: Logger;
  /** The response cache, when on: it wraps each request's data sources and keeps whole answers. */
  answers?: ResponseCache;
  tracing?: Tracing;
  knownNames: ReadonlySet<string>;
  /** Renders the GraphiQL page (the HTTP layer's: src/http/graphiql-thread.ts). */
  renderGraphiql: (options?: GraphiQLOptions) => Promise<string>;
  /** The gateway's own documents by SHA-256, trusted beside the persisted ones (the exports' pages). */
  ownDocuments: Record<string, string>;
}

export type GraphqlServer = YogaServerInstance<Record<string, unknown>, RequestContext>;

export function createGraphqlServer({
  config,
  runtime,
  log,
  answers,
  tracing,
  knownNames,
  renderGraphiql,
  ownDocuments,
}: GraphqlServerOptions): GraphqlServer {
  const mask = (error: unknown) => maskError(error, (e) => log.error({ err: e }, 'unexpected error'));
  return createYoga<Record<string, unknown>, RequestContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: config.graphiql ? { title: 'timpush-gateway', defaultQuery: EXAMPLE_QUERY } : false,
    // The whole GraphiQL build inlined in the page: it works without access to a CDN.
    renderGraphiQL: (options) =>
      renderGraphiql(options).catch((err: unknown) => {
        log.error({ err }, 'GraphiQL could not be rendered');
        return 'GraphiQL could not be rendered; the gateway log says why.';
      }),
    cors: corsOf(config.corsOrigins),
    logging: yogaLogger(log),
    maskedErrors: { maskError: (error) => mask(error) },
    // The router refuses a POST without a Content-Length or over GATEWAY_MAX_BODY_BYTES before yoga sees it, and
    // Node's parser reads no more than the declared length: yoga's own limit would only pipe every body through
    // a counting stream (an AbortController and a DOMException per request).
    maxRequestBodySize: false,
    context: ({ req, request }) =>
      contextOf(config, runtime, answers, req as IncomingMessage | undefined, request.signal),
    plugins: [
      // First: graphql-jit's plugin replaces the execute function outright; later plugins (tracing's context)
      // wrap whichever function is current.
      ...useCompiledExecution(config.compileAfter),
      tracing?.plugin,
      useJwtVerification(config.auth),
      useClientAuth(config.auth),
      // Trusted documents only, or automatic persisted queries (Apollo's and urql's persisted links).
      config.persistedOnly
        ? usePersistedOperations({
            // The dashboard's own documents are always trusted beside the configured store.
            getPersistedOperation: persistedDocuments(
              [config.persistedDocumentsPath, new URL('web/gql/persisted-documents.json', packageRoot)],
              ownDocuments,
            ),
          })
        : useAPQ({ store: createInMemoryAPQStore({ max: 1000, ttl: 3_600_000 }) }),
      ...armorOf(config),
      !config.introspection && useDisableIntrospection(),
      useIncrementalAcceptCheck(),
      useVariableCoercion(),
      useUpstreamBudget(config.rates, config.maxUpstreamCalls),
      useDeferStream(),
      useIncrementalErrorMasking(mask),
      useWarnings(),
      useObservability(runtime.metrics, log, knownNames),
      answers?.plugin,
    ].filter((p) => typeof p === 'object'),
  });
}

/**
 * One request's context. Each request is one requester: its intents take turns with other requests' at the quota
 * queue, and leave it when the client goes away (the request's signal aborts when its connection closes).
 */
function contextOf(
  config: Config,
  runtime: Runtime,
  answers: ResponseCache | undefined,
  req: IncomingMessage | undefined,
  signal: AbortSignal,
): RequestContext {
  const api = runtime.pushApi('interactive', signal);
  const defaultWindow = lastSevenDays(new Date(), config.defaultWindowStepSeconds);
  const { live, recipients, idempotency } = runtime;
  // Per request, the response cache notes what an answer was built from and drops answers writes change.
  const node = answers && req;
  const requestApi = node ? answers.wrapApi(node, api, defaultWindow) : api;
  const history = node && runtime.history ? answers.wrapHistory(node, runtime.history) : runtime.history;
  return {
    loaders: createLoaders(requestApi, history),
    api: requestApi,
    defaultWindow,
    maxIds: config.maxIds,
    idempotency,
    live: node ? answers.wrapLive(node, live) : live,
    history,
    recipients: node && recipients ? answers.wrapRecipients(node, recipients) : recipients,
    alerts: node && runtime.alerts ? answers.wrapAlerts(node, runtime.alerts) : runtime.alerts,
    warnings: [],
  };
}

/** graphql-armor's limits on a document's shape; the upstream budget is the cost that matters here. */
function armorOf({ limits, introspection }: Config) {
  return new EnvelopArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    maxTokens: { n: limits.maxTokens },
    maxDirectives: { n: limits.maxDirectives },
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: !introspection },
  }).protect().plugins;
}

function corsOf(origins: string[] | undefined) {
  if (origins === undefined) return undefined; // yoga's default: any origin
  if (origins.length === 0) return false;
  return {
    origin: origins,
    credentials: true,
    allowedHeaders: ['content-type', 'authorization', 'x-api-key', 'x-request-id'],
  };
}

/** Trusted documents: the hash → document maps codegen writes (client preset, persistedDocuments), and `own`. */
function persistedDocuments(paths: (string | URL)[], own: Record<string, string>): (key: string) => string | null {
  const store = Object.assign(
    {},
    own,
    ...paths.map((path) => JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>),
  ) as Record<string, string>;
  return (key) => store[key] ?? store[`sha256:${key}`] ?? null;
}

const operationName = (document: string): string => getOperationAST(parse(document))?.name?.value ?? 'anonymous';
