// Whole answers, kept in front of GraphQL: a repeated query by the same caller is answered from bytes, without
// parsing, validating or executing it. An answer is kept only when it is a query answered in one piece with
// no error; for the shortest TTL of the upstream data it was built from; keyed by the caller's credential
// (so scopes never leak); and dropped when sendBatchPush or revokePush touches its task. Answers that read the
// live counters (they change with the push callbacks, not the upstream) are never kept.
import { growingLru } from '../../cache/lru.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Live } from '../../events/index.js';
import type { History } from '../../history/index.js';
import type { Recipients } from '../../recipients/index.js';
import type { Alerts } from '../../alerts/index.js';
import type { Metrics } from '../../telemetry/metrics.js';
import type { PushApi } from '../../upstream/index.js';
import type { Window } from '../../upstream/model.js';
import { longestTtl, type CacheTtls } from '../../upstream/client.js';
import { validRequestId } from '../plugins/observability.js';
import type { AnswerStore } from './store.js';
import { responseCachePlugin } from './plugin.js';
import { RecordingApi, createRecording } from './recording.js';
import { AGGREGATE, jsonParams, keyOf, unkept, type Usage } from './usage.js';

export interface ResponseCacheOptions {
  store: AnswerStore;
  ttl: CacheTtls;
  metrics: Metrics;
  log: Logger;
  /** The bounded metrics label of an operation name. */
  label: (name: string | undefined) => string;
  /** How often the default window's end moves (DEFAULT_WINDOW_STEP_SECONDS), in ms. */
  defaultWindowStepMs: number;
  /** RESPONSE_CACHE_KEEP_FROM: 2 keeps an answer from its second sighting, 1 from its first. */
  keepFromSighting: number;
}

export interface ResponseCache {
  /** Answers from the cache, or reads the body and passes the request on to `next`. */
  handle(req: IncomingMessage, res: ServerResponse, next: (req: IncomingMessage, res: ServerResponse) => void): void;
  /** Per request: the push API wrapped to note the data an answer uses and to drop answers a write changes. */
  wrapApi(req: IncomingMessage, api: PushApi, defaultWindow: Window): PushApi;
  /** Per request: the live counters, whose reading makes the answer one that is not kept. */
  wrapLive(req: IncomingMessage, live: Live): Live;
  /** Per request: the daily records, which move with every collector visit: answers reading them are not kept. */
  wrapHistory(req: IncomingMessage, history: History): History;
  /** The recipients for one request: reading them makes its answer unkept. */
  wrapRecipients(req: IncomingMessage, recipients: Recipients): Recipients;
  /** The alerts for one request: reading them makes its answer unkept. */
  wrapAlerts(req: IncomingMessage, alerts: Alerts): Alerts;
  plugin: Plugin;
  invalidateTask(taskId: string): Promise<void>;
}

