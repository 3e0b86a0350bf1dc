// Test stack: a real emulator and a real gateway, each on a loopback port the OS picks, talked to over HTTP.
import { pino, type Logger } from 'pino';
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
  /** Where the gateway logs; silent by default. */
  log?: Logger;
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
    log: opts.log ?? pino({ level: 'silent' }),
  });
  const url = await gateway.listen(0, '127.0.0.1');
  return {
    emulator,
    gateway,
    url,
    gql: (query, variables, headers) => gqlAt(url, query, variables, headers),
    async close() {
      await gateway.close(0);
      await emulator.close();
    },
  };
}

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

/** A logger whose lines are kept, parsed, for tests that read the log. */
export function capturedLog(): { log: Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  const log = pino(
    { level: 'debug' },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { log, lines };
}
