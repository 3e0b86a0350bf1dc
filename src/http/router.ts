// Which handler answers a request: the push callbacks and the exports before anything reads a body, then the
// body limits, the operational endpoints, the dashboard, and GraphQL (through the response cache when it is on).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { ErrorCode } from '../graphql/errors.js';
import type { ResponseCache } from '../graphql/response-cache/index.js';
import type { GraphqlServer } from '../graphql/server.js';
import type { Runtime } from '../runtime.js';
import { exportRoute, type createExportHandler } from './exports.js';
import type { createDashboardHandler } from './web.js';

export interface RouterOptions {
  config: Config;
  runtime: Runtime;
  yoga: GraphqlServer;
  answers?: ResponseCache;
  callbacks: (req: IncomingMessage, res: ServerResponse) => void;
  exports: ReturnType<typeof createExportHandler>;
  dashboard: ReturnType<typeof createDashboardHandler>;
  log: Logger;
}

export function createRouter({ config, runtime, yoga, answers, callbacks, exports, dashboard, log }: RouterOptions) {
  const { metrics } = runtime;
  return function handle(req: IncomingMessage, res: ServerResponse): void {
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
    const refusal = bodyRefusal(req, config.limits.maxBodyBytes);
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
