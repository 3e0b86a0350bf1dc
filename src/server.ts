// Builds the HTTP gateway from a config: the runtime (stores and upstream, src/runtime.ts), schema, yoga, server.
import { readFileSync } from 'node:fs';
import { getOperationAST, parse } from 'graphql';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga } from 'graphql-yoga';
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createInMemoryAPQStore, useAPQ } from '@graphql-yoga/plugin-apq';
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { useClientAuth, useJwtVerification } from './auth.js';
import { useUpstreamBudget } from './cost.js';
import { useCompiledExecution, useVariableCoercion } from './execution.js';
import { ErrorCode, maskError } from './errors.js';
import { graphiqlRenderer } from './http/graphiql-thread.js';
import { closeInOrder } from './closing.js';
import { drainable } from './http/shutdown.js';
import { useIncrementalAcceptCheck, useIncrementalErrorMasking } from './incremental.js';
import { createCallbackHandler } from './http/callbacks.js';
import { createDashboardHandler } from './http/web.js';
import {
  createExportHandler,
  exportDocumentsByHash,
  exportRoute,
  type Answer as ExportAnswer,
} from './http/exports.js';
import { attachGraphqlWs } from './http/ws.js';
import { createLoaders } from './loaders/index.js';
import type { createMetrics } from './metrics.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
import { operationLabel, registeredOperationNames, useObservability, yogaLogger } from './observability.js';
import { createResponseCache } from './response-cache/index.js';
import { useWarnings } from './warnings.js';
import { longestTtl } from './upstream/client.js';
import { createMemoryAnswerStore, createRedisAnswerStore } from './response-cache/store.js';
import { buildSchema, type RequestContext } from './schema/index.js';
import { lastSevenDays } from './schema/validate.js';

/**
 * What GraphiQL opens with: the TaskOverview client operation and the fragments it spreads, the files codegen
 * and the benchmark read too.
 */
export const EXAMPLE_QUERY = ['TaskOverview', 'LossSummary', 'UserTraceDetail']
  .map((name) => readFileSync(new URL(`client/operations/${name}.graphql`, packageRoot()), 'utf8'))
  .join('\n');

/** The repository's root, from src/ under tsx or from dist/src/ once compiled (`npm start`). */
function packageRoot(): URL {
  const here = new URL('.', import.meta.url);
  return new URL(here.pathname.endsWith('/dist/src/') ? '../../' : '../', here);
}

/** What stopping may take beyond the grace given to in-flight requests: closing Redis, the database, tracing. */
export const CLOSE_MS = 4_000;

export interface GatewayOptions {
  config: Config;
  /** The upstream's origin: the region's domain, TIM_BASE_URL or the embedded emulator. */
  baseUrl: string;
  sign: () => string;
  log: Logger;
  /** How the history database is opened and its clock (tests); default: from the config. */
  history?: RuntimeOptions['history'];
}

export interface Gateway {
  server: ReturnType<typeof createServer>;
  /** The stores and upstream client beneath the HTTP layer (e.g. for background work in the same process). */
  runtime: Runtime;
  metrics: ReturnType<typeof createMetrics>;
  listen(port: number, host: string): Promise<string>;
  /**
   * Stops accepting, lets in-flight requests finish for up to graceMs (default SHUTDOWN_GRACE_MS), then closes
   * every part (each within a few seconds, whatever hangs); says how many requests were cut short and which parts
   * did not close.
   */
  close(graceMs?: number): Promise<{ cut: number; unclosed: string[] }>;
  /** Whether the dashboard is served at / (it is when dist/web was built). */
  dashboard: boolean;
  /** Drops the cached whole answers built from a task's data (a no-op with the response cache off). */
  invalidateTask(taskId: string): Promise<void>;
}

