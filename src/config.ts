// Configuration, read once from an environment object; a bad value stops start-up with one line naming it.
import { APIS, type Api } from './upstream/wire.js';

export const REGIONS: Readonly<Record<string, string>> = {
  china: 'https://console.tim.qq.com',
  singapore: 'https://adminapisgp.im.qcloud.com',
  seoul: 'https://adminapikr.im.qcloud.com',
  frankfurt: 'https://adminapiger.im.qcloud.com',
  'silicon-valley': 'https://adminapiusa.im.qcloud.com',
  jakarta: 'https://adminapiidn.im.qcloud.com',
};

/** Documented quotas per SDKAppID: 1 call/s for statistics, 10/s for batch on the free edition. */
export const DEFAULT_RATES: Readonly<Record<Api, number>> = {
  normal_push_trace: 1,
  all_member_push_trace: 1,
  normal_push_loss: 1,
  all_member_push_loss: 1,
  batch: 10,
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
  maxIds: number;
  logLevel: string;
}

type Env = Record<string, string | undefined>;

function int(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(name, `must be an integer from ${min} to ${max}, got "${raw}"`);
  return n;
}

function rates(env: Env): Record<Api, number> {
  const out = { ...DEFAULT_RATES };
  const raw = env.QUOTA_RATES?.trim();
  if (!raw) return out;
  for (const part of raw.split(',')) {
    const [api, value] = part.split('=').map((s) => s.trim());
    const rate = Number(value);
    if (!APIS.includes(api as Api) || !(rate > 0 && rate <= 1000)) {
      throw new ConfigError('QUOTA_RATES', `must look like "batch=30,all_member_push_trace=1" with APIs ${APIS.join(', ')}; got "${part}"`);
    }
    out[api as Api] = rate;
  }
  return out;
}

function utcOffset(env: Env): number {
  const raw = env.TIM_UTC_OFFSET?.trim() || '+08:00';
  const m = /^([+-])(\d{2}):(\d{2})$/.exec(raw);
  if (!m || Number(m[2]) > 14 || Number(m[3]) > 59) throw new ConfigError('TIM_UTC_OFFSET', `must look like +08:00, got "${raw}"`);
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

export function loadConfig(env: Env): Config {
  const secretKey = env.TIM_SECRET_KEY?.trim();
  const userSig = env.TIM_USERSIG?.trim();
  const remote = Boolean(secretKey || userSig);
  const rawAppId = env.TIM_SDKAPPID?.trim();
  if (remote && !rawAppId) throw new ConfigError('TIM_SDKAPPID', 'is required with TIM_SECRET_KEY or TIM_USERSIG');
  if (rawAppId && !/^\d{1,10}$/.test(rawAppId)) throw new ConfigError('TIM_SDKAPPID', `must be numeric, got "${rawAppId}"`);
  const url = baseUrl(env);
  if (remote && !url) throw new ConfigError('TIM_REGION', `or TIM_BASE_URL is required with credentials: one of ${Object.keys(REGIONS).join(', ')}`);
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError('REDIS_URL', `must be a redis:// or rediss:// URL`);
  const ttl = (name: string, fallback: number) => int(env, name, fallback, 0, 7 * 24 * 3600) * 1000;
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
    redisUrl,
    redisPrefix: env.REDIS_PREFIX?.trim() || 'timpush:',
    rates: rates(env),
    quotaMarginMs: int(env, 'QUOTA_MARGIN_MS', 50, 0, 10_000),
    quotaDeadlineMs: int(env, 'QUOTA_DEADLINE_MS', 30_000, 0, 600_000),
    timeoutMs: int(env, 'UPSTREAM_TIMEOUT_MS', 10_000, 100, 120_000),
    maxAttempts: int(env, 'UPSTREAM_MAX_ATTEMPTS', 3, 1, 10),
    breakerThreshold: int(env, 'BREAKER_THRESHOLD', 5, 1, 1000),
    breakerHalfOpenMs: int(env, 'BREAKER_HALF_OPEN_MS', 10_000, 100, 600_000),
    cacheTtlMs: {
      traceMs: ttl('CACHE_TTL_TRACE_SECONDS', 60),
      lossMs: ttl('CACHE_TTL_LOSS_SECONDS', 300),
      settledLossMs: ttl('CACHE_TTL_SETTLED_LOSS_SECONDS', 3600),
    },
    maxIds: int(env, 'MAX_IDS', 100, 1, 10_000),
    logLevel: env.LOG_LEVEL?.trim() || 'info',
  };
}
