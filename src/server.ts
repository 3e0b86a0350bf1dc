// Builds a gateway from a config: Redis (optional), quota, cache, upstream client, schema, yoga, HTTP server.
import { readFileSync } from 'node:fs';
import { getOperationAST, parse } from 'graphql';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createYoga } from 'graphql-yoga';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { useDeferStream } from '@graphql-yoga/plugin-defer-stream';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import { createInMemoryAPQStore, useAPQ } from '@graphql-yoga/plugin-apq';
import { EnvelopArmor } from '@escape.tech/graphql-armor';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { useClientAuth, useJwtVerification } from './auth.js';
import { createMemoryCache } from './cache/index.js';
import { createRedisCache } from './cache/redis.js';
import { useUpstreamBudget } from './cost.js';
import { ErrorCode, maskError } from './errors.js';
import { drainable } from './http/shutdown.js';
import { useIncrementalAcceptCheck } from './incremental.js';
import { createIdempotency, createMemoryIdempotencyStore } from './idempotency/index.js';
import { createRedisIdempotencyStore } from './idempotency/redis.js';
import { createLive } from './events/index.js';
import { createCallbackHandler } from './http/callbacks.js';
import { attachGraphqlWs } from './http/ws.js';
import { createLoaders } from './loaders/index.js';
import { createMetrics } from './metrics.js';
import { operationLabel, registeredOperationNames, useObservability, yogaLogger } from './observability.js';
import { createResponseCache } from './response-cache/index.js';
import { startTracing } from './tracing.js';
import { createMemoryAnswerStore, createRedisAnswerStore } from './response-cache/store.js';
import { createMemoryQuota } from './quota/index.js';
import { createRedisQuota } from './quota/redis.js';
import { buildSchema, type RequestContext } from './schema/index.js';
import { lastSevenDays } from './schema/validate.js';
import { createUpstreamClient } from './upstream/client.js';
import { createPushApi } from './upstream/index.js';

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

export interface GatewayOptions {
  config: Config;
  /** The upstream's origin: the region's domain, TIM_BASE_URL or the embedded emulator. */
  baseUrl: string;
  sign: () => string;
  log: Logger;
}

export interface Gateway {
  server: ReturnType<typeof createServer>;
  metrics: ReturnType<typeof createMetrics>;
  listen(port: number, host: string): Promise<string>;
  /** Stops accepting, lets in-flight requests finish for up to graceMs (default SHUTDOWN_GRACE_MS), closes Redis
   * and the upstream pool; says how many requests had to be cut short. */
  close(graceMs?: number): Promise<{ cut: number }>;
  /** Drops the cached whole answers built from a task's data (a no-op with the response cache off). */
  invalidateTask(taskId: string): Promise<void>;
}

async function connectRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2, connectTimeout: 5_000 });
  // ioredis rejects connect() with "Connection is closed."; the socket's own error says why.
  let cause: (Error & { code?: string }) | undefined;
  redis.on('error', (error: Error & { code?: string }) => (cause ??= error));
  try {
    await redis.connect();
    return redis;
  } catch (error) {
    redis.disconnect();
    const reason = cause?.code ?? cause?.message ?? (error as Error).message;
    throw new Error(`REDIS_URL: cannot connect to Redis (${reason})`, { cause: error });
  }
}

