// Live rows of the benchmark: push callbacks ingested per second with none lost, acknowledgement latency,
// and how long an event takes from the webhook of one replica to subscribers spread over two replicas.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { callbackUrl } from '../src/events/signature.js';
import { startGatewayProcess, type GatewayProcess } from '../scripts/gateway-process.js';
import { gqlAt, subscribeSse, type Subscription } from '../test/helpers.js';

export interface IngestRow {
  seconds: number;
  posters: number;
  requests: number;
  events: number;
  eventsPerSec: number;
  lost: number;
  ackP50Ms: number;
  ackP99Ms: number;
  refused: number;
}

export interface LagRow {
  subscribers: number;
  events: number;
  deliveries: number;
  missed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LiveResults {
  ingest: IngestRow;
  lag: LagRow[];
}

/** The value at share `q` of sorted samples (NaN when there are none). */
export const quantile = (sorted: ArrayLike<number>, q: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : NaN;

const TOKEN = `bench-callback-${randomUUID()}`;

function poster(webhook: string, sdkAppId: number) {
  return async (events: object[]): Promise<{ ms: number; ok: boolean }> => {
    const started = performance.now();
    const res = await fetch(callbackUrl(webhook, { sdkAppId, command: 'Push.AllMemberPush', token: TOKEN }), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ Events: events }),
    });
    const answer = (await res.json()) as { ActionStatus?: string };
    return { ms: performance.now() - started, ok: res.status === 200 && answer.ActionStatus === 'OK' };
  };
}

const event = (taskId: string, account: string, stage = 1) => ({
  CallbackCommand: 'Push.AllMemberPush',
  EventType: 1,
  TaskId: taskId,
  EventTime: Math.floor(Date.now() / 1000),
  To_Account: account,
  PushPlatform: 1 + (account.length % 8),
  PushStage: stage,
  ErrCode: 0,
  ErrInfo: '',
});

