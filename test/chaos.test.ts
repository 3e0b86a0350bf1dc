// Faults stay local: PostgreSQL behind a proxy that stalls or drops, Redis paused while callbacks arrive, SIGTERM
// with subscribers and a Redis that no longer answers. A push answers at the upstream's pace and is recorded once
// the database is back; history fields fail fast with HISTORY_UNAVAILABLE; no stray rejection; every stop ends.
import { mkdtempSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { startGatewayProcess } from '../scripts/gateway-process.js';
import { redisEventTarget } from '../src/events/index.js';
import { callbackUrl } from '../src/events/signature.js';
import { capturedLog, freePort, gqlAt, SDKAPPID, startRedis, startStack, type Stack } from './helpers.js';
import { createPgDatabase, type TestDatabase } from './history-helpers.js';
import { ensureBuilt } from './npm-start.js';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.js';

const SEND = `mutation { sendBatchPush(input: { fromAccount: "admin", toAccounts: ["c1", "c2"], title: "during" }) { taskId } }`;
const RECENT = `{ recentTasks(first: 5) { edges { node { id title } } } }`;

async function timed<T>(work: Promise<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work;
  return { value, ms: Date.now() - started };
}

async function until<T>(probe: () => Promise<T | undefined | false>, ms: number, what: string): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe('PostgreSQL behind a proxy that stalls or drops', () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let dataDir: string;
  const env = () => ({
    HISTORY_ENABLED: 'true',
    DATABASE_URL: database.url.replace(':5432/', `:${proxy.port}/`),
    HISTORY_QUERY_TIMEOUT_MS: '500',
    HISTORY_COLLECT_INTERVAL_SECONDS: '3600',
    DATA_DIR: dataDir,
  });

  beforeAll(async () => {
    database = await createPgDatabase();
    proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
  });
  afterAll(async () => {
    await proxy?.close();
    await database?.drop();
  });

  it('a stalled database holds no push, fails history fields fast, and records the push once it answers', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'timpush-chaos-'));
    const { log, lines } = capturedLog();
    const stack = await startStack({ env: env(), log });
    try {
      await stack.gateway.runtime.history!.ready;
      proxy.pause();

      // The push answers at the upstream's pace; the database is not on its path.
      const pushed = await timed(stack.data<{ sendBatchPush: { taskId: string } }>(SEND));
      expect(pushed.ms).toBeLessThan(400);
      const { taskId } = pushed.value.sendBatchPush;

      // History fields fail within HISTORY_QUERY_TIMEOUT_MS, saying why; the rest of the gateway answers.
      const recent = await timed(stack.gql(RECENT));
      expect(recent.ms).toBeLessThan(1_500);
      expect(recent.value.errors?.[0]?.extensions?.code).toBe('HISTORY_UNAVAILABLE');
      expect(recent.value.errors?.[0]?.message).toContain('did not answer within 500 ms');
      expect((await stack.gql(`{ task(id: "xxx-yyy-zzz") { loss { total } } }`)).errors).toBeUndefined();

      // /readyz names the database's state without taking the replica out of rotation.
      const ready = await fetch(new URL('/readyz', stack.url));
      expect(ready.status).toBe(200);
      expect(((await ready.json()) as { history: string }).history).toMatch(/slow|unreachable/);

      proxy.resume();
      const listed = await until(
        async () => {
          const r = await stack.gql<{ recentTasks: { edges: { node: { id: string; title: string } }[] } }>(RECENT);
          return r.data?.recentTasks.edges.find((e) => e.node.id === taskId);
        },
        20_000,
        'the push in recentTasks',
      );
      expect(listed.node.title).toBe('during');
      expect(lines.some((l) => l.msg === 'history: the database took the records waiting in the outbox')).toBe(true);
      // Logged as what happened: slow, then back; nothing at error level.
      expect(lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
    } finally {
      proxy.resume();
      await stack.close();
    }
  }, 60_000);

  it('a push made while the database is down is recorded after a restart of the gateway', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'timpush-chaos-'));
    let stack = await startStack({ env: env() });
    let taskId: string;
    try {
      await stack.gateway.runtime.history!.ready;
      proxy.kill();
      taskId = (await stack.data<{ sendBatchPush: { taskId: string } }>(SEND)).sendBatchPush.taskId;
      const recent = await stack.gql(RECENT);
      expect(recent.errors?.[0]?.extensions?.code).toBe('HISTORY_UNAVAILABLE');
      expect(recent.errors?.[0]?.message).toMatch(/unreachable|did not answer/);
    } finally {
      await stack.close();
    }
    // What waited is in DATA_DIR's outbox, for the next process.
    expect(readdirSync(join(dataDir, 'outbox')).length).toBe(1);

    proxy.revive();
    stack = await startStack({ env: env() });
    try {
      const listed = await until(
        async () => {
          const r = await stack.gql<{ recentTasks: { edges: { node: { id: string } }[] } }>(RECENT);
          return r.data?.recentTasks.edges.some((e) => e.node.id === taskId);
        },
        20_000,
        'the push in recentTasks after the restart',
      );
      expect(listed).toBe(true);
      await stack.gateway.runtime.history!.pushesRecorded();
      expect(readdirSync(join(dataDir, 'outbox'))).toEqual([]);
    } finally {
      await stack.close();
    }
  }, 60_000);
});

