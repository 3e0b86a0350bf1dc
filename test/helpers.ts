// Test stack: a real emulator and a real gateway, each on a loopback port the OS picks, talked to over HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino, type Logger } from 'pino';
import { applyPart, nextEvents } from '../client/incremental.js';
import { loadConfig } from '../src/config.js';
import { callbackUrl } from '../src/events/signature.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../emulator/server.js';
import { createGateway, type Gateway, type GatewayOptions } from '../src/gateway.js';
import { createSigner } from '../src/upstream/usersig.js';
import { APIS } from '../src/upstream/wire.js';

export const SDKAPPID = 1400000001;
export const SECRET_KEY = 'test-secret-key-0123456789';

/** Fast quotas so functional tests don't wait; the quota tests use the real 1 call/s. */
export const FAST_RATE = 200;
const fastRates = Object.fromEntries(APIS.map((api) => [api, FAST_RATE]));

export interface Stack {
  emulator: Emulator;
  gateway: Gateway;
  url: string;
  /** Runs an operation; `T` is the shape of `data` the caller asked for. */
  gql<T = unknown>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GqlResult<T>>;
  /** Runs an operation that must succeed: its `data`, or a thrown error carrying the answer. */
  data<T>(query: string, variables?: Record<string, unknown>, headers?: Record<string, string>): Promise<T>;
  close(): Promise<void>;
}

export interface GqlError {
  message: string;
  path?: (string | number)[];
  extensions?: {
    code?: string;
    [key: string]: unknown;
  };
}

export interface GqlResult<T> {
  status: number;
  /** Absent or null when the operation failed as a whole. */
  data?: T | null;
  errors?: GqlError[];
  text: string;
}

/** The `data` of a result that must have succeeded; otherwise an error that shows the whole answer. */
export function dataOf<T>(result: GqlResult<T>): T {
  if (result.errors?.length || result.data == null) throw new Error(`the operation failed: ${result.text}`);
  return result.data;
}

export async function gqlAt<T>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GqlResult<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  return { status: res.status, text, ...(JSON.parse(text) as object) };
}