/** Batches of 100 distinct events from `posters` concurrent clients, half to each replica, for `seconds`. */
async function ingest(urls: string[], sdkAppId: number, seconds: number, posters: number): Promise<IngestRow> {
  const posts = urls.map((u) => poster(u.replace(/\/graphql$/, '/callbacks/tencent'), sdkAppId));
  const tasks = Array.from({ length: 10 }, (_, i) => `bench-ingest-${randomUUID()}-${i}`);
  const latencies: number[] = [];
  let events = 0;
  let refused = 0;
  let n = 0;
  const end = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: posters }, async (_, p) => {
      while (performance.now() < end) {
        const batch = Array.from({ length: 100 }, () => {
          n++;
          return event(tasks[n % tasks.length]!, `u${n}`);
        });
        const r = await posts[p % posts.length]!(batch);
        latencies.push(r.ms);
        if (r.ok) events += batch.length;
        else refused++;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  // Counted after the acknowledgement: wait for the counters to settle, then compare with what was acknowledged.
  const count = async () => {
    const r = await gqlAt<{ tasks: { live: { sent: number } | null }[] }>(
      urls[0]!,
      `query($ids: [ID!]!) { tasks(ids: $ids) { live { sent } } }`,
      { ids: tasks },
    );
    return (r.data?.tasks ?? []).reduce((s, t) => s + (t.live?.sent ?? 0), 0);
  };
  let counted = await count();
  for (let i = 0; i < 50 && counted < events; i++) {
    await sleep(200);
    counted = await count();
  }
  latencies.sort((a, b) => a - b);
  return {
    seconds,
    posters,
    requests: latencies.length,
    events,
    eventsPerSec: events / elapsed,
    lost: events - counted,
    ackP50Ms: quantile(latencies, 0.5),
    ackP99Ms: quantile(latencies, 0.99),
    refused,
  };
}

/** `subscribers` pushEvents subscribers, alternating between the replicas; events posted to the first replica. */
async function lag(urls: string[], sdkAppId: number, subscribers: number, events: number): Promise<LagRow> {
  const taskId = `bench-lag-${randomUUID()}`;
  const subs: Subscription[] = await Promise.all(
    Array.from({ length: subscribers }, (_, i) =>
      subscribeSse(urls[(i + 1) % urls.length]!, `subscription($t: ID) { pushEvents(taskId: $t) { account } }`, {
        t: taskId,
      }),
    ),
  );
  try {
    // Subscriptions reach Redis asynchronously: post a probe until every subscriber has seen one.
    const post = poster(urls[0]!.replace(/\/graphql$/, '/callbacks/tencent'), sdkAppId);
    for (let i = 0; i < 50; i++) {
      await post([event(taskId, `probe-${i}`)]);
      const seen = await Promise.all(
        subs.map((s) =>
          s.next(200).then(
            () => true,
            () => false,
          ),
        ),
      );
      if (seen.every(Boolean)) break;
    }
    await sleep(300);
    const sentAt = new Map<string, number>();
    const samples: number[] = [];
    let missed = 0;
    const readers = subs.map(async (s) => {
      let got = 0;
      while (got < events) {
        const payload = await s.next(5_000).catch(() => undefined);
        if (!payload) break;
        const account = (payload.data as { pushEvents: { account: string } } | undefined)?.pushEvents.account;
        const t0 = account ? sentAt.get(account) : undefined;
        if (t0 === undefined) continue; // a late probe
        samples.push(payload.at - t0);
        got++;
      }
      missed += events - got;
    });
    for (let i = 0; i < events; i++) {
      const account = `lag-${i}`;
      sentAt.set(account, Date.now());
      await post([event(taskId, account, 2)]);
      await sleep(100);
    }
    await Promise.all(readers);
    samples.sort((a, b) => a - b);
    return {
      subscribers,
      events,
      deliveries: samples.length,
      missed,
      p50Ms: quantile(samples, 0.5),
      p99Ms: quantile(samples, 0.99),
      maxMs: samples.at(-1) ?? NaN,
    };
  } finally {
    subs.forEach((s) => s.close());
  }
}

export async function liveBench(opts: {
  env: Record<string, string>;
  redisUrl: string;
  redisPrefix: string;
  sdkAppId: number;
  smoke: boolean;
  processes: GatewayProcess[];
}): Promise<LiveResults> {
  const env = {
    ...opts.env,
    REDIS_URL: opts.redisUrl,
    REDIS_PREFIX: opts.redisPrefix,
    TIM_CALLBACK_TOKEN: TOKEN,
    CALLBACK_RATE_LIMIT: '1000000',
  };
  // The compiled gateway, as npm start runs it; one after the other, so start-ups do not share the 2 cores.
  const replicas: GatewayProcess[] = [];
  for (let i = 0; i < 2; i++) {
    replicas.push(await startGatewayProcess(env, 'dist/src/main.js'));
    opts.processes.push(replicas[i]!);
  }
  const urls = replicas.map((r) => r.url);
  await ingest(urls, opts.sdkAppId, 1, 4); // warm-up
  const result: LiveResults = {
    ingest: await ingest(urls, opts.sdkAppId, opts.smoke ? 1 : 5, 8),
    lag: [],
  };
  for (const n of opts.smoke ? [1, 20] : [1, 100])
    result.lag.push(await lag(urls, opts.sdkAppId, n, opts.smoke ? 5 : 20));
  return result;
}

export function printLive(r: LiveResults): void {
  const f = (n: number, d = 0) => n.toFixed(d);
  const i = r.ingest;
  console.log(`\n## Push callbacks in, two replicas on Redis (${i.posters} clients posting batches of 100 events)\n`);
  console.log('| events ingested/s | events acknowledged | lost | refused requests | ack p50 | ack p99 |');
  console.log('| --: | --: | --: | --: | --: | --: |');
  console.log(
    `| ${f(i.eventsPerSec)} | ${i.events} | ${i.lost} | ${i.refused} | ${f(i.ackP50Ms, 1)} ms | ${f(i.ackP99Ms, 1)} ms |`,
  );
  console.log('\n## Subscriber lag: webhook of replica A → pushEvents subscribers over SSE, half on each replica\n');
  console.log('| subscribers | events | deliveries | missed | p50 | p99 | max |');
  console.log('| --: | --: | --: | --: | --: | --: | --: |');
  for (const l of r.lag)
    console.log(
      `| ${l.subscribers} | ${l.events} | ${l.deliveries} | ${l.missed} | ${f(l.p50Ms)} ms | ${f(l.p99Ms)} ms | ${f(l.maxMs)} ms |`,
    );
}

/** Targets: nothing lost or refused, acknowledged well inside Tencent's 2 s timeout, every subscriber served. */
export function liveMisses(r: LiveResults): string[] {
  const misses: string[] = [];
  if (r.ingest.lost !== 0 || r.ingest.refused !== 0) misses.push('callback ingest (events lost or refused)');
  if (r.ingest.ackP99Ms > 1000) misses.push('callback acknowledgement p99 over 1 s (Tencent waits 2 s)');
  for (const l of r.lag) if (l.missed !== 0) misses.push(`subscriber lag with ${l.subscribers} (events missed)`);
  return misses;
}
