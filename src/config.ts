// Configuration, read once from an environment object; a bad value stops start-up with one line naming it.
import { createHash } from 'node:crypto';
import { packagePath } from './process/paths.js';
import { APIS, DOCUMENTED_RATES, type Api } from './upstream/wire.js';

export const REGIONS: Readonly<Record<string, string>> = {
  china: 'https://console.tim.qq.com',
  singapore: 'https://adminapisgp.im.qcloud.com',
  seoul: 'https://adminapikr.im.qcloud.com',
  frankfurt: 'https://adminapiger.im.qcloud.com',
  'silicon-valley': 'https://adminapiusa.im.qcloud.com',
  jakarta: 'https://adminapiidn.im.qcloud.com',
};

export class ConfigError extends Error {
  constructor(variable: string, problem: string) {
    super(`${variable} ${problem}`);
    this.name = 'ConfigError';
  }
}

/** A secret that prints as [redacted] wherever it ends up by mistake: logs, errors, JSON. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[redacted]';
  }
}

/** The scopes a client can be granted, each under the name the schema's auth rules use for it. */
export const SCOPE_NAMES = {
  statsRead: 'stats:read',
  statsTokens: 'stats:tokens',
  pushSend: 'push:send',
  audienceWrite: 'audience:write',
  alertsWrite: 'alerts:write',
} as const;
export type Scope = (typeof SCOPE_NAMES)[keyof typeof SCOPE_NAMES];
export const SCOPES: readonly Scope[] = Object.values(SCOPE_NAMES);

export interface ClientAuthConfig {
  /** SHA-256 of each API key (hex) → its scopes; the keys themselves are not kept. */
  apiKeys: Map<string, Set<Scope>>;
  jwt?: {
    /** HS256 shared secret, or a PEM public key for RS256/ES256. */
    key?: Secret;
    jwksUrl?: string;
    issuer?: string;
    audience?: string;
    /** The claim holding the scopes: a space-separated string or an array. */
    scopesClaim: string;
  };
  /** Nothing configured: every request gets every scope (emulator mode, or GATEWAY_ALLOW_ANONYMOUS=true). */
  open: boolean;
}

export interface Config {
  port: number;
  host: string;
  /** Absent: start the built-in emulator. */
  credentials?: { secretKey?: Secret; userSig?: Secret };
  sdkAppId: number;
  identifier: string;
  /** Absent in emulator mode, where the emulator's address is used. */
  baseUrl?: string;
  utcOffsetMinutes: number;
  /**
   * Windows the upstream no longer keeps (loss 7 days, statistics 30) are refused before any call, unless the
   * history answers them. On by default with credentials; off for the emulator, whose demo data is of March 2025.
   */
  upstreamRetention: boolean;
  redisUrl?: string;
  redisPrefix: string;
  rates: Record<Api, number>;
  quotaMarginMs: number;
  quotaDeadlineMs: number;
  timeoutMs: number;
  maxAttempts: number;
  breakerThreshold: number;
  breakerHalfOpenMs: number;
  cacheTtlMs: { traceMs: number; lossMs: number; settledLossMs: number };
  /** Total size of the in-memory cache (without Redis). */
  cacheMaxBytes: number;
  /** A batchable call whose slot is free at once waits this long for concurrent requests' intents. */
  coalesceMs: number;
  /** Every Redis command fails after this long: a stalled Redis fails fields, not hangs them. */
  redisTimeoutMs: number;
  /** /readyz answers within this, 503 when a check has not answered by then. */
  readyTimeoutMs: number;
  /** The default loss window's end is rounded down to this step, so repeated dashboards hit the cache. */
  defaultWindowStepSeconds: number;
  maxIds: number;
  logLevel: string;
  auth: ClientAuthConfig;
  /** Refuse operations estimated to make more upstream calls than this. */
  maxUpstreamCalls: number;
  /** A document runs compiled (graphql-jit) from this execution on; 0: never. */
  compileAfter: number;
  limits: { maxDepth: number; maxAliases: number; maxTokens: number; maxDirectives: number; maxBodyBytes: number };
  /**
   * How long a client may take to send a request's headers, and its whole request (headers and body): a client
   * that trickles them in holds a socket this long at most, not Node's 300 s default.
   */
  http: { headersTimeoutMs: number; requestTimeoutMs: number };
  introspection: boolean;
  graphiql: boolean;
  /** Allowed browser origins; undefined: any origin outside production, none in production. */
  corsOrigins?: string[];
  persistedOnly: boolean;
  persistedDocumentsPath: string;
  /** How long an idempotencyKey of sendBatchPush is remembered. */
  idempotencyTtlMs: number;
  /** All-user, tag and attribute pushes allowed a day (the app's edition: 10 free or trial, 100 standard). */
  pushDailyLimit: number;
  live: LiveConfig;
  /** How long a SIGTERM/SIGINT waits for in-flight requests (streams included) before cutting them. */
  shutdownGraceMs: number;
  /** Whole answers kept in front of GraphQL (in Redis when REDIS_URL is set); off: every request executes. */
  responseCache: {
    enabled: boolean;
    maxBytes: number;
    /** An answer is kept from the request that asks for it this many times (1: the first). */
    keepFromSighting: number;
  };
  /** OpenTelemetry: absent unless OTEL_EXPORTER_OTLP_ENDPOINT (or …_TRACES_ENDPOINT) is set. */
  tracing?: { tracesUrl: string; serviceName: string };
  history: HistoryConfig;
  alerts: AlertsConfig;
}