export interface StackOptions {
  env?: Record<string, string>;
  emulator?: Partial<EmulatorOptions>;
  /** An emulator already running (another replica's upstream): this stack uses it and leaves it running. */
  upstream?: Emulator;
  /** The secret key the gateway signs with (the emulator always verifies with SECRET_KEY). */
  signingKey?: string;
  /** Use the documented 1 call/s quotas on both sides instead of fast test quotas. */
  realQuota?: boolean;
  /** The emulator posts the push callbacks of `batch` tasks to the gateway's webhook. */
  callbacks?: boolean;
  /** Where the gateway logs; silent by default. */
  log?: Logger;
  /**
   * The history database and clock. History is off (HISTORY_ENABLED=false) unless the env turns it on, so
   * tests that don't ask for it pay no database start.
   */
  history?: GatewayOptions['history'];
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  // A DATA_DIR of its own (PGlite's folder, the outbox of records), removed when the stack closes.
  const dataDir = opts.env?.DATA_DIR ? undefined : mkdtempSync(join(tmpdir(), 'timpush-stack-'));
  const emulator =
    opts.upstream ??
    (await startEmulator({
      sdkAppId: SDKAPPID,
      secretKey: SECRET_KEY,
      rates: opts.realQuota ? undefined : fastRates,
      ...opts.emulator,
    }));
  const config = loadConfig({
    TIM_SDKAPPID: String(SDKAPPID),
    TIM_SECRET_KEY: opts.signingKey ?? SECRET_KEY,
    TIM_BASE_URL: emulator.url,
    QUOTA_RATES: opts.realQuota ? '' : APIS.map((api) => `${api}=${FAST_RATE}`).join(','),
    QUOTA_MARGIN_MS: opts.realQuota ? '50' : '2',
    UPSTREAM_TIMEOUT_MS: '2000',
    GATEWAY_ALLOW_ANONYMOUS: 'true',
    HISTORY_ENABLED: 'false',
    // As the emulator keeps windows: all of them (the documented examples are of March 2025), unless it is told
    // to refuse old ones as the real API does.
    UPSTREAM_RETENTION: opts.emulator?.retention ? 'true' : 'false',
    // Compiled from the first execution: the suite's one-off documents exercise graphql-jit, as repeated ones
    // do in production (GRAPHQL_COMPILE_AFTER=2).
    GRAPHQL_COMPILE_AFTER: '1',
    // Answers kept from their first sighting: suites read a whole-answer hit on the second request.
    // test/response-cache.test.ts covers the default (kept from the second sighting).
    RESPONSE_CACHE_KEEP_FROM: '1',
    ...(dataDir ? { DATA_DIR: dataDir } : {}),
    ...opts.env,
  });
  const gateway = await createGateway({
    config,
    baseUrl: emulator.url,
    sign: createSigner({
      sdkAppId: SDKAPPID,
      identifier: config.identifier,
      secretKey: config.credentials!.secretKey!.reveal(),
    }),
    log: opts.log ?? pino({ level: 'silent' }),
    history: opts.history,
  });
  const url = await gateway.listen(0, '127.0.0.1');
  if (opts.realQuota) {
    // The emulator shares this process: the first request's one-off work (JIT, first execution) would delay
    // when it sees calls and read as spacing errors. Warm up, let the slots free, then start the record clean.
    await gqlAt(url, WARM_UP);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    emulator.reset();
  }
  if (opts.callbacks) {
    emulator.sendCallbacksTo({
      url: url.replace(/\/graphql$/, config.live.callbackPath),
      token: config.live.callbackToken?.reveal(),
    });
  }
  return {
    emulator,
    gateway,
    url,
    gql: (query, variables, headers) => gqlAt(url, query, variables, headers),
    data: async (query, variables, headers) => dataOf(await gqlAt(url, query, variables, headers)),
    async close() {
      await gateway.close(0);
      if (!opts.upstream) await emulator.close();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const WARM_UP = `{
  task(id: "warm-up") { loss { total } trace(userId: "warm-up") { userId } }
  push(id: "warm-up") { traces { instanceId } }
  pushLoss(range: { from: "2025-03-01T00:00:00Z", to: "2025-03-02T00:00:00Z" }) { total }
}`;

/** A range the loss APIs accept, as GraphQL input. */
export const range = (fromIso: string, toIso: string) => ({ from: fromIso, to: toIso });

/** One payload of an incremental delivery (@defer/@stream): the initial result, then patches. */
export interface IncrementalPayload {
  data?: unknown;
  errors?: GqlError[];
  incremental?: { path: (string | number)[]; data?: Record<string, unknown>; items?: unknown[]; errors?: GqlError[] }[];
  hasNext?: boolean;
}

export interface Streamed {
  /** When the payload arrived, unix ms. */
  at: number;
  payload: IncrementalPayload;
}

/** Runs an operation with incremental delivery (@defer/@stream) over server-sent events, timing each payload. */
export async function streamAt(url: string, query: string, variables?: Record<string, unknown>): Promise<Streamed[]> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query, variables }),
  });
  const out: Streamed[] = [];
  for await (const data of nextEvents(res.body!))
    out.push({ at: Date.now(), payload: JSON.parse(data) as IncrementalPayload });
  return out;
}

/** A streamed result put together: the initial data with every patch applied, and all errors. */
export function collect(streamed: Streamed[]): { data: unknown; errors: GqlError[]; payloads: number } {
  const [first, ...rest] = streamed.map((s) => s.payload);
  const data = first?.data ?? null;
  const errors = [...(first?.errors ?? [])];
  for (const payload of rest) {
    errors.push(...(payload.errors ?? []));
    for (const part of payload.incremental ?? []) {
      errors.push(...(part.errors ?? []));
      applyPart(data, part);
    }
  }
  return { data, errors, payloads: streamed.length };
}