export function createResponseCache({
  store,
  ttl,
  metrics,
  log,
  label,
  defaultWindowStepMs,
  keepFromSighting,
}: ResponseCacheOptions): ResponseCache {
  const pending = new WeakMap<IncomingMessage, Usage>();
  // The keys of answers given but not kept: a request asked once (new variables, a one-off document) is not
  // worth the copy, the memory and the eviction of an answer that is asked again, and most are asked once. A
  // key asked again within the longest TTL an answer can have gets its answer kept (the "one-hit wonder"
  // filter of CDN caches). Keys only, about 100 bytes each; per replica, as the answers in memory are.
  const sighted = keepFromSighting > 1 ? growingLru<string, true>(100_000, { ttl: longestTtl(ttl) }) : undefined;

  function answer(
    req: IncomingMessage,
    res: ServerResponse,
    hit: { entry: NonNullable<Awaited<ReturnType<AnswerStore['get']>>>; started: number },
  ) {
    const requestId = validRequestId(req.headers['x-request-id']);
    const headers: Record<string, string | number> = Object.fromEntries(hit.entry.headers);
    headers['content-length'] = hit.entry.body.length;
    headers['x-request-id'] = requestId;
    res.writeHead(hit.entry.status, headers).end(hit.entry.body);
    const seconds = (performance.now() - hit.started) / 1000;
    metrics.responseCache.inc({ result: 'hit' });
    metrics.operationDuration.observe({ operation: label(hit.entry.operation), type: 'query' }, seconds);
    log.info(
      { requestId, operation: hit.entry.operation, type: 'query', ms: Math.round(seconds * 1000), cache: 'hit' },
      'operation',
    );
  }

  function pass(
    req: IncomingMessage,
    res: ServerResponse,
    key: string,
    body: Buffer,
    next: (req: IncomingMessage, res: ServerResponse) => void,
  ) {
    metrics.responseCache.inc({ result: 'miss' });
    const seenBefore = !sighted || sighted.has(key);
    if (!seenBefore) sighted.set(key, true);
    // The body is read already. A JSON object goes to yoga as parsed params (the plugin's onRequestParse), so
    // that yoga neither reads nor parses a body again. Anything else goes as `req.body`, which whatwg-node takes
    // instead of the drained stream, but at a cost that grows with the body: it lists a Buffer's keys, one per
    // byte, to see whether a body is there.
    const params = jsonParams(req, body);
    pending.set(req, {
      key,
      ttlMs: Infinity,
      tags: new Set(),
      cacheable: true,
      complete: false,
      seenBefore,
      operation: 'anonymous',
      params,
    });
    if (!params) (req as IncomingMessage & { body?: Buffer }).body = body;
    next(req, res);
  }

  const recording = createRecording({ store, ttl, log, defaultWindowStepMs });

  return {
    handle(req, res, next) {
      const started = performance.now();
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.once('error', () => res.destroy()); // the caller went away mid-body
      req.once('end', () => {
        const body = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
        const key = keyOf(req, body);
        const found = store.get(key);
        if (found === undefined) return pass(req, res, key, body, next);
        if (!(found instanceof Promise)) return answer(req, res, { entry: found, started });
        found.then(
          (entry) => (entry ? answer(req, res, { entry, started }) : pass(req, res, key, body, next)),
          () => pass(req, res, key, body, next), // a cache that cannot answer is a miss, not a failure
        );
      });
    },

    wrapApi(req, api, defaultWindow) {
      // A request that did not come through `handle` (a GET, a WebSocket) is never kept; its writes still drop
      // the answers they change.
      const usage = pending.get(req) ?? unkept();
      return new RecordingApi(api, usage, defaultWindow, recording);
    },

    wrapLive(req, live) {
      const usage = pending.get(req);
      if (!usage) return live;
      const uncacheable = () => (usage.cacheable = false);
      return {
        ingest: (events) => (uncacheable(), live.ingest(events)),
        progress: (taskId) => (uncacheable(), live.progress(taskId)),
        available: () => live.available(),
        events: (filter) => (uncacheable(), live.events(filter)),
        progressUpdates: (taskId) => (uncacheable(), live.progressUpdates(taskId)),
        announce: (topic, payload) => live.announce(topic, payload),
        notices: (topic) => (uncacheable(), live.notices(topic)),
        close: () => live.close(),
      };
    },

    wrapHistory(req, history) {
      const usage = pending.get(req);
      if (!usage) return history;
      // Everything else of the history as it is (through the prototype, so its getters stay live); an answer that
      // reads the records is never kept: they change with the collector, not with the upstream.
      const wrapped = Object.create(history) as History;
      wrapped.store = (waitMs) => ((usage.cacheable = false), history.store(waitMs));
      wrapped.track = (taskId) => ((usage.cacheable = false), history.track(taskId));
      return wrapped;
    },

    wrapRecipients(req, recipients) {
      const usage = pending.get(req);
      if (!usage) return recipients;
      // Recipients change with every callback: an answer that reads them is never kept.
      return { ...recipients, store: (waitMs) => ((usage.cacheable = false), recipients.store(waitMs)) };
    },

    wrapAlerts(req, alerts) {
      const usage = pending.get(req);
      if (!usage) return alerts;
      // Alerts change with every evaluation: an answer that reads them is never kept.
      const wrapped = Object.create(alerts) as Alerts;
      wrapped.store = (waitMs) => ((usage.cacheable = false), alerts.store(waitMs));
      return wrapped;
    },

    invalidateTask: (taskId) => recording.invalidate([`task:${taskId}`, AGGREGATE]),

    plugin: responseCachePlugin({ pending, store, ttl, metrics, log }),
  };
}
