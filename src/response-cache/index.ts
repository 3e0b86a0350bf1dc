// Whole answers, kept in front of GraphQL: a repeated query by the same caller is answered from bytes, without
// parsing, validating or executing it. An answer is kept only when it is a query answered in one piece with
// no error; for the shortest TTL of the upstream data it was built from; keyed by the caller's credential
// (so scopes never leak); and dropped when sendBatchPush or revokePush touches its task. Answers that read the
// live counters (they change with the push callbacks, not the upstream) are never kept.
import { createHash } from 'node:crypto';
import { growingLru } from '../cache/lru.js';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { OperationTypeNode, getOperationAST, type ExecutionArgs } from 'graphql';
import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { Live } from '../events/index.js';
import type { History } from '../history/index.js';
import type { Recipients } from '../recipients/index.js';
import type { Alerts } from '../alerts/index.js';
import type { Metrics } from '../metrics.js';
import type { PushApi } from '../upstream/index.js';
import type {
  AttributeChange,
  AttributeRemoval,
  AudiencePush,
  BatchPush,
  RevokePush,
  ScheduleChange,
  ScheduleQuery,
  ScheduleType,
  ScheduledContent,
  TagChange,
  Window,
} from '../upstream/model.js';
import { longestTtl, type CacheTtls } from '../upstream/client.js';
import { validRequestId } from '../observability.js';
import type { AnswerStore } from './store.js';

/** What one request's answer was built from. */
interface Usage {
  key: string;
  ttlMs: number;
  tags: Set<string>;
  cacheable: boolean;
  /** Set once execution ended with a whole, error-free query answer. */
  complete: boolean;
  /** Asked before, recently: its answer is worth keeping (see `keepFromSighting`). */
  seenBefore: boolean;
  operation: string;
  /** The JSON body, parsed here once, for yoga's request parser (see `pass`). */
  params?: Record<string, unknown>;
}

const unkept = (): Usage => ({
  key: '',
  ttlMs: Infinity,
  tags: new Set(),
  cacheable: false,
  complete: false,
  seenBefore: false,
  operation: 'anonymous',
});

/** The content types yoga reads as a JSON body (its POST JSON parser). */
const JSON_BODY = /^application\/(graphql\+)?json\s*(;|$)/i;

/** A JSON request body that is an object, as yoga's POST JSON parser would accept it; otherwise undefined. */
function jsonParams(req: IncomingMessage, body: Buffer): Record<string, unknown> | undefined {
  if (!JSON_BODY.test(req.headers['content-type'] ?? '')) return undefined;
  try {
    const parsed: unknown = JSON.parse(body.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined; // yoga answers it, from the body below
  }
}

/** Tags for answers built from every task's data at once: any push changes them. */
const AGGREGATE = 'aggregate';

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

const HEADERS_KEPT = new Set([
  'content-type',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'vary',
]);

function keyOf(req: IncomingMessage, body: Buffer): string {
  const h = req.headers;
  return createHash('sha256')
    .update(
      [req.url, h['x-api-key'], h.authorization, h.accept, h['content-type'], h.origin]
        .map((v) => (Array.isArray(v) ? v.join(',') : (v ?? '')))
        .join('\0'),
    )
    .update('\0')
    .update(body)
    .digest('base64url');
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

  function use(usage: Usage, ttlMs: number, tags: string[]): void {
    usage.ttlMs = Math.min(usage.ttlMs, ttlMs);
    for (const tag of tags) usage.tags.add(tag);
  }

  function lossTtl(window: Window, defaultWindow: Window): number {
    const now = Date.now();
    let ms = window.to.getTime() < now - 3_600_000 ? ttl.settledLossMs : ttl.lossMs;
    // The default window moves in steps: an answer over it is stale once its end moves on.
    if (window.to.getTime() === defaultWindow.to.getTime())
      ms = Math.min(ms, defaultWindow.to.getTime() + defaultWindowStepMs - now);
    return ms;
  }

  async function invalidate(tags: string[]): Promise<void> {
    await store
      .invalidate(tags)
      .catch((error: Error) => log.warn({ err: error.message }, 'could not drop cached answers'));
  }

  /** A write to a task: its answers are dropped whether it succeeded or its outcome is unknown. */
  async function afterWrite<T>(taskId: string | undefined, write: Promise<T>): Promise<T> {
    try {
      return await write;
    } finally {
      await invalidate(taskId ? [`task:${taskId}`, AGGREGATE] : [AGGREGATE]);
    }
  }

  const recording: Recording = {
    use,
    lossTtl,
    afterWrite,
    invalidate,
    traceMs: ttl.traceMs,
  };

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

    invalidateTask: (taskId) => invalidate([`task:${taskId}`, AGGREGATE]),

    plugin: {
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
          .then((text) =>
            store.set(key, { status: 200, headers, body: Buffer.from(text), operation }, ttlMs, [...tags]),
          )
          .then(
            () => metrics.responseCache.inc({ result: 'stored' }),
            (error: Error) => log.warn({ err: error.message }, 'could not keep an answer in the response cache'),
          );
      },
    },
  };
}

