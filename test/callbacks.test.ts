// The push callback webhook over HTTP: Tencent's signature, SdkAppid, malformed bodies, duplicates, both
// commands, its own limits; and what it feeds: Task.live and the subscriptions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callbackUrl } from '../src/events/signature.js';
import { SDKAPPID, startStack, subscribeSse, type Progress, type Stack } from './helpers.js';

const TOKEN = 'callback-token-for-tests';
let stack: Stack;
let webhook: string;

beforeAll(async () => {
  stack = await startStack({ env: { TIM_CALLBACK_TOKEN: TOKEN } });
  webhook = stack.url.replace(/\/graphql$/, '/callbacks/tencent');
});
afterAll(() => stack?.close());

let seq = 0;
/** A Push.AllMemberPush event as Tencent documents it; `over` changes fields. */
const taskEvent = (taskId: string, over: Record<string, unknown> = {}) => ({
  CallbackCommand: 'Push.AllMemberPush',
  EventType: 1,
  TaskId: taskId,
  DataId: 'order-1',
  TaskTime: Math.floor(Date.now() / 1000) - 5,
  EventTime: Math.floor(Date.now() / 1000),
  To_Account: `user-${++seq}`,
  PushPlatform: 1,
  DeviceType: 1,
  PushStage: 1,
  ErrCode: 0,
  ErrInfo: '',
  ...over,
});

interface Post {
  command?: string;
  token?: string;
  requestTime?: number;
  sdkAppId?: number;
  url?: string;
}

/** The webhook's answer, as Tencent documents it. */
interface Acknowledgement {
  ActionStatus?: string;
  ErrorCode?: number;
  ErrorInfo?: string;
}

async function post(body: unknown, opts: Post = {}): Promise<{ status: number; json: Acknowledgement; text: string }> {
  const url = callbackUrl(opts.url ?? webhook, {
    sdkAppId: opts.sdkAppId ?? SDKAPPID,
    command: opts.command ?? 'Push.AllMemberPush',
    token: 'token' in opts ? opts.token : TOKEN,
    requestTime: opts.requestTime,
  });
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text) as Acknowledgement };
}

const LIVE = `query($id: ID!) { task(id: $id) { live { taskId sent delivered clicked failed updatedAt
  byPlatform { platform sent delivered clicked failed } topReasons { stage platform errorCode errorInfo count } } } }`;

async function live(taskId: string) {
  const r = await stack.gql<{ task: { live: Progress } }>(LIVE, { id: taskId });
  expect(r.errors).toBeUndefined();
  return r.data!.task.live;
}