/** Alert rules over the callbacks and the daily quota, and their webhooks (src/alerts/). */
export interface AlertsConfig {
  /** How often the replica holding the alerts lock evaluates every enabled rule. */
  evalIntervalSeconds: number;
  /**
   * Hosts a webhook may name even though they resolve to a loopback, private or link-local address (a chat
   * relay inside the network); lower case, IPv6 without brackets.
   */
  webhookHosts: ReadonlySet<string>;
  /** Each webhook request (connection, answer and body) fails after this long. */
  webhookTimeoutMs: number;
  /** Attempts of one delivery before it is given up as FAILED. */
  deliveryAttempts: number;
  /** The first retry waits this long; each next one twice as long, at most 10 minutes. */
  retrySeconds: number;
  /** Where the dashboard is reached, for the links in alert messages; absent: http://localhost:PORT. */
  dashboardUrl?: string;
}

/** Daily delivery records kept beyond the upstream's retention (src/history/). */
export interface HistoryConfig {
  /** HISTORY_ENABLED=false: no database, the history fields answer an error. */
  enabled: boolean;
  /** PostgreSQL; absent: the embedded engine (PGlite) in `dataDir`. */
  databaseUrl?: string;
  dataDir: string;
  /** How many days after its push (or after trackTask) a task is followed. */
  followDays: number;
  /** How often the collector visits every followed task. */
  collectIntervalSeconds: number;
  /** Records older than this many days are pruned. */
  retentionDays: number;
  /** Every history query fails after this long: a slow or unreachable database fails the history fields only. */
  queryTimeoutMs: number;
  /** Recipients of pushes whose first callback is older than this many days are dropped. */
  recipientRetentionDays: number;
}