export async function createGateway({ config, baseUrl, sign, log, history }: GatewayOptions): Promise<Gateway> {
  const runtime = await createRuntime({ config, baseUrl, sign, log, history });
  const { metrics, idempotency, live, redis } = runtime;
  const callbacks = createCallbackHandler({
    sdkAppId: config.sdkAppId,
    config: config.live,
    keep: runtime.recipients && ((events) => runtime.recipients!.keep(events)),
    ingest: (events) => live.ingest(events),
    available: () => live.available(),
    log: log.child({ component: 'callbacks' }),
    registry: metrics.registry,
  });
  const { limits } = config;
  const armor = new EnvelopArmor({
    maxDepth: { n: limits.maxDepth },
    maxAliases: { n: limits.maxAliases },
    maxTokens: { n: limits.maxTokens },
    maxDirectives: { n: limits.maxDirectives },
    // The upstream budget below is the cost that matters here.
    costLimit: { enabled: false },
    blockFieldSuggestion: { enabled: !config.introspection },
  }).protect();

  // OpenTelemetry's SDK takes ~150 ms to load: only when tracing is on.
  const tracing = config.tracing ? (await import('./tracing.js')).startTracing(config.tracing) : undefined;
  const knownNames = registeredOperationNames(config.persistedDocumentsPath, [operationName(EXAMPLE_QUERY)]);
  const answers = config.responseCache.enabled
    ? createResponseCache({
        store: redis
          ? createRedisAnswerStore(redis, `${config.redisPrefix}${config.sdkAppId}:`, longestTtl(config.cacheTtlMs))
          : createMemoryAnswerStore(config.responseCache.maxBytes),
        ttl: config.cacheTtlMs,
        metrics,
        log,
        label: (name) => operationLabel(knownNames, name),
        defaultWindowStepMs: config.defaultWindowStepSeconds * 1000,
        keepFromSighting: config.responseCache.keepFromSighting,
      })
    : undefined;

  const graphiql = graphiqlRenderer();
  const mask = (error: unknown) => maskError(error, (e) => log.error({ err: e }, 'unexpected error'));
  const yoga = createYoga<Record<string, unknown>, RequestContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: config.graphiql ? { title: 'timpush-gateway', defaultQuery: EXAMPLE_QUERY } : false,
    // The whole GraphiQL build inlined in the page: it works without access to a CDN.
    renderGraphiQL: (options) =>
      graphiql(options).catch((err: unknown) => {
        log.error({ err }, 'GraphiQL could not be rendered');
        return 'GraphiQL could not be rendered; the gateway log says why.';
      }),
    cors: corsOf(config.corsOrigins),
    logging: yogaLogger(log),
    maskedErrors: { maskError: (error) => mask(error) },
    // `handle` refuses a POST without a Content-Length or over GATEWAY_MAX_BODY_BYTES before yoga sees it, and
    // Node's parser reads no more than the declared length: yoga's own limit would only pipe every body through
    // a counting stream (an AbortController and a DOMException per request).
    maxRequestBodySize: false,
    context: ({ req, request }): RequestContext => {
      // Each request is one requester: its intents take turns with other requests' at the quota queue, and
      // leave it when the client goes away (the request's signal aborts when its connection closes).
      const api = runtime.pushApi('interactive', request.signal);
      const defaultWindow = lastSevenDays(new Date(), config.defaultWindowStepSeconds);
      // Per request, the response cache notes what an answer was built from and drops answers writes change.
      const node = answers && req ? (req as IncomingMessage) : undefined;
      const requestApi = node ? answers!.wrapApi(node, api, defaultWindow) : api;
      const history = node && runtime.history ? answers!.wrapHistory(node, runtime.history) : runtime.history;
      const { recipients } = runtime;
      return {
        loaders: createLoaders(requestApi, history),
        api: requestApi,
        defaultWindow,
        maxIds: config.maxIds,
        idempotency,
        live: node ? answers!.wrapLive(node, live) : live,
        history,
        recipients: node && recipients ? answers!.wrapRecipients(node, recipients) : recipients,
        alerts: node && runtime.alerts ? answers!.wrapAlerts(node, runtime.alerts) : runtime.alerts,
        warnings: [],
      };
    },
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
              [config.persistedDocumentsPath, new URL('web/gql/persisted-documents.json', packageRoot())],
              // The exports' pages (src/http/exports.ts) are the gateway's own documents.
              exportDocumentsByHash(),
            ),
          })
        : useAPQ({ store: createInMemoryAPQStore({ max: 1000, ttl: 3_600_000 }) }),
      ...armor.plugins,
      !config.introspection && useDisableIntrospection(),
      useIncrementalAcceptCheck(),
      useVariableCoercion(),
      useUpstreamBudget(config.rates, config.maxUpstreamCalls),
      useDeferStream(),
      useIncrementalErrorMasking(mask),
      useWarnings(),
      useObservability(metrics, log, knownNames),
      answers?.plugin,
    ].filter((p) => typeof p === 'object'),
  });

  // The dashboard, when built (npm run build): the page at /, /tasks/{id}, /troubleshoot, /push; GraphQL stays at /graphql.
  const dashboard = createDashboardHandler(new URL('dist/web/', packageRoot()));

  const exports = createExportHandler({
    graphql: async (body, headers) => {
      const res = await yoga.fetch('http://gateway/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify(body),
      });
      return (await res.json()) as ExportAnswer;
    },
    persistedOnly: config.persistedOnly,
    log: log.child({ component: 'exports' }),
  });

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url?.split('?')[0];
    if (path === config.live.callbackPath) return callbacks(req, res); // its own body limit and rate limit
    const route =
      req.method === 'GET' && path?.startsWith('/exports/')
        ? exportRoute(new URL(req.url!, 'http://gateway'))
        : undefined;
    if (route) {
      exports(req, res, route).catch((err: unknown) => {
        log.error({ err }, 'export failed');
        if (!res.headersSent) res.writeHead(500).end();
        else res.destroy();
      });
      return;
    }
    const refusal = bodyRefusal(req, limits.maxBodyBytes);
    if (refusal) {
      res.writeHead(refusal.status, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify({ errors: [{ message: refusal.message, extensions: { code: ErrorCode.BAD_REQUEST } }] }));
      req.resume();
    } else if (path === '/metrics') {
      void metrics.registry.metrics().then((text) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text);
      });
    } else if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    } else if (path === '/readyz') {
      void runtime.readiness().then((r) => {
        res.writeHead(r.ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(r));
      });
    } else if (dashboard?.(req, res)) {
      // the dashboard's page or one of its assets
    } else if (path === '/') {
      res.writeHead(302, { location: '/graphql' }).end(); // the dashboard is not built
    } else if (answers && req.method === 'POST' && path === '/graphql') {
      answers.handle(req, res, (r, s) => void yoga(r, s));
    } else {
      void yoga(req, res);
    }
  }

  const server = createServer(
    {
      headersTimeout: config.http.headersTimeoutMs,
      requestTimeout: config.http.requestTimeoutMs,
      // How often Node checks those two (its default, 30 s, let a slow request live up to twice its timeout).
      connectionsCheckingInterval: 1_000,
    },
    handle,
  );
  const ws = attachGraphqlWs(server, yoga, '/graphql', limits.maxBodyBytes);
  const stopping = drainable(server);
  return {
    server,
    runtime,
    metrics,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const { port: actual } = server.address() as AddressInfo;
          resolve(`http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${actual}/graphql`);
        });
      }),
    dashboard: dashboard !== undefined,
    invalidateTask: (taskId) => answers?.invalidateTask(taskId) ?? Promise.resolve(),
    async close(graceMs = config.shutdownGraceMs) {
      // In-flight requests get the grace; everything else shares the CLOSE_MS after it.
      const finishBy = Date.now() + graceMs + CLOSE_MS;
      const unclosed = await closeInOrder(
        [{ name: 'the WebSocket server', close: () => ws.close() }],
        Date.now() + 1_000,
        log,
      );
      const drained = await stopping.drain(graceMs);
      unclosed.push(...(await runtime.close(finishBy - 500)));
      unclosed.push(...(await closeInOrder([{ name: 'tracing', close: () => tracing?.shutdown() }], finishBy, log)));
      return { ...drained, unclosed };
    },
  };
}

/** Bodies over the limit are refused from their declared length, before a byte is read. */
function bodyRefusal(req: IncomingMessage, maxBytes: number): { status: number; message: string } | undefined {
  if (req.method !== 'POST') return undefined;
  const declared = req.headers['content-length'];
  if (declared === undefined) return { status: 411, message: 'A Content-Length header is required.' };
  if (Number(declared) > maxBytes) return { status: 413, message: `The request body is over ${maxBytes} bytes.` };
  return undefined;
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
