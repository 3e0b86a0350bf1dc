// For the alert tests: a local webhook receiver on a loopback port the OS picks (recording every request, answering
// as told), push callbacks posted to a gateway's real webhook, and the GraphQL documents the tests share.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { memberPushEvent, postMemberPush, type Stack } from './helpers.js';

export const CALLBACK_TOKEN = 'alerts-callback-token';

export interface Received {
  path: string;
  /** The path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
  at: number;
}

/** What the receiver does with a request: answer (status, body, headers) or never answer. */
export type Answer = { status?: number; body?: string; headers?: Record<string, string> } | 'hang';

export interface Receiver {
  /** http://127.0.0.1:<port> */
  origin: string;
  received: Received[];
  /** Requests to one path. */
  at(path: string): Received[];
  /** How to answer from now on (default: 200 with a body every chat format reads as success). */
  answer(how: (r: Received, n: number) => Answer): void;
  close(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  let how: (r: Received, n: number) => Answer = () => ({});
  const hanging = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      const r: Received = {
        path: url.split('?')[0]!,
        url,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      received.push(r);
      const answer = how(r, received.filter((x) => x.path === r.path).length);
      if (answer === 'hang') return void hanging.add(res);
      res
        .writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers })
        .end(answer.body ?? '{"errcode":0,"errmsg":"ok","code":0,"msg":"success"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    at: (path) => received.filter((r) => r.path === path),
    answer: (next) => void (how = next),
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

type Wire = Record<string, unknown>;

export const event = memberPushEvent;

/** `n` recipients of `task` on APNs: the first `failed` refused with 403 InvalidProviderToken (CONFIG), the rest delivered. */
export function apnsRecipients(task: string, n: number, failed: number, prefix = 'u'): Wire[] {
  const out: Wire[] = [];
  for (let i = 0; i < n; i++) {
    const account = `${prefix}-${i}`;
    if (i < failed) out.push(event(task, account, 1, 1, 403, 'InvalidProviderToken'));
    else out.push(event(task, account, 1, 1), event(task, account, 1, 2));
  }
  return out;
}

/** Posts callback events to the gateway's webhook, signed, 100 a request as Tencent does; answers the worst status. */
export const postCallbacks = (stack: Stack, events: Wire[]): Promise<number> =>
  postMemberPush(stack.url.replace(/\/graphql$/, ''), CALLBACK_TOKEN, events);

type Probe<T> = T | undefined | null | false;

export async function until<T>(probe: () => Promise<Probe<T>> | Probe<T>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(100);
  }
}

export const alertsEnv = (databaseUrl: string, extra: Record<string, string> = {}) => ({
  HISTORY_ENABLED: 'true',
  DATABASE_URL: databaseUrl,
  TIM_CALLBACK_TOKEN: CALLBACK_TOKEN,
  ALERT_EVAL_INTERVAL_SECONDS: '1',
  ALERT_RETRY_SECONDS: '1',
  ALERT_WEBHOOK_HOSTS: '127.0.0.1',
  ALERT_DASHBOARD_URL: 'https://push.example.com',
  ...extra,
});

export const CREATE = `mutation ($input: AlertRuleInput!) { createAlertRule(input: $input) {
  id name enabled cooldownMinutes condition { summary lossRate { above minEvents windowMinutes taskId platform class } }
  channels { webhook { url format signed } } } }`;

export const UPDATE = `mutation ($id: ID!, $input: AlertRuleInput!) { updateAlertRule(id: $id, input: $input) {
  id name enabled channels { webhook { url format signed } } } }`;

export const ALERTS = `query ($state: AlertState) { alerts(state: $state, first: 50) { edges { node {
  id state value threshold windowMinutes summary remedy firedAt resolvedAt rule { id name }
  codes { platform code info class count meaning remedy } tasks { id }
  deliveries { channelIndex event status attempts at error channel { webhook { url format signed } } } } } } }`;

export interface AlertNode {
  id: string;
  state: 'FIRING' | 'RESOLVED';
  value: number;
  threshold: number;
  windowMinutes: number | null;
  summary: string;
  remedy: string | null;
  firedAt: string;
  resolvedAt: string | null;
  rule: { id: string; name: string };
  codes: { platform: string; code: number; info: string; class: string; count: number | null; remedy: string | null }[];
  tasks: { id: string }[];
  deliveries: {
    channelIndex: number;
    event: 'FIRING' | 'RESOLVED';
    status: string;
    attempts: number;
    at: string | null;
    error: string | null;
    channel: { webhook: { url: string; format: string; signed: boolean } };
  }[];
}

export const alertsOf = async (stack: Stack, state?: string): Promise<AlertNode[]> =>
  (await stack.data<{ alerts: { edges: { node: AlertNode }[] } }>(ALERTS, { state })).alerts.edges.map((e) => e.node);

/** A loss-rate rule over every push: above 20% from 5 devices, to the given webhooks. */
export const lossRule = (name: string, channels: unknown[], extra: Record<string, unknown> = {}) => ({
  name,
  condition: { lossRate: { above: 0.2, minEvents: 5, windowMinutes: 60 } },
  channels,
  ...extra,
});