describe('Redis paused while push callbacks arrive', () => {
  let stack: Stack | undefined;
  let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
  let redisPort = 0;
  afterAll(async () => {
    redis?.kill('SIGCONT');
    await stack?.close();
    redis?.kill();
  });

  it('answers the webhook, fails no process, and says only what it knows', async () => {
    redisPort = await freePort();
    redis = await startRedis(redisPort);
    const { log, lines } = capturedLog();
    stack = await startStack({
      env: { REDIS_URL: `redis://127.0.0.1:${redisPort}`, REDIS_TIMEOUT_MS: '300', TIM_CALLBACK_TOKEN: 'chaos-token' },
      log,
    });
    redis.kill('SIGSTOP');
    const body = {
      Events: Array.from({ length: 5 }, (_, i) => ({
        CallbackCommand: 'Push.AllMemberPush',
        EventType: 1,
        TaskId: 'chaos-task',
        EventTime: Math.floor(Date.now() / 1000),
        To_Account: `r${i}`,
        PushPlatform: 1,
        PushStage: 1,
        ErrCode: 0,
        ErrInfo: '',
      })),
    };
    const url = callbackUrl(stack.url.replace(/\/graphql$/, '/callbacks/tencent'), {
      sdkAppId: SDKAPPID,
      command: 'Push.AllMemberPush',
      token: 'chaos-token',
    });
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect([200, 503]).toContain(res.status);
    // Every Redis command of the callback path times out meanwhile: none may end the process (vitest fails the run
    // on an unhandled rejection) or claim more than is known.
    await sleep(1_500);
    redis.kill('SIGCONT');
    await sleep(500);
    expect(lines.some((l) => l.msg === 'push callback events were acknowledged but not counted')).toBe(false);
    expect((await stack.gql(`{ task(id: "xxx-yyy-zzz") { id } }`)).status).toBe(200);
  }, 30_000);

  it('fans events out through Redis without leaving a failed PUBLISH to nobody', async () => {
    const { log, lines } = capturedLog();
    const client = new Redis(`redis://127.0.0.1:${redisPort}`, { commandTimeout: 200, maxRetriesPerRequest: 1 });
    const subscriber = new Redis(`redis://127.0.0.1:${redisPort}`);
    for (const c of [client, subscriber]) c.on('error', () => undefined);
    try {
      const target = redisEventTarget(client, subscriber, log);
      redis!.kill('SIGSTOP');
      target.dispatchEvent(new CustomEvent('chaos', { detail: { n: 1 } }));
      // The PUBLISH times out: a warning, not an unhandled rejection (which fails this run).
      await sleep(600);
      expect(lines.some((l) => l.msg === 'Redis publish failed')).toBe(true);
    } finally {
      redis!.kill('SIGCONT');
      client.disconnect();
      subscriber.disconnect();
    }
  }, 30_000);
});