/** Push callbacks in (the webhook) and live counters out. */
export interface LiveConfig {
  callbackPath: string;
  /** The console's callback token: Sign = hex SHA-256 of token + RequestTime. Absent: signatures are not checked. */
  callbackToken?: Secret;
  /** Webhook requests accepted per second by one gateway process (a token bucket with a one-second burst). */
  callbackRatePerSecond: number;
  callbackMaxBodyBytes: number;
  /** How long a replayed event is still recognised as a duplicate. */
  dedupeTtlMs: number;
  /** How long a task's live counters are kept after its last event. */
  ttlMs: number;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new ConfigError(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

function rates(env: Env): Record<Api, number> {
  const out = { ...DOCUMENTED_RATES };
  const raw = env.QUOTA_RATES?.trim();
  if (!raw) return out;
  for (const part of raw.split(',')) {
    const [api, value] = part.split('=').map((s) => s.trim());
    const rate = Number(value);
    if (!APIS.includes(api as Api) || !(rate > 0 && rate <= 1000)) {
      throw new ConfigError(
        'QUOTA_RATES',
        `must look like "batch=30,all_member_push_trace=1" with APIs ${APIS.join(', ')}; got "${part}"`,
      );
    }
    out[api as Api] = rate;
  }
  return out;
}

function utcOffset(env: Env): number {
  const raw = env.TIM_UTC_OFFSET?.trim() || '+08:00';
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(raw);
  if (!m || Number(m[2]) > 14 || Number(m[3]) > 59)
    throw new ConfigError('TIM_UTC_OFFSET', `must look like +08:00, got "${raw}"`);
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

function baseUrl(env: Env): string | undefined {
  const override = env.TIM_BASE_URL?.trim();
  if (override) {
    try {
      const url = new URL(override);
      if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
      return url.origin;
    } catch {
      throw new ConfigError('TIM_BASE_URL', `must be an http(s) URL such as http://127.0.0.1:9000, got "${override}"`);
    }
  }
  const region = env.TIM_REGION?.trim();
  if (!region) return undefined;
  const url = REGIONS[region];
  if (!url) throw new ConfigError('TIM_REGION', `must be one of ${Object.keys(REGIONS).join(', ')}, got "${region}"`);
  return url;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(name, `must be true or false, got "${env[name]}"`);
}

function apiKeys(env: Env): Map<string, Set<Scope>> {
  const keys = new Map<string, Set<Scope>>();
  const raw = env.GATEWAY_API_KEYS?.trim();
  if (!raw) return keys;
  for (const entry of raw.split(',')) {
    const at = entry.indexOf('=');
    const key = entry.slice(0, at).trim();
    const scopes = entry
      .slice(at + 1)
      .split('+')
      .map((s) => s.trim());
    if (at < 0 || key.length < 16 || !scopes.every((s): s is Scope => SCOPES.includes(s as Scope))) {
      // Never echo the entry: it holds a key.
      throw new ConfigError(
        'GATEWAY_API_KEYS',
        `must look like "<key of 16+ characters>=stats:read+push:send,…" with scopes ${SCOPES.join(', ')}`,
      );
    }
    keys.set(createHash('sha256').update(key).digest('hex'), new Set(scopes));
  }
  return keys;
}

function clientAuth(env: Env, remote: boolean): ClientAuthConfig {
  const keys = apiKeys(env);
  const secret = env.GATEWAY_JWT_SECRET?.trim();
  const publicKey = env.GATEWAY_JWT_PUBLIC_KEY?.trim();
  const jwksUrl = env.GATEWAY_JWT_JWKS_URL?.trim();
  const jwt =
    secret || publicKey || jwksUrl
      ? {
          key: secret ? new Secret(secret) : publicKey ? new Secret(publicKey.replace(/\\n/g, '\n')) : undefined,
          jwksUrl,
          issuer: env.GATEWAY_JWT_ISSUER?.trim() || undefined,
          audience: env.GATEWAY_JWT_AUDIENCE?.trim() || undefined,
          scopesClaim: env.GATEWAY_JWT_SCOPES_CLAIM?.trim() || 'scope',
        }
      : undefined;
  const configured = keys.size > 0 || jwt !== undefined;
  const anonymous = bool(env, 'GATEWAY_ALLOW_ANONYMOUS', false);
  if (remote && !configured && !anonymous) {
    throw new ConfigError(
      'GATEWAY_API_KEYS',
      'or GATEWAY_JWT_SECRET / GATEWAY_JWT_PUBLIC_KEY / GATEWAY_JWT_JWKS_URL is required with real credentials: the gateway can push to every user of the app. Set GATEWAY_ALLOW_ANONYMOUS=true to run it open on purpose',
    );
  }
  return { apiKeys: keys, jwt, open: !configured };
}

function live(env: Env): LiveConfig {
  const path = env.CALLBACK_PATH?.trim() || '/callbacks/tencent';
  if (!/^\/[\w./-]*$/.test(path) || ['/graphql', '/metrics', '/healthz', '/readyz', '/'].includes(path))
    throw new ConfigError('CALLBACK_PATH', `must be a free path such as /callbacks/tencent, got "${path}"`);
  const token = env.TIM_CALLBACK_TOKEN?.trim();
  // Never echo the value: it is a secret.
  if (token && token.length > 128)
    throw new ConfigError('TIM_CALLBACK_TOKEN', 'must hold 1 to 128 characters, as in the console');
  return {
    callbackPath: path,
    callbackToken: token ? new Secret(token) : undefined,
    callbackRatePerSecond: int(env, 'CALLBACK_RATE_LIMIT', 2000, 1, 1_000_000),
    callbackMaxBodyBytes: int(env, 'CALLBACK_MAX_BODY_BYTES', 262_144, 1000, 10_000_000),
    dedupeTtlMs: int(env, 'CALLBACK_DEDUPE_SECONDS', 600, 60, 86_400) * 1000,
    ttlMs: int(env, 'LIVE_TTL_SECONDS', 86_400, 60, 30 * 86_400) * 1000,
  };
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function history(env: Env): HistoryConfig {
  const databaseUrl = env.DATABASE_URL?.trim() || undefined;
  if (databaseUrl && !/^postgres(ql)?:\/\/./.test(databaseUrl))
    // Never echo the value: it may hold a password.
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL');
  const dataDir = env.DATA_DIR?.trim() || './.data';
  if (dataDir.includes('\0')) throw new ConfigError('DATA_DIR', 'must be a directory path');
  return {
    enabled: bool(env, 'HISTORY_ENABLED', true),
    databaseUrl,
    dataDir,
    followDays: int(env, 'HISTORY_FOLLOW_DAYS', 30, 1, 3650),
    collectIntervalSeconds: int(env, 'HISTORY_COLLECT_INTERVAL_SECONDS', 3600, 1, 7 * 86_400),
    retentionDays: int(env, 'HISTORY_RETENTION_DAYS', 400, 1, 36_500),
    queryTimeoutMs: int(env, 'HISTORY_QUERY_TIMEOUT_MS', 2_000, 100, 60_000),
    recipientRetentionDays: int(env, 'RECIPIENT_RETENTION_DAYS', 30, 1, 3650),
  };
}

function alerts(env: Env): AlertsConfig {
  const hosts = (env.ALERT_WEBHOOK_HOSTS ?? '')
    .split(',')
    .map((h) =>
      h
        .trim()
        .toLowerCase()
        .replace(/^\[(.*)\]$/, '$1'),
    )
    .filter(Boolean);
  for (const host of hosts)
    if (!/^[a-z0-9.:_-]+$/.test(host))
      throw new ConfigError(
        'ALERT_WEBHOOK_HOSTS',
        `must be host names or addresses separated by commas, got "${host}"`,
      );
  const dashboardUrl = env.ALERT_DASHBOARD_URL?.trim() || undefined;
  if (dashboardUrl) {
    try {
      if (!/^https?:$/.test(new URL(dashboardUrl).protocol)) throw new Error();
    } catch {
      throw new ConfigError(
        'ALERT_DASHBOARD_URL',
        `must be an http(s) URL such as https://push.example.com, got "${dashboardUrl}"`,
      );
    }
  }
  return {
    evalIntervalSeconds: int(env, 'ALERT_EVAL_INTERVAL_SECONDS', 30, 1, 3600),
    webhookHosts: new Set(hosts),
    webhookTimeoutMs: int(env, 'ALERT_WEBHOOK_TIMEOUT_MS', 5_000, 100, 60_000),
    deliveryAttempts: int(env, 'ALERT_DELIVERY_ATTEMPTS', 6, 1, 20),
    retrySeconds: int(env, 'ALERT_RETRY_SECONDS', 10, 1, 3600),
    dashboardUrl: dashboardUrl?.replace(/\/+$/, ''),
  };
}

function httpTimeouts(env: Env): Config['http'] {
  const headersTimeoutMs = int(env, 'HTTP_HEADERS_TIMEOUT_MS', 10_000, 1_000, 600_000);
  const requestTimeoutMs = int(env, 'HTTP_REQUEST_TIMEOUT_MS', 30_000, 1_000, 3_600_000);
  // Node requires it: the whole request cannot be given less time than its headers.
  if (requestTimeoutMs < headersTimeoutMs)
    throw new ConfigError('HTTP_REQUEST_TIMEOUT_MS', `must not be below HTTP_HEADERS_TIMEOUT_MS (${headersTimeoutMs})`);
  return { headersTimeoutMs, requestTimeoutMs };
}

function logLevel(env: Env): string {
  const raw = env.LOG_LEVEL?.trim().toLowerCase() || 'info';
  if (!LOG_LEVELS.includes(raw))
    throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  return raw;
}

function tracing(env: Env): Config['tracing'] {
  const traces = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim();
  const base = env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!traces && !base) return undefined;
  // The OTLP convention: the generic endpoint gets /v1/traces appended, the traces endpoint is used as it is.
  const tracesUrl = traces || `${base!.replace(/\/+$/, '')}/v1/traces`;
  try {
    if (!/^https?:$/.test(new URL(tracesUrl).protocol)) throw new Error();
  } catch {
    throw new ConfigError(
      traces ? 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT' : 'OTEL_EXPORTER_OTLP_ENDPOINT',
      `must be an http(s) URL such as http://127.0.0.1:4318, got "${traces || base}"`,
    );
  }
  return { tracesUrl, serviceName: env.OTEL_SERVICE_NAME?.trim() || 'timpush-gateway' };
}

export function loadConfig(env: Env): Config {
  const secretKey = env.TIM_SECRET_KEY?.trim();
  const userSig = env.TIM_USERSIG?.trim();
  const remote = Boolean(secretKey || userSig);
  const rawAppId = env.TIM_SDKAPPID?.trim();
  if (remote && !rawAppId) throw new ConfigError('TIM_SDKAPPID', 'is required with TIM_SECRET_KEY or TIM_USERSIG');
  if (rawAppId && !/^\d{1,10}$/.test(rawAppId))
    throw new ConfigError('TIM_SDKAPPID', `must be numeric, got "${rawAppId}"`);
  const url = baseUrl(env);
  if (remote && !url)
    throw new ConfigError(
      'TIM_REGION',
      `or TIM_BASE_URL is required with credentials: one of ${Object.keys(REGIONS).join(', ')}`,
    );
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    throw new ConfigError('REDIS_URL', `must be a redis:// or rediss:// URL`);
  const ttl = (name: string, fallback: number) => int(env, name, fallback, 0, 7 * 24 * 3600) * 1000;
  const production = env.NODE_ENV?.trim() === 'production';
  return {
    port: int(env, 'PORT', 4000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    credentials: remote
      ? { secretKey: secretKey ? new Secret(secretKey) : undefined, userSig: userSig ? new Secret(userSig) : undefined }
      : undefined,
    sdkAppId: rawAppId ? Number(rawAppId) : 1400000000,
    identifier: env.TIM_IDENTIFIER?.trim() || 'administrator',
    baseUrl: url,
    utcOffsetMinutes: utcOffset(env),
    upstreamRetention: bool(env, 'UPSTREAM_RETENTION', remote),
    redisUrl,
    redisPrefix: env.REDIS_PREFIX?.trim() || 'timpush:',
    rates: rates(env),
    quotaMarginMs: int(env, 'QUOTA_MARGIN_MS', 50, 0, 10_000),
    // At least 100 ms: reserving even a free slot takes a moment (a Redis round trip), so a shorter deadline
    // would refuse calls that could have gone out at once.
    quotaDeadlineMs: int(env, 'QUOTA_DEADLINE_MS', 30_000, 100, 600_000),
    timeoutMs: int(env, 'UPSTREAM_TIMEOUT_MS', 10_000, 100, 120_000),
    maxAttempts: int(env, 'UPSTREAM_MAX_ATTEMPTS', 3, 1, 10),
    breakerThreshold: int(env, 'BREAKER_THRESHOLD', 5, 1, 1000),
    breakerHalfOpenMs: int(env, 'BREAKER_HALF_OPEN_MS', 10_000, 100, 600_000),
    cacheTtlMs: {
      traceMs: ttl('CACHE_TTL_TRACE_SECONDS', 60),
      lossMs: ttl('CACHE_TTL_LOSS_SECONDS', 300),
      settledLossMs: ttl('CACHE_TTL_SETTLED_LOSS_SECONDS', 3600),
    },
    cacheMaxBytes: int(env, 'CACHE_MAX_BYTES', 64 * 1024 * 1024, 1024 * 1024, 64 * 1024 * 1024 * 1024),
    coalesceMs: int(env, 'UPSTREAM_COALESCE_MS', 25, 0, 1000),
    redisTimeoutMs: int(env, 'REDIS_TIMEOUT_MS', 1000, 50, 60_000),
    readyTimeoutMs: int(env, 'READYZ_TIMEOUT_MS', 2000, 100, 60_000),
    defaultWindowStepSeconds: int(env, 'DEFAULT_WINDOW_STEP_SECONDS', 300, 1, 86_400),
    maxIds: int(env, 'MAX_IDS', 100, 1, 10_000),
    logLevel: logLevel(env),
    auth: clientAuth(env, remote),
    maxUpstreamCalls: int(env, 'GATEWAY_MAX_UPSTREAM_CALLS', 60, 1, 100_000),
    compileAfter: int(env, 'GRAPHQL_COMPILE_AFTER', 2, 0, 1_000_000),
    limits: {
      maxDepth: int(env, 'GATEWAY_MAX_DEPTH', 10, 1, 100),
      maxAliases: int(env, 'GATEWAY_MAX_ALIASES', 30, 1, 1000),
      maxTokens: int(env, 'GATEWAY_MAX_TOKENS', 2000, 10, 100_000),
      maxDirectives: int(env, 'GATEWAY_MAX_DIRECTIVES', 20, 1, 1000),
      maxBodyBytes: int(env, 'GATEWAY_MAX_BODY_BYTES', 100_000, 1000, 10_000_000),
    },
    http: httpTimeouts(env),
    introspection: bool(env, 'GATEWAY_INTROSPECTION', !production),
    graphiql: bool(env, 'GATEWAY_GRAPHIQL', !production),
    corsOrigins: env.GATEWAY_CORS_ORIGINS?.trim()
      ? env.GATEWAY_CORS_ORIGINS.split(',').map((o) => o.trim())
      : production
        ? []
        : undefined,
    persistedOnly: bool(env, 'GATEWAY_PERSISTED_ONLY', false),
    // From the package, not the working directory: the gateway starts the same from any folder.
    persistedDocumentsPath:
      env.GATEWAY_PERSISTED_DOCUMENTS?.trim() || packagePath('client/gql/persisted-documents.json'),
    idempotencyTtlMs: int(env, 'GATEWAY_IDEMPOTENCY_TTL_SECONDS', 86_400, 60, 30 * 86_400) * 1000,
    pushDailyLimit: int(env, 'PUSH_DAILY_LIMIT', 100, 0, 1_000_000),
    live: live(env),
    shutdownGraceMs: int(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    tracing: tracing(env),
    responseCache: {
      enabled: bool(env, 'RESPONSE_CACHE', true),
      maxBytes: int(env, 'RESPONSE_CACHE_MAX_MB', 64, 1, 16_384) * 1024 * 1024,
      keepFromSighting: int(env, 'RESPONSE_CACHE_KEEP_FROM', 2, 1, 2),
    },
    history: history(env),
    alerts: alerts(env),
  };
}