/** Events are counted after the acknowledgement: wait until the counters settle on what `done` expects. */
async function liveWhen(taskId: string, done: (p: Progress) => boolean) {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const p = await live(taskId);
    if (done(p) || Date.now() > deadline) return p;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Proof that nothing of a refused request was stored: a good event posted after it is the only one counted. */
async function onlyTheMarkerCounted(taskId: string) {
  expect((await post({ Events: [taskEvent(taskId, { To_Account: 'marker' })] })).status).toBe(200);
  const p = await liveWhen(taskId, (x) => x.sent >= 1);
  expect(p.sent + p.failed + p.delivered + p.clicked).toBe(1);
}

const OK = { ActionStatus: 'OK', ErrorCode: 0, ErrorInfo: '' };

describe('POST /callbacks/tencent', () => {
  it('acknowledges a signed Push.AllMemberPush batch as documented and counts it in Task.live', async () => {
    const res = await post({
      Events: [
        taskEvent('t-count', { PushStage: 1 }),
        taskEvent('t-count', { PushStage: 2 }),
        taskEvent('t-count', { PushStage: 3 }),
        taskEvent('t-count', { PushStage: 1, PushPlatform: 3, ErrCode: 80300007, ErrInfo: 'Invalid token' }),
        taskEvent('t-count', { PushStage: 1, PushPlatform: 3, ErrCode: 80300007, ErrInfo: 'Invalid token' }),
        taskEvent('t-count', { PushStage: 2, PushPlatform: 1, ErrCode: 410, ErrInfo: 'Unregistered' }),
      ],
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual(OK);
    const p = await liveWhen('t-count', (x) => x.failed === 3);
    expect(p).toMatchObject({ taskId: 't-count', sent: 1, delivered: 1, clicked: 1, failed: 3 });
    expect(new Date(p.updatedAt!).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(p.byPlatform).toEqual([
      { platform: 'APNS', sent: 1, delivered: 1, clicked: 1, failed: 1 },
      { platform: 'HUAWEI', sent: 0, delivered: 0, clicked: 0, failed: 2 },
    ]);
    expect(p.topReasons).toEqual([
      { stage: 'SENT', platform: 'HUAWEI', errorCode: 80300007, errorInfo: 'Invalid token', count: 2 },
      { stage: 'DELIVERED', platform: 'APNS', errorCode: 410, errorInfo: 'Unregistered', count: 1 },
    ]);
  });

  it('answers zeros for a task without callbacks', async () => {
    expect(await live('t-none')).toMatchObject({ sent: 0, failed: 0, byPlatform: [], topReasons: [], updatedAt: null });
  });

  it("refuses Tencent's documented test vector once its RequestTime is stale", async () => {
    // Token xxxxyyyy at RequestTime 1669872112 signs as 17773bc3…; right signature, but 2022 is outside ±60 s.
    const other = await startStack({ env: { TIM_CALLBACK_TOKEN: 'xxxxyyyy' } });
    try {
      const url = new URL(other.url.replace(/\/graphql$/, '/callbacks/tencent'));
      url.search = `SdkAppid=${SDKAPPID}&CallbackCommand=Push.AllMemberPush&contenttype=json&RequestTime=1669872112&Sign=17773bc39a671d7b9aa835458704d2a6db81360a5940292b587d6d760d484061`;
      const res = await fetch(url, { method: 'POST', body: JSON.stringify({ Events: [taskEvent('t-vector')] }) });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({
        ActionStatus: 'FAIL',
        ErrorCode: 1,
        ErrorInfo: expect.stringMatching(/60 s/) as string,
      });
      // The same token signing the current time is accepted.
      const fresh = await post(
        { Events: [taskEvent('t-vector')] },
        { url: url.origin + url.pathname, token: 'xxxxyyyy' },
      );
      expect(fresh.json).toEqual(OK);
    } finally {
      await other.close();
    }
  });

  it('refuses a wrong signature, a missing one and a stale RequestTime, storing nothing', async () => {
    const events = { Events: [taskEvent('t-sign')] };
    const wrong = await post(events, { token: 'not-the-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({
      ActionStatus: 'FAIL',
      ErrorCode: 1,
      ErrorInfo: expect.stringMatching(/Sign/) as string,
    });
    expect((await post(events, { token: undefined })).status).toBe(401);
    const stale = await post(events, { requestTime: Math.floor(Date.now() / 1000) - 61 });
    expect(stale.status).toBe(401);
    expect(stale.json.ErrorInfo).toMatch(/RequestTime/);
    const future = await post(events, { requestTime: Math.floor(Date.now() / 1000) + 61 });
    expect(future.status).toBe(401);
    for (const r of [wrong, stale, future]) expect(r.text).not.toContain(TOKEN);
    await onlyTheMarkerCounted('t-sign');
  });

  it('accepts a RequestTime within 60 s', async () => {
    const res = await post({ Events: [taskEvent('t-window')] }, { requestTime: Math.floor(Date.now() / 1000) - 50 });
    expect(res.json).toEqual(OK);
  });

  it('refuses another SdkAppid', async () => {
    const res = await post({ Events: [taskEvent('t-app')] }, { sdkAppId: 1400999999 });
    expect(res.status).toBe(403);
    expect(res.json.ErrorInfo).toMatch(/SdkAppid/);
    await onlyTheMarkerCounted('t-app');
  });

  it('refuses malformed bodies whole, storing none of their events', async () => {
    const good = taskEvent('t-bad');
    const bodies: unknown[] = [
      'not json',
      '{"Events": [',
      [],
      {},
      { Events: {} },
      { Events: [] },
      { Events: Array.from({ length: 101 }, () => taskEvent('t-bad')) },
      { Events: [good, 'event'] },
      { Events: [good, taskEvent('t-bad', { TaskId: undefined })] },
      { Events: [good, taskEvent('t-bad', { To_Account: '' })] },
      { Events: [good, taskEvent('t-bad', { PushStage: '1' })] },
      { Events: [good, taskEvent('t-bad', { EventTime: 'yesterday' })] },
      { Events: [good, taskEvent('t-bad', { ErrCode: 1.5 })] },
      { Events: [good, taskEvent('t-bad', { CallbackCommand: 'State.StateChange' })] },
    ];
    for (const body of bodies) {
      const res = await post(body);
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.json).toMatchObject({ ActionStatus: 'FAIL', ErrorCode: 1 });
    }
    await onlyTheMarkerCounted('t-bad');
  });

  it('takes 100 events in one request, and refuses bodies over its own limit with 413', async () => {
    const hundred = Array.from({ length: 100 }, () => taskEvent('t-hundred'));
    expect((await post({ Events: hundred })).json).toEqual(OK);
    expect((await liveWhen('t-hundred', (p) => p.sent === 100)).sent).toBe(100);
    const huge = await post({ Events: [taskEvent('t-huge', { ErrInfo: 'x'.repeat(300_000) })] });
    expect(huge.status).toBe(413);
  });

  it('counts a replayed event once, across requests and within one', async () => {
    const event = taskEvent('t-dup', { PushStage: 2 });
    expect((await post({ Events: [event, event] })).json).toEqual(OK);
    expect((await post({ Events: [event] })).json).toEqual(OK);
    const other = taskEvent('t-dup', { PushStage: 2 });
    expect((await post({ Events: [event, other] })).json).toEqual(OK);
    const p = await liveWhen('t-dup', (x) => x.delivered >= 2);
    await new Promise((r) => setTimeout(r, 100));
    expect((await live('t-dup')).delivered).toBe(2);
    expect(p.delivered).toBe(2);
  });

  it('acknowledges Push.OfflinePush and publishes it to pushEvents(pushId)', async () => {
    const sub = await subscribeSse(
      stack.url,
      `subscription { pushEvents(pushId: "msg-1") { command pushId taskId account fromAccount groupId chatType eventType platform stage status errorCode eventTime } }`,
    );
    try {
      await new Promise((r) => setTimeout(r, 100));
      const res = await post(
        {
          Events: [
            {
              CallbackCommand: 'Push.OfflinePush',
              EventType: 2,
              PushID: 'msg-1',
              EventTime: 1_700_000_000,
              From_Account: 'alice',
              To_Account: 'bob',
              GroupID: 'group-1',
              MsgSeq: 12,
              MsgTime: 1_700_000_000,
              PushPlatform: 4,
              PushStage: 2,
              ErrCode: 0,
              ErrInfo: '',
            },
          ],
        },
        { command: 'Push.OfflinePush' },
      );
      expect(res.json).toEqual(OK);
      const { data } = await sub.next();
      expect(data!.pushEvents).toEqual({
        command: 'Push.OfflinePush',
        pushId: 'msg-1',
        taskId: null,
        account: 'bob',
        fromAccount: 'alice',
        groupId: 'group-1',
        chatType: 'GROUP',
        eventType: null,
        platform: 'FCM',
        stage: 'DELIVERED',
        status: 'SUCCESS',
        errorCode: 0,
        eventTime: '2023-11-14T22:13:20.000Z',
      });
    } finally {
      sub.close();
    }
  });

  it('acknowledges an unknown Push.* command without storing it', async () => {
    const res = await post(
      { Events: [{ ...taskEvent('t-unknown'), CallbackCommand: 'Push.FuturePush' }] },
      { command: 'Push.FuturePush' },
    );
    expect(res.json).toEqual(OK);
    await onlyTheMarkerCounted('t-unknown');
  });

  it('never calls the upstream', () => {
    expect(stack.emulator.calls).toHaveLength(0);
  });

  it('has its own rate limit', async () => {
    const limited = await startStack({ env: { TIM_CALLBACK_TOKEN: TOKEN, CALLBACK_RATE_LIMIT: '3' } });
    try {
      const url = limited.url.replace(/\/graphql$/, '/callbacks/tencent');
      const statuses = await Promise.all(
        Array.from({ length: 6 }, () => post({ Events: [taskEvent('t-rate')] }, { url }).then((r) => r.status)),
      );
      expect(statuses.filter((s) => s === 200)).toHaveLength(3);
      expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    } finally {
      await limited.close();
    }
  });
});