/** What a request's RecordingApi shares with the cache that made it. */
interface Recording {
  use(usage: Usage, ttlMs: number, tags: string[]): void;
  lossTtl(window: Window, defaultWindow: Window): number;
  afterWrite<T>(taskId: string | undefined, write: Promise<T>): Promise<T>;
  invalidate(tags: string[]): Promise<void>;
  traceMs: number;
}

/**
 * One request's push API: notes the TTL and tags of the data its answer is built from, and drops the answers
 * a write changes. One object per request, its methods on the prototype (closures over every API function
 * were 1% of a request); `implements PushApi` makes a new API function a compile error here until it says
 * what it does to a cached answer.
 */
class RecordingApi implements PushApi {
  constructor(
    private readonly api: PushApi,
    private readonly usage: Usage,
    private readonly defaultWindow: Window,
    private readonly cache: Recording,
  ) {}

  private read(ttlMs: number, tag: string): void {
    this.cache.use(this.usage, ttlMs, [tag]);
  }
  private window(window: Window): number {
    return this.cache.lossTtl(window, this.defaultWindow);
  }

  pushTrace(pushId: string) {
    this.read(this.cache.traceMs, `push:${pushId}`);
    return this.api.pushTrace(pushId);
  }
  taskTrace(taskId: string, userId: string) {
    this.read(this.cache.traceMs, `task:${taskId}`);
    return this.api.taskTrace(taskId, userId);
  }
  taskLoss(window: Window, taskId: string) {
    this.read(this.window(window), `task:${taskId}`);
    return this.api.taskLoss(window, taskId);
  }
  overallTaskLoss(window: Window) {
    this.read(this.window(window), AGGREGATE);
    return this.api.overallTaskLoss(window);
  }
  pushLoss(window: Window) {
    this.read(this.window(window), AGGREGATE);
    return this.api.pushLoss(window);
  }
  taskStats(window: Window, taskId: string) {
    this.read(this.window(window), `task:${taskId}`);
    return this.api.taskStats(window, taskId);
  }
  overallTaskStats(window: Window) {
    this.read(this.window(window), AGGREGATE);
    return this.api.overallTaskStats(window);
  }
  pushStats(window: Window) {
    this.read(this.window(window), AGGREGATE);
    return this.api.pushStats(window);
  }
  /** Moves with every push, from any replica: an answer reading it is never kept. */
  dailyQuota() {
    this.usage.cacheable = false;
    return this.api.dailyQuota();
  }
  // Audiences change with every tag or attribute write, from any client: answers reading them are never kept.
  userTags(account: string) {
    this.usage.cacheable = false;
    return this.api.userTags(account);
  }
  attributeNames() {
    this.usage.cacheable = false;
    return this.api.attributeNames();
  }
  userAttributes(account: string) {
    this.usage.cacheable = false;
    return this.api.userAttributes(account);
  }
  addUserTags(change: TagChange) {
    this.usage.cacheable = false;
    return this.api.addUserTags(change);
  }
  removeUserTags(change: Omit<TagChange, 'replace'>) {
    this.usage.cacheable = false;
    return this.api.removeUserTags(change);
  }
  clearUserTags(accounts: readonly string[]) {
    this.usage.cacheable = false;
    return this.api.clearUserTags(accounts);
  }
  setAttributeNames(names: readonly string[]) {
    this.usage.cacheable = false;
    return this.api.setAttributeNames(names);
  }
  setUserAttributes(change: AttributeChange) {
    this.usage.cacheable = false;
    return this.api.setUserAttributes(change);
  }
  removeUserAttributes(removal: AttributeRemoval) {
    this.usage.cacheable = false;
    return this.api.removeUserAttributes(removal);
  }
  // Scheduled pushes move on by themselves (pending, dispatching, dispatched): never kept.
  schedulePush(at: Date, content: ScheduledContent) {
    this.usage.cacheable = false;
    return this.api.schedulePush(at, content);
  }
  scheduledPush(id: string) {
    this.usage.cacheable = false;
    return this.api.scheduledPush(id);
  }
  scheduledPushes(query: Omit<ScheduleQuery, 'sdkAppId'>) {
    this.usage.cacheable = false;
    return this.api.scheduledPushes(query);
  }
  updateScheduledPush(change: Omit<ScheduleChange, 'sdkAppId'>) {
    this.usage.cacheable = false;
    return this.api.updateScheduledPush(change);
  }
  cancelScheduledPush(id: string, type: ScheduleType) {
    this.usage.cacheable = false;
    return this.api.cancelScheduledPush(id, type);
  }
  // The writes: never kept; they drop the answers of the task they touch and every aggregate one.
  sendBatch(push: BatchPush) {
    this.usage.cacheable = false;
    return this.cache.afterWrite(
      undefined,
      this.api.sendBatch(push).then(async (sent) => {
        await this.cache.invalidate([`task:${sent.taskId}`]);
        return sent;
      }),
    );
  }
  sendPush(push: AudiencePush) {
    this.usage.cacheable = false;
    return this.cache.afterWrite(
      undefined,
      this.api.sendPush(push).then(async (sent) => {
        await this.cache.invalidate([`task:${sent.taskId}`]);
        return sent;
      }),
    );
  }
  revokePush(revoke: RevokePush) {
    this.usage.cacheable = false;
    return this.cache.afterWrite(revoke.taskId, this.api.revokePush(revoke));
  }
}