export async function createGateway({ config, baseUrl, sign, log }: GatewayOptions): Promise<Gateway> {
  const metrics = createMetrics({ defaults: true });
  const redis = config.redisUrl ? await connectRedis(config.redisUrl) : undefined;
  redis?.on('error', (error: Error & { code?: string }) =>
    log.warn({ code: error.code }, 'Redis connection error; ioredis reconnects'),
  );
  const client = createUpstreamClient({
    baseUrl,
    sdkAppId: config.sdkAppId,
    identifier: config.identifier,
    sign,
    quota: redis ? createRedisQuota(redis, config.redisPrefix) : createMemoryQuota(),
    cache: redis ? createRedisCache(redis, config.redisPrefix) : createMemoryCache(),
    keyPrefix: `${config.sdkAppId}:`,
    rates: config.rates,
    marginMs: config.quotaMarginMs,
    deadlineMs: config.quotaDeadlineMs,
    timeoutMs: config.timeoutMs,
    maxAttempts: config.maxAttempts,
    breaker: { threshold: config.breakerThreshold, halfOpenAfterMs: config.breakerHalfOpenMs },
    ttl: config.cacheTtlMs,
    metrics,
    log: log.child({ component: 'upstream' }),
  });
  const api = createPushApi(client, { utcOffsetMinutes: config.utcOffsetMinutes });
  const idempotency = createIdempotency({
    store: redis
      ? createRedisIdempotencyStore(redis, `${config.redisPrefix}${config.sdkAppId}:`)
      : createMemoryIdempotencyStore(),
    ttlMs: config.idempotencyTtlMs,
    // A push waits at most the quota deadline for its slot, then the upstream timeout for its answer.
    leaseMs: config.quotaDeadlineMs + config.timeoutMs + 5_000,
    log: log.child({ component: 'idempotency' }),
  });
  const live = await createLive({
    ttlMs: config.live.ttlMs,
    dedupeTtlMs: config.live.dedupeTtlMs,
    redis: redis && { client: redis, url: config.redisUrl!, prefix: `${config.redisPrefix}${config.sdkAppId}:` },
    log: log.child({ component: 'live' }),
  });
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

  const tracing = config.tracing ? startTracing(config.tracing) : undefined;
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
      })
    : undefined;

  const yoga = createYoga<Record<string, unknown>, RequestContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: config.graphiql ? { title: 'timpush-gateway', defaultQuery: EXAMPLE_QUERY } : false,
    // The whole GraphiQL build inlined in the page: it works without access to a CDN.
    renderGraphiQL,
    cors: corsOf(config.corsOrigins),
    logging: yogaLogger(log),
    maskedErrors: { maskError: (error) => maskError(error, (e) => log.error({ err: e }, 'unexpected error')) },
    context: ({ req }): RequestContext => {
      const defaultWindow = lastSevenDays(new Date());
      // Per request, the response cache notes what an answer was built from and drops answers writes change.
      const node = answers && req ? (req as IncomingMessage) : undefined;
      const requestApi = node ? answers!.wrapApi(node, api, defaultWindow) : api;
      return {
        loaders: createLoaders(requestApi),
        api: requestApi,
        defaultWindow,
        maxIds: config.maxIds,
        idempotency,
        live: node ? answers!.wrapLive(node, live) : live,
      };
    },
    plugins: [
      tracing?.plugin,
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
      useObservability(metrics, log, knownNames),
      answers?.plugin,
    ].filter((p) => typeof p === 'object'),
  });

  async function readiness(): Promise<{ ready: boolean; redis: string; upstream: string }> {
    const [redisOk, upstreamOk] = await Promise.all([
      redis
        ? redis.ping().then(
            () => true,
            () => false,
          )
        : Promise.resolve(true),
      client.reachable(),
    ]);
    return {
      ready: redisOk && upstreamOk,
      redis: redis ? (redisOk ? 'ok' : 'down') : 'not used',
      upstream: upstreamOk ? 'ok' : 'unreachable',
    };
  }

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
      void readiness().then((r) => {
        res.writeHead(r.ready ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(r));
      });
    } else if (path === '/') {
      res.writeHead(302, { location: '/graphql' }).end();
    } else if (answers && req.method === 'POST' && path === '/graphql') {
      answers.handle(req, res, (r, s) => void yoga(r, s));
    } else {
      void yoga(req, res);
    }
  }

  const server = createServer(handle);
  const ws = attachGraphqlWs(server, yoga, '/graphql');
  const stopping = drainable(server);
  return {
    server,
    metrics,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          const { port: actual } = server.address() as AddressInfo;
          resolve(`http://${host === '0.0.0.0' || host === '::' ? 'localhost' : host}:${actual}/graphql`);
        });
      }),
    invalidateTask: (taskId) => answers?.invalidateTask(taskId) ?? Promise.resolve(),
    async close(graceMs = config.shutdownGraceMs) {
      await ws.close();
      const drained = await stopping.drain(graceMs);
      await client.close();
      await live.close();
      await redis?.quit();
      await tracing?.shutdown();
      return drained;
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

const operationName = (document: string): string => getOperationAST(parse(document))?.name?.value ?? 'anonymous';

const longestTtl = (ttl: Config['cacheTtlMs']): number => Math.max(ttl.traceMs, ttl.lossMs, ttl.settledLossMs);
