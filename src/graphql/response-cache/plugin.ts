// The response cache's part in yoga's request: it hands yoga the body parsed already, notes what an execution
// was (a query, answered whole, for how long a token allows), and keeps the answer once it is given.
import type { IncomingMessage } from 'node:http';
import { OperationTypeNode, getOperationAST, type ExecutionArgs } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Metrics } from '../../telemetry/metrics.js';
import type { CacheTtls } from '../../upstream/client.js';
import type { AnswerStore } from './store.js';
import { HEADERS_KEPT, type Usage } from './usage.js';

export interface PluginOptions {
  /** Each request's usage, noted as `handle` passed it on. */
  pending: WeakMap<IncomingMessage, Usage>;
  store: AnswerStore;
  ttl: CacheTtls;
  metrics: Metrics;
  log: Logger;
}

export function responseCachePlugin({ pending, store, ttl, metrics, log }: PluginOptions): Plugin {
  return {
    // After yoga's own parsers (user plugins come after them): this request's params are the body parsed above.
    onRequestParse({ serverContext, setRequestParser }) {
      const req = (serverContext as { req?: IncomingMessage }).req;
      const params = req && pending.get(req)?.params;
      if (params) setRequestParser(() => params);
    },
    onExecute({ args }) {
      const { contextValue, document, operationName } = args as ExecutionArgs;
      const context = contextValue as { req?: IncomingMessage; jwt?: { payload: { exp?: number } } };
      const usage = context.req && pending.get(context.req);
      if (!usage) return;
      const operation = getOperationAST(document, operationName);
      usage.operation = operation?.name?.value ?? 'anonymous';
      if (operation?.operation !== OperationTypeNode.QUERY) usage.cacheable = false;
      // An answer must not outlive the token that was allowed to see it.
      const exp = context.jwt?.payload.exp;
      if (typeof exp === 'number') usage.ttlMs = Math.min(usage.ttlMs, exp * 1000 - Date.now());
      return {
        onExecuteDone({ result }) {
          usage.complete = !isAsyncIterable(result) && !result.errors?.length && result.data != null;
        },
      };
    },
    onResponse({ serverContext, response }) {
      const req = (serverContext as { req?: IncomingMessage }).req;
      const usage = req && pending.get(req);
      if (!usage?.complete || !usage.cacheable || response.status !== 200) return;
      const ttlMs = Number.isFinite(usage.ttlMs) ? usage.ttlMs : ttl.traceMs;
      if (ttlMs < 1000) return;
      if (!usage.seenBefore) {
        metrics.responseCache.inc({ result: 'first' });
        return;
      }
      // Names as whatwg-node lists them: yoga sets `Content-Type` capitalized, CORS lower-case.
      const headers = [...response.headers].filter(([name]) => HEADERS_KEPT.has(name.toLowerCase()));
      const { key, operation, tags } = usage;
      // As text: yoga's answer is a string, which whatwg-node's text() hands back as it is; it is encoded once,
      // here (arrayBuffer() encoded it and Buffer.from copied it again, 11 KB each for TaskOverview).
      void response
        .clone()
        .text()
        .then((text) => store.set(key, { status: 200, headers, body: Buffer.from(text), operation }, ttlMs, [...tags]))
        .then(
          () => metrics.responseCache.inc({ result: 'stored' }),
          (error: Error) => log.warn({ err: error.message }, 'could not keep an answer in the response cache'),
        );
    },
  };
}