/** A task's live counters (TaskProgress) with every field; a test that selects fewer reads a `Pick` of it. */
export interface Progress {
  taskId: string;
  sent: number;
  delivered: number;
  clicked: number;
  failed: number;
  updatedAt: string | null;
  byPlatform: { platform: string; sent: number; delivered: number; clicked: number; failed: number }[];
  topReasons: { stage: string; platform: string; errorCode: number; errorInfo: string; count: number }[];
}

/** One payload of a subscription as it arrives: `T` is the shape of `data` the caller asked for. */
interface Payload<T> {
  data?: T;
  errors?: GqlError[];
}

export interface Subscription<T = unknown> {
  /** The next `next` payload (and when it arrived, unix ms), waiting at most `timeoutMs`. */
  next(timeoutMs?: number): Promise<Payload<T> & { at: number }>;
  /** Payloads until one satisfies `done`; answers that one. */
  until(done: (data: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): void;
}

/** A subscription over server-sent events (yoga's default transport), read as payloads arrive. */
export async function subscribeSse<T = unknown>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Subscription<T>> {
  const abort = new AbortController();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: abort.signal,
  });
  const queue: (Payload<T> & { at: number })[] = [];
  let wake: (() => void) | undefined;
  let ended = false;
  void (async () => {
    try {
      for await (const data of nextEvents(res.body!)) {
        queue.push({ ...(JSON.parse(data) as Payload<T>), at: Date.now() });
        wake?.();
      }
    } catch {
      // aborted
    }
    ended = true;
    wake?.();
  })();
  const next = async (timeoutMs = 10_000) => {
    const deadline = Date.now() + timeoutMs;
    while (queue.length === 0) {
      if (ended) throw new Error('the subscription ended');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no subscription payload within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, left);
      });
    }
    return queue.shift()!;
  };
  return {
    next,
    async until(done, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const payload = await next(Math.max(1, deadline - Date.now()));
        if (payload.errors) throw new Error(JSON.stringify(payload.errors));
        if (payload.data && done(payload.data)) return payload.data;
      }
    },
    close: () => abort.abort(),
  };
}

/** A Redis of this test's own, on a free loopback port, so it can be stopped without touching the shared one. */
export async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 50; i++) {
    await sleep(100);
    const up = await new Promise<boolean>((resolve) => {
      const probe = createServer()
        .once('error', () => resolve(true))
        .listen(port, '127.0.0.1', () => probe.close(() => resolve(false)));
    });
    if (up) return child;
  }
  child.kill();
  throw new Error(`redis-server did not start on port ${port}`);
}

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** A logger whose lines are kept, parsed, for tests that read the log. */
export function capturedLog(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = pino(
    { level: 'debug' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { log, lines };
}

const eventTime = Math.floor(Date.now() / 1000);

/** A Push.AllMemberPush callback event of `task` for `account` on `platform` (PushPlatform), at `stage`, with `code`. */
export const memberPushEvent = (
  task: string,
  account: string,
  platform: number,
  stage: number,
  code = 0,
  info = '',
): Record<string, unknown> => ({
  CallbackCommand: 'Push.AllMemberPush',
  EventType: 1,
  TaskId: task,
  EventTime: eventTime + stage,
  To_Account: account,
  PushPlatform: platform,
  PushStage: stage,
  ErrCode: code,
  ErrInfo: info,
});

/**
 * Posts Push.AllMemberPush events to the webhook of the gateway at `origin`, signed with `token`, 100 a request as
 * Tencent does; answers the worst status.
 */
export async function postMemberPush(
  origin: string,
  token: string,
  events: Record<string, unknown>[],
): Promise<number> {
  const url = callbackUrl(`${origin}/callbacks/tencent`, { sdkAppId: SDKAPPID, command: 'Push.AllMemberPush', token });
  let worst = 200;
  for (let i = 0; i < events.length; i += 100) {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Events: events.slice(i, i + 100) }),
    });
    await res.arrayBuffer();
    worst = Math.max(worst, res.status);
  }
  return worst;
}
