// Builds the HTTP gateway from a config: the runtime (stores and upstream, src/runtime.ts), schema, yoga, server.
import { readFileSync } from 'node:fs';
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
import { ErrorCode, maskError } from './errors.js';
import { useIncrementalAcceptCheck } from './incremental.js';
import { createCallbackHandler } from './http/callbacks.js';
import { attachGraphqlWs } from './http/ws.js';
import { createLoaders } from './loaders/index.js';
import type { createMetrics } from './metrics.js';
import { createRuntime, type Runtime } from './runtime.js';
import { useObservability, yogaLogger } from './observability.js';
import { buildSchema, type RequestContext } from './schema/index.js';
import { lastSevenDays } from './schema/validate.js';

/** What GraphiQL opens with: the TaskOverview client operation, one file shared with codegen and the benchmark. */
export const EXAMPLE_QUERY = readFileSync(
  new URL('../client/operations/task-overview.graphql', import.meta.url),
  'utf8',
);

export interface GatewayOptions {
  config: Config;
  /** The upstream's origin: the region's domain, TIM_BASE_URL or the embedded emulator. */
  baseUrl: string;
  sign: () => string;
  log: Logger;
}

export interface Gateway {
  server: ReturnType<typeof createServer>;
  /** The stores and upstream client beneath the HTTP layer (e.g. for background work in the same process). */
  runtime: Runtime;
  metrics: ReturnType<typeof createMetrics>;
  listen(port: number, host: string): Promise<string>;
  close(): Promise<void>;
}

export async function createGateway({ config, baseUrl, sign, log }: GatewayOptions): Promise<Gateway> {
  const runtime = await createRuntime({ config, baseUrl, sign, log });
  const { metrics, idempotency, live } = runtime;
  const callbacks = createCallbackHandler({
    sdkAppId: config.sdkAppId,
    config: config.live,
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

  const yoga = createYoga<Record<string, unknown>, RequestContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: config.graphiql ? { title: 'timpush-gateway', defaultQuery: EXAMPLE_QUERY } : false,
    cors: corsOf(config.corsOrigins),
    logging: yogaLogger(log),
    maskedErrors: { maskError: (error) => maskError(error, (e) => log.error({ err: e }, 'unexpected error')) },
    context: (): RequestContext => {
      // Each request is one requester: its intents take turns with other requests' at the quota queue.
      const api = runtime.pushApi('interactive');
      return {
        loaders: createLoaders(api),
        api,
        defaultWindow: lastSevenDays(new Date(), config.defaultWindowStepSeconds),
        maxIds: config.maxIds,
        idempotency,
        live,
      };
    },
    plugins: [
      useJwtVerification(config.auth),
      useClientAuth(config.auth),
      // Trusted documents only, or automatic persisted queries (Apollo's and urql's persisted links).
      config.persistedOnly
        ? usePersistedOperations({ getPersistedOperation: persistedDocuments(config.persistedDocumentsPath) })
        : useAPQ({ store: createInMemoryAPQStore({ max: 1000, ttl: 3_600_000 }) }),
      ...armor.plugins,
      !config.introspection && useDisableIntrospection(),
      useIncrementalAcceptCheck(),
      useUpstreamBudget(config.rates, config.maxUpstreamCalls),
      useDeferStream(),
      useObservability(metrics, log),
    ].filter((p) => typeof p === 'object'),
  });

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const path = req.url?.split('?')[0];
    if (path === config.live.callbackPath) return callbacks(req, res); // its own body limit and rate limit
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
    } else if (path === '/') {
      res.writeHead(302, { location: '/graphql' }).end();
    } else {
      void yoga(req, res);
    }
  }

  const server = createServer(handle);
  const ws = attachGraphqlWs(server, yoga, '/graphql');
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
    async close() {
      await ws.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
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

/** Trusted documents: the hash → document map codegen writes (client preset, persistedDocuments). */
function persistedDocuments(path: string): (key: string) => string | null {
  const store = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
  return (key) => store[key] ?? store[`sha256:${key}`] ?? null;
}
