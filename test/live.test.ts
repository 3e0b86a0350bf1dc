// Subscriptions over HTTP: a push in the emulator is followed live through its callbacks, over server-sent
// events and graphql-ws; subscriptions need stats:read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { callbackUrl } from '../src/events/signature.js';
import { dataOf, SDKAPPID, startStack, subscribeSse, type Progress, type Stack } from './helpers.js';

let stack: Stack;
const READ_KEY = 'reader-key-0123456789';
const PUSH_KEY = 'pusher-key-0123456789';

beforeAll(async () => {
  stack = await startStack({
    callbacks: true,
    env: {
      TIM_CALLBACK_TOKEN: 'live-test-token',
      GATEWAY_ALLOW_ANONYMOUS: 'false',
      GATEWAY_API_KEYS: `${READ_KEY}=stats:read,${PUSH_KEY}=push:send`,
    },
  });
});
afterAll(() => stack?.close());

const PROGRESS = `subscription($id: ID!) { taskProgress(taskId: $id) { taskId sent delivered clicked failed
  byPlatform { platform sent delivered failed } topReasons { stage platform errorCode errorInfo count } updatedAt } }`;

async function push(toAccounts: string[]): Promise<string> {
  const r = await stack.gql<{ sendBatchPush: { taskId: string } }>(
    `mutation($to: [ID!]!) { sendBatchPush(input: { fromAccount: "admin", toAccounts: $to, title: "Hi" }) { taskId } }`,
    { to: toAccounts },
    { 'x-api-key': PUSH_KEY },
  );
  expect(r.errors).toBeUndefined();
  return dataOf(r).sendBatchPush.taskId;
}

describe('Subscription.taskProgress', () => {
  it('follows a batch push in the emulator over SSE: sent, delivered and failures with vendor codes', async () => {
    const users = Array.from({ length: 30 }, (_, i) => `fan-${i}`);
    const taskId = await push(users);
    const sub = await subscribeSse<{ taskProgress: Progress }>(
      stack.url,
      PROGRESS,
      { id: taskId },
      { 'x-api-key': READ_KEY },
    );
    try {
      const first = await sub.next();
      expect(first.data?.taskProgress.taskId).toBe(taskId);
      const times: number[] = [];
      const settled = await sub.until((d) => {
        times.push(Date.now());
        const p = d.taskProgress;
        return p.sent > 0 && p.delivered > 0 && p.failed > 0 && p.clicked > 0;
      }, 15_000);
      expect(settled.taskProgress.byPlatform.length).toBeGreaterThan(1);
      expect(settled.taskProgress.topReasons[0]).toMatchObject({
        count: expect.any(Number) as number,
        errorCode: expect.any(Number) as number,
      });
      expect(settled.taskProgress.topReasons.some((r) => r.errorCode !== 0)).toBe(true);
      // At most once a second per subscriber while events flow.
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBeGreaterThanOrEqual(900);
    } finally {
      sub.close();
    }
    expect(stack.emulator.callbackStats.failed).toBe(0);
    const live = await stack.gql<{ task: { live: Pick<Progress, 'sent' | 'delivered'> | null } }>(
      `query($id: ID!) { task(id: $id) { live { sent delivered } } }`,
      { id: taskId },
      {
        'x-api-key': READ_KEY,
      },
    );
    expect(live.data?.task.live?.sent).toBeGreaterThan(0);
  }, 25_000);

  it('needs stats:read', async () => {
    const sub = await subscribeSse(stack.url, PROGRESS, { id: 'any' }, { 'x-api-key': PUSH_KEY });
    try {
      const { errors } = await sub.next();
      expect(errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    } finally {
      sub.close();
    }
    const anonymous = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: PROGRESS, variables: { id: 'any' } }),
    });
    expect(await anonymous.text()).toContain('UNAUTHENTICATED');
  });
});

describe('subscription arguments', () => {
  it.each([
    ['an empty taskId', `subscription { taskProgress(taskId: "") { sent } }`],
    ['a 300-character taskId', `subscription { taskProgress(taskId: "${'x'.repeat(300)}") { sent } }`],
    ['both taskId and pushId', `subscription { pushEvents(taskId: "t", pushId: "p") { account } }`],
    ['an empty pushId', `subscription { pushEvents(pushId: " ") { account } }`],
  ])('refuses %s with BAD_USER_INPUT', async (_name, query) => {
    const sub = await subscribeSse(stack.url, query, undefined, { 'x-api-key': READ_KEY });
    try {
      const { errors } = await sub.next();
      expect(errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    } finally {
      sub.close();
    }
  });
});

describe('graphql-ws', () => {
  it('delivers pushEvents(taskId) on /graphql, with the API key in connectionParams', async () => {
    const client = createClient({
      url: stack.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      connectionParams: { 'x-api-key': READ_KEY },
      lazy: true,
      retryAttempts: 0,
    });
    const received: FormattedExecutionResult<{ pushEvents: unknown }, unknown>[] = [];
    const done = new Promise<void>((resolve, reject) => {
      client.subscribe<{ pushEvents: unknown }>(
        { query: `subscription { pushEvents(taskId: "ws-task") { taskId account stage status errorCode platform } }` },
        {
          next: (value) => {
            received.push(value);
            resolve();
          },
          error: reject,
          complete: () => undefined,
        },
      );
    });
    try {
      // Posted until the subscription is in place (graphql-ws subscribes after its handshake).
      const webhook = stack.url.replace(/\/graphql$/, '/callbacks/tencent');
      let n = 0;
      while (received.length === 0 && n++ < 50) {
        await fetch(
          callbackUrl(webhook, { sdkAppId: SDKAPPID, command: 'Push.AllMemberPush', token: 'live-test-token' }),
          {
            method: 'POST',
            body: JSON.stringify({
              Events: [
                {
                  TaskId: 'ws-task',
                  To_Account: `ws-${n}`,
                  PushStage: 1,
                  EventTime: 1_700_000_000,
                  PushPlatform: 2,
                  ErrCode: 1,
                  ErrInfo: 'regid_invalid',
                },
              ],
            }),
          },
        );
        await Promise.race([done, new Promise((r) => setTimeout(r, 100))]);
      }
      await done;
      expect(received[0]?.data?.pushEvents).toMatchObject({
        taskId: 'ws-task',
        stage: 'SENT',
        status: 'FAILURE',
        errorCode: 1,
        platform: 'XIAOMI',
      });
    } finally {
      await client.dispose();
    }
  });

  it('closes a connection whose message is over GATEWAY_MAX_BODY_BYTES (1009), as HTTP answers 413', async () => {
    const socket = new WebSocket(stack.url.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.on('error', () => undefined); // the client side reports the close as an error too
    socket.send(JSON.stringify({ type: 'connection_init', payload: { pad: 'x'.repeat(200_000) } }));
    expect(await closed).toBe(1009);
  });

  it('refuses a subscription without credentials', async () => {
    const client = createClient({ url: stack.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0 });
    try {
      const errors = await new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: `subscription { taskProgress(taskId: "x") { sent } }` },
          { next: () => undefined, error: resolve, complete: () => resolve(undefined) },
        );
      });
      expect(JSON.stringify(errors)).toContain('UNAUTHENTICATED');
    } finally {
      await client.dispose();
    }
  });
});
