// Test stack: a real emulator and a real gateway, each on a loopback port the OS picks, talked to over HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { loadConfig } from '../src/config.js';
import { startEmulator, type Emulator, type EmulatorOptions } from '../src/emulator/server.js';
import { createGateway, type Gateway } from '../src/server.js';
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
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GqlResult<T>>;
  close(): Promise<void>;
}

export interface GqlResult<T> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[];
  text: string;
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
  /** The secret key the gateway signs with (the emulator always verifies with SECRET_KEY). */
  signingKey?: string;
  /** Use the documented 1 call/s quotas on both sides instead of fast test quotas. */
  realQuota?: boolean;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const emulator = await startEmulator({
    sdkAppId: SDKAPPID,
    secretKey: SECRET_KEY,
    rates: opts.realQuota ? undefined : fastRates,
    ...opts.emulator,
  });
  const config = loadConfig({
    TIM_SDKAPPID: String(SDKAPPID),
    TIM_SECRET_KEY: opts.signingKey ?? SECRET_KEY,
    TIM_BASE_URL: emulator.url,
    QUOTA_RATES: opts.realQuota ? '' : APIS.map((api) => `${api}=${FAST_RATE}`).join(','),
    QUOTA_MARGIN_MS: opts.realQuota ? '50' : '2',
    UPSTREAM_TIMEOUT_MS: '2000',
    GATEWAY_ALLOW_ANONYMOUS: 'true',
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
    log: pino({ level: 'silent' }),
  });
  const url = await gateway.listen(0, '127.0.0.1');
  if (opts.realQuota) {
    // The emulator shares this process: the first request's one-off work (JIT, first execution) would delay
    // when it sees calls and read as spacing errors. Warm up, let the slots free, then start the record clean.
    await gqlAt(url, WARM_UP);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    emulator.reset();
  }
  return {
    emulator,
    gateway,
    url,
    gql: (query, variables, headers) => gqlAt(url, query, variables, headers),
    async close() {
      await gateway.close();
      await emulator.close();
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

export interface Streamed {
  /** When the payload arrived, unix ms. */
  at: number;
  payload: any;
}

/** Runs an operation with incremental delivery (@defer/@stream) over server-sent events, timing each payload. */
export async function streamAt(url: string, query: string, variables?: Record<string, unknown>): Promise<Streamed[]> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query, variables }),
  });
  const out: Streamed[] = [];
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event.split('\n').find((line) => line.startsWith('data:'));
      if (event.startsWith('event: next') && data) out.push({ at: Date.now(), payload: JSON.parse(data.slice(5)) });
    }
  }
  return out;
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