describe('SIGTERM', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('ends within SHUTDOWN_GRACE_MS + 5 s with a subscriber open and Redis not answering, naming what hung', async () => {
    const port = await freePort();
    const redis = await startRedis(port);
    const grace = 1_000;
    const gateway = await startGatewayProcess(
      { REDIS_URL: `redis://127.0.0.1:${port}`, SHUTDOWN_GRACE_MS: String(grace) },
      'dist/src/main.js',
    );
    let output = '';
    gateway.child.stdout!.on('data', (d: Buffer) => (output += d.toString('utf8')));
    try {
      // A subscriber over SSE, then Redis stalls: its QUIT never gets an answer.
      const sse = await fetch(
        `${gateway.url}?query=${encodeURIComponent('subscription { taskProgress(taskId: "t") { sent } }')}`,
        {
          headers: { accept: 'text/event-stream' },
        },
      );
      expect(sse.status).toBe(200);
      redis.kill('SIGSTOP');
      const started = Date.now();
      const exited = new Promise<number | null>((resolve) => gateway.child.once('exit', (code) => resolve(code)));
      gateway.child.kill('SIGTERM');
      const code = await exited;
      expect(Date.now() - started).toBeLessThan(grace + 5_000);
      expect(code).toBe(1);
      expect(output).toMatch(/did not close|did not end in time/);
      void sse.body?.cancel().catch(() => undefined);
    } finally {
      redis.kill('SIGCONT');
      redis.kill();
      if (gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
    }
  }, 30_000);

  it('exits 0 when everything closes', async () => {
    const gateway = await startGatewayProcess({}, 'dist/src/main.js');
    const exited = new Promise<number | null>((resolve) => gateway.child.once('exit', (code) => resolve(code)));
    gateway.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);
});

describe('a client that trickles its request', () => {
  it("is cut off after HTTP_REQUEST_TIMEOUT_MS, not Node's 300 s", async () => {
    const stack = await startStack({ env: { HTTP_HEADERS_TIMEOUT_MS: '1000', HTTP_REQUEST_TIMEOUT_MS: '1500' } });
    try {
      const { port } = new URL(stack.url);
      const socket = connect(Number(port), '127.0.0.1');
      await new Promise((resolve) => socket.once('connect', resolve));
      socket.write(
        'POST /graphql HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{"qu',
      );
      let answer = '';
      socket.on('data', (d: Buffer) => (answer += d.toString('utf8')));
      const started = Date.now();
      await new Promise((resolve) => socket.once('close', resolve));
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(answer).toMatch(/^HTTP\/1.1 408/);
    } finally {
      await stack.close();
    }
  }, 20_000);
});

describe('a gateway killed right after acknowledging push callbacks', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  const TOKEN = 'chaos-kill-token';
  const events = (task: string) =>
    Array.from({ length: 100 }, (_, i) => ({
      CallbackCommand: 'Push.AllMemberPush',
      EventType: 1,
      TaskId: task,
      EventTime: Math.floor(Date.now() / 1000),
      To_Account: `k${i}`,
      PushPlatform: 1 + (i % 8),
      PushStage: 1,
      ErrCode: 0,
      ErrInfo: '',
    }));

  async function killedAfterAck(env: Record<string, string>, task: string): Promise<number> {
    const common = { HISTORY_ENABLED: 'true', TIM_CALLBACK_TOKEN: TOKEN, HISTORY_COLLECT_INTERVAL_SECONDS: '3600' };
    let gateway = await startGatewayProcess({ ...common, ...env }, 'dist/src/main.js');
    // Until the database is open: before that the webhook answers 503, which is no acknowledgement.
    await until(
      async () => !(await gqlAt(gateway.url, '{ recentTasks(first: 1) { edges { cursor } } }')).errors,
      20_000,
      'history',
    );
    const url = callbackUrl(gateway.url.replace(/\/graphql$/, '/callbacks/tencent'), {
      sdkAppId: 1400000000,
      command: 'Push.AllMemberPush',
      token: TOKEN,
    });
    for (let batch = 0; batch < 3; batch++) {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ Events: events(task).slice(batch * 34, batch * 34 + 34) }),
      });
      expect(res.status).toBe(200);
    }
    gateway.child.kill('SIGKILL');
    await new Promise((resolve) => gateway.child.once('exit', resolve));
    gateway = await startGatewayProcess({ ...common, ...env }, 'dist/src/main.js');
    try {
      const r = await until(
        async () => {
          const a = await gqlAt<{ task: { recipients: { totalCount: number } } }>(
            gateway.url,
            `{ task(id: "${task}") { recipients(first: 1) { totalCount } } }`,
          );
          return a.data?.task.recipients;
        },
        20_000,
        'the recipients after the restart',
      );
      return r.totalCount;
    } finally {
      await gateway.stop();
    }
  }

  it('loses none of them on PostgreSQL', async () => {
    const db = await createPgDatabase();
    try {
      expect(await killedAfterAck({ DATABASE_URL: db.url }, 'killed-pg')).toBe(100);
    } finally {
      await db.drop();
    }
  }, 90_000);

  it('loses none of them on PGlite in DATA_DIR', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'timpush-killed-'));
    expect(await killedAfterAck({ DATA_DIR: dir }, 'killed-pglite')).toBe(100);
  }, 90_000);
});
