import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

const remote = {
  TIM_SDKAPPID: '1400000001',
  TIM_SECRET_KEY: 's3cret',
  TIM_REGION: 'singapore',
  GATEWAY_API_KEYS: 'dashboard-key-0123456789=stats:read',
};

describe('configuration', () => {
  it('starts in emulator mode with nothing set', () => {
    const c = loadConfig({});
    expect(c.credentials).toBeUndefined();
    expect(c).toMatchObject({ port: 4000, host: '0.0.0.0', identifier: 'administrator', utcOffsetMinutes: 480 });
    expect(c.rates).toEqual({
      normal_push_trace: 1,
      all_member_push_trace: 1,
      normal_push_loss: 1,
      all_member_push_loss: 1,
      normal_push_statistics: 1,
      all_member_push_statistics: 1,
      batch: 10,
      revoke: 1,
      push: 1,
      get_tag: 100,
      add_tag: 100,
      remove_tag: 100,
      clear_all_tags: 100,
      get_attr_name: 100,
      set_attr_name: 100,
      get_attr: 100,
      set_attr: 100,
      remove_attr: 100,
      add_sched_task: 5,
      modify_sched_task: 5,
      get_sched_task: 5,
      list_sched_task: 5,
      delete_sched_task: 5,
    });
    expect(c.pushDailyLimit).toBe(100);
  });

  it('maps regions to their documented domains, and TIM_BASE_URL overrides them', () => {
    expect(loadConfig(remote).baseUrl).toBe('https://adminapisgp.im.qcloud.com');
    expect(loadConfig({ ...remote, TIM_REGION: 'china' }).baseUrl).toBe('https://console.tim.qq.com');
    expect(loadConfig({ ...remote, TIM_BASE_URL: 'http://127.0.0.1:9000/' }).baseUrl).toBe('http://127.0.0.1:9000');
  });

  it.each([
    [{ ...remote, TIM_SDKAPPID: 'abc' }, /^TIM_SDKAPPID must be numeric/],
    [{ TIM_SECRET_KEY: 'x' }, /^TIM_SDKAPPID is required/],
    [
      { ...remote, GATEWAY_API_KEYS: '' },
      /^GATEWAY_API_KEYS or GATEWAY_JWT_SECRET .* is required with real credentials/,
    ],
    [{ ...remote, GATEWAY_API_KEYS: 'short=stats:read' }, /^GATEWAY_API_KEYS must look like/],
    [{ ...remote, GATEWAY_API_KEYS: 'dashboard-key-0123456789=stats:write' }, /^GATEWAY_API_KEYS must look like/],
    [{ GATEWAY_ALLOW_ANONYMOUS: 'maybe' }, /^GATEWAY_ALLOW_ANONYMOUS must be true or false/],
    [{ ...remote, TIM_REGION: 'mars' }, /^TIM_REGION must be one of china, singapore/],
    [{ TIM_SDKAPPID: '1', TIM_USERSIG: 'x' }, /^TIM_REGION or TIM_BASE_URL is required/],
    [{ PORT: 'eighty' }, /^PORT must be an integer/],
    [{ QUOTA_DEADLINE_MS: '0' }, /^QUOTA_DEADLINE_MS must be an integer from 100 to 600000/],
    [{ TIM_UTC_OFFSET: '8' }, /^TIM_UTC_OFFSET must look like \+08:00/],
    [{ QUOTA_RATES: 'batch=fast' }, /^QUOTA_RATES must look like/],
    [{ REDIS_URL: 'localhost:6379' }, /^REDIS_URL must be a redis:\/\//],
    [{ TIM_BASE_URL: 'ftp://x' }, /^TIM_BASE_URL must be an http\(s\) URL/],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads API keys as hashes with their scopes, never the keys themselves', () => {
    const c = loadConfig({
      ...remote,
      GATEWAY_API_KEYS: 'dashboard-key-0123456789=stats:read, ops-key-0123456789abc=stats:read+stats:tokens+push:send',
    });
    expect([...c.auth.apiKeys.values()].map((s) => [...s])).toEqual([
      ['stats:read'],
      ['stats:read', 'stats:tokens', 'push:send'],
    ]);
    expect(JSON.stringify([...c.auth.apiKeys.keys()])).not.toContain('dashboard-key');
    expect(c.auth.open).toBe(false);
  });

  it('is open in emulator mode, and with real credentials only when asked to', () => {
    expect(loadConfig({}).auth.open).toBe(true);
    expect(loadConfig({ ...remote, GATEWAY_API_KEYS: '', GATEWAY_ALLOW_ANONYMOUS: 'true' }).auth.open).toBe(true);
  });

  it('refuses a malformed key without echoing it', () => {
    expect(() => loadConfig({ ...remote, GATEWAY_API_KEYS: 'my-secret-key-material-x=nope' })).toThrow(
      /^((?!my-secret).)*$/,
    );
  });

  it('turns introspection and GraphiQL off, and CORS to no origin, in production unless asked', () => {
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({
      introspection: false,
      graphiql: false,
      corsOrigins: [],
    });
    expect(
      loadConfig({
        NODE_ENV: 'production',
        GATEWAY_INTROSPECTION: 'true',
        GATEWAY_CORS_ORIGINS: 'https://a.example, https://b.example',
      }),
    ).toMatchObject({
      introspection: true,
      corsOrigins: ['https://a.example', 'https://b.example'],
    });
    expect(loadConfig({})).toMatchObject({
      introspection: true,
      graphiql: true,
      corsOrigins: undefined,
      maxUpstreamCalls: 60,
    });
  });

  it('reads per-API quotas and the time zone', () => {
    const c = loadConfig({ QUOTA_RATES: 'batch=30, all_member_push_trace=2', TIM_UTC_OFFSET: '-05:30' });
    expect(c.rates.batch).toBe(30);
    expect(c.rates.all_member_push_trace).toBe(2);
    expect(c.utcOffsetMinutes).toBe(-330);
  });

  it('never prints the secret key or UserSig', () => {
    const c = loadConfig({ ...remote, TIM_USERSIG: 'sig-value' });
    const printed = [JSON.stringify(c), inspect(c, { depth: 5 }), String(c.credentials?.secretKey)].join('\n');
    expect(printed).not.toContain('s3cret');
    expect(printed).not.toContain('sig-value');
    expect(c.credentials?.secretKey?.reveal()).toBe('s3cret');
  });
});

describe('live configuration', () => {
  it('has a webhook path, limits and TTLs by default, and no callback token', () => {
    expect(loadConfig({}).live).toEqual({
      callbackPath: '/callbacks/tencent',
      callbackToken: undefined,
      callbackRatePerSecond: 2000,
      callbackMaxBodyBytes: 262_144,
      dedupeTtlMs: 600_000,
      ttlMs: 86_400_000,
    });
  });

  it('keeps TIM_CALLBACK_TOKEN secret wherever the configuration is printed', () => {
    const c = loadConfig({ TIM_CALLBACK_TOKEN: 'console-token-123' });
    expect(c.live.callbackToken?.reveal()).toBe('console-token-123');
    expect(JSON.stringify(c)).not.toContain('console-token-123');
    expect(inspect(c, { depth: 10 })).not.toContain('console-token-123');
  });

  it('refuses a path taken by the gateway, and a token longer than the console allows without echoing it', () => {
    expect(() => loadConfig({ CALLBACK_PATH: '/graphql' })).toThrow(/CALLBACK_PATH/);
    expect(() => loadConfig({ CALLBACK_PATH: 'callbacks' })).toThrow(/CALLBACK_PATH/);
    const long = 't'.repeat(129);
    expect(() => loadConfig({ TIM_CALLBACK_TOKEN: long })).toThrow(ConfigError);
    try {
      loadConfig({ TIM_CALLBACK_TOKEN: long });
    } catch (error) {
      expect((error as Error).message).not.toContain(long);
    }
    expect(() => loadConfig({ LIVE_TTL_SECONDS: '0' })).toThrow(/LIVE_TTL_SECONDS/);
  });

  it('keeps history in PGlite under ./.data by default, in PostgreSQL with DATABASE_URL', () => {
    expect(loadConfig({}).history).toEqual({
      enabled: true,
      databaseUrl: undefined,
      dataDir: './.data',
      followDays: 30,
      collectIntervalSeconds: 3600,
      retentionDays: 400,
      queryTimeoutMs: 2000,
      recipientRetentionDays: 30,
    });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db:5432/h' }).history.databaseUrl).toBe('postgres://u@db:5432/h');
  });

  it('refuses bad history settings with one line naming the variable, never echoing a database URL', () => {
    const bad = 'mysql://user:hunter2@db/h';
    expect(() => loadConfig({ DATABASE_URL: bad })).toThrow(/^DATABASE_URL must be a postgres/);
    try {
      loadConfig({ DATABASE_URL: bad });
    } catch (error) {
      expect((error as Error).message).not.toContain('hunter2');
    }
    expect(() => loadConfig({ HISTORY_FOLLOW_DAYS: '0' })).toThrow(/HISTORY_FOLLOW_DAYS/);
    expect(() => loadConfig({ HISTORY_QUERY_TIMEOUT_MS: '10' })).toThrow(/HISTORY_QUERY_TIMEOUT_MS/);
    expect(() => loadConfig({ HISTORY_COLLECT_INTERVAL_SECONDS: 'often' })).toThrow(/HISTORY_COLLECT_INTERVAL_SECONDS/);
    expect(() => loadConfig({ HISTORY_RETENTION_DAYS: '-1' })).toThrow(/HISTORY_RETENTION_DAYS/);
    expect(() => loadConfig({ HISTORY_ENABLED: 'maybe' })).toThrow(/HISTORY_ENABLED/);
  });
});

describe('operations settings', () => {
  it('bounds how long a client may take to send its request, headers first', () => {
    expect(loadConfig({}).http).toEqual({ headersTimeoutMs: 10_000, requestTimeoutMs: 30_000 });
    expect(() => loadConfig({ HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' })).toThrow(
      /^HTTP_REQUEST_TIMEOUT_MS must not be below HTTP_HEADERS_TIMEOUT_MS/,
    );
  });

  it('finds the persisted documents in the package, whatever the working directory', () => {
    expect(loadConfig({}).persistedDocumentsPath).toBe(
      fileURLToPath(new URL('../../client/gql/persisted-documents.json', import.meta.url)),
    );
  });

  it('refuses windows the upstream no longer keeps with credentials, not for the emulator', () => {
    expect(loadConfig({}).upstreamRetention).toBe(false);
    const real = {
      TIM_SDKAPPID: '1400000000',
      TIM_SECRET_KEY: 'k',
      TIM_REGION: 'singapore',
      GATEWAY_ALLOW_ANONYMOUS: 'true',
    };
    expect(loadConfig(real).upstreamRetention).toBe(true);
    expect(loadConfig({ ...real, UPSTREAM_RETENTION: 'false' }).upstreamRetention).toBe(false);
  });
});

describe('alerts configuration', () => {
  it('evaluates every 30 s by default and reads the webhook hosts allowed inside the network', () => {
    expect(loadConfig({}).alerts).toMatchObject({
      evalIntervalSeconds: 30,
      webhookTimeoutMs: 5000,
      deliveryAttempts: 6,
    });
    const hosts = loadConfig({ ALERT_WEBHOOK_HOSTS: ' Relay.LAN , [fd00::8], 10.0.0.8' }).alerts.webhookHosts;
    expect([...hosts]).toEqual(['relay.lan', 'fd00::8', '10.0.0.8']);
  });

  it('stops on a bad value with one line naming it', () => {
    expect(() => loadConfig({ ALERT_EVAL_INTERVAL_SECONDS: '0' })).toThrow(/^ALERT_EVAL_INTERVAL_SECONDS must be/);
    expect(() => loadConfig({ ALERT_WEBHOOK_HOSTS: 'http://relay/' })).toThrow(/^ALERT_WEBHOOK_HOSTS must be/);
    expect(() => loadConfig({ ALERT_DASHBOARD_URL: 'push.example.com' })).toThrow(/^ALERT_DASHBOARD_URL must be/);
  });
});
