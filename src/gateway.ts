// The gateway: the runtime (stores and upstream, src/runtime.ts) under the GraphQL server (src/graphql/), the
// HTTP routes in front of it (src/http/), and the order everything stops in.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { createResponseCache, type ResponseCache } from './graphql/response-cache/index.js';
import { createMemoryAnswerStore, createRedisAnswerStore } from './graphql/response-cache/store.js';
import { operationLabel } from './graphql/plugins/observability.js';
import { createGraphqlServer, knownOperationNames, type GraphqlServer } from './graphql/server.js';
import { createCallbackHandler } from './http/callbacks.js';
import { createExportHandler, exportDocumentsByHash, type Answer as ExportAnswer } from './http/exports.js';
import { graphiqlRenderer } from './http/graphiql-thread.js';
import { createRouter } from './http/router.js';
import { drainable } from './http/shutdown.js';
import { createDashboardHandler } from './http/web.js';
import { attachGraphqlWs } from './http/ws.js';
import { closeInOrder } from './process/closing.js';
import { packageRoot } from './process/paths.js';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime.js';
import type { createMetrics } from './telemetry/metrics.js';
import { longestTtl } from './upstream/client.js';

export { EXAMPLE_QUERY } from './graphql/server.js';

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
  const { metrics, live } = runtime;
  // OpenTelemetry's SDK takes ~150 ms to load: only when tracing is on.
  const tracing = config.tracing ? (await import('./telemetry/tracing.js')).startTracing(config.tracing) : undefined;
  const knownNames = knownOperationNames(config);
  const answers = responseCacheOf(config, runtime, log, knownNames);
  const yoga = createGraphqlServer({
    config,
    runtime,
    log,
    answers,
    tracing,
    knownNames,
    renderGraphiql: graphiqlRenderer(),
    // The exports' pages are asked of the API by the gateway itself: trusted beside the persisted documents.
    ownDocuments: exportDocumentsByHash(),
  });
  // The dashboard, when built (npm run build): its page at /, /tasks/{id}, /troubleshoot, /push…
  const dashboard = createDashboardHandler(new URL('dist/web/', packageRoot));

  const handle = createRouter({
    config,
    runtime,
    yoga,
    answers,
    callbacks: createCallbackHandler({
      sdkAppId: config.sdkAppId,
      config: config.live,
      keep: runtime.recipients && ((events) => runtime.recipients!.keep(events)),
      ingest: (events) => live.ingest(events),
      available: () => live.available(),
      log: log.child({ component: 'callbacks' }),
      registry: metrics.registry,
    }),
    exports: createExportHandler({
      graphql: (body, headers) => inProcess(yoga, body, headers),
      persistedOnly: config.persistedOnly,
      log: log.child({ component: 'exports' }),
    }),
    dashboard,
    log,
  });

  const server = createServer(
    {
      headersTimeout: config.http.headersTimeoutMs,
      requestTimeout: config.http.requestTimeoutMs,
      // How often Node checks those two (its default, 30 s, let a slow request live up to twice its timeout).
      connectionsCheckingInterval: 1_000,
    },
    handle,
  );
  const ws = attachGraphqlWs(server, yoga, '/graphql', config.limits.maxBodyBytes);
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

/** Whole answers in front of GraphQL (RESPONSE_CACHE_ENABLED): in Redis with REDIS_URL, else in memory. */
function responseCacheOf(
  config: Config,
  { redis, metrics }: Runtime,
  log: Logger,
  knownNames: ReadonlySet<string>,
): ResponseCache | undefined {
  if (!config.responseCache.enabled) return undefined;
  return createResponseCache({
    store: redis
      ? createRedisAnswerStore(redis, `${config.redisPrefix}${config.sdkAppId}:`, longestTtl(config.cacheTtlMs))
      : createMemoryAnswerStore(config.responseCache.maxBytes),
    ttl: config.cacheTtlMs,
    metrics,
    log,
    label: (name) => operationLabel(knownNames, name),
    defaultWindowStepMs: config.defaultWindowStepSeconds * 1000,
    keepFromSighting: config.responseCache.keepFromSighting,
  });
}

/** A GraphQL request made inside the process (an export's pages), through the same plugins as any other. */
async function inProcess(yoga: GraphqlServer, body: object, headers: Record<string, string>): Promise<ExportAnswer> {
  const res = await yoga.fetch('http://gateway/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return (await res.json()) as ExportAnswer;
}
