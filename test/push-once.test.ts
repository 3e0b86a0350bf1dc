// A push never goes out twice: unknown outcomes keep their idempotency key, definite failures free it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type Fault } from '../emulator/server.js';
import { SDKAPPID, SECRET_KEY, startStack, type Stack } from './helpers.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack(); // UPSTREAM_TIMEOUT_MS 2000
});
afterAll(() => stack.close());
beforeEach(() => stack.emulator.reset());

const SEND = `mutation($input: SendBatchPushInput!) { sendBatchPush(input: $input) { taskId failedAccounts { account } } }`;
type Sent = { sendBatchPush: { taskId: string; failedAccounts: { account: string }[] } };
const send = (key: string | null, extra: object = {}) =>
  stack.gql<Sent>(SEND, { input: { fromAccount: 'a', toAccounts: ['u1'], title: 'T', idempotencyKey: key, ...extra } });
const batchCalls = () => stack.emulator.callsTo('batch');
const msgRandoms = () => batchCalls().map((c) => (c.body as { MsgRandom: number }).MsgRandom);

function expectUnknown(r: Awaited<ReturnType<typeof send>>, since: number) {
  expect(r.data).toBeNull();
  const error = r.errors![0]!;
  expect(error.extensions).toMatchObject({ code: 'PUSH_OUTCOME_UNKNOWN', api: 'batch' });
  const attemptedAt = Date.parse(error.extensions!.attemptedAt as string);
  expect(attemptedAt).toBeGreaterThanOrEqual(since - 1000);
  expect(attemptedAt).toBeLessThanOrEqual(Date.now());
  expect(error.message).toMatch(/may or may not have gone out/);
  expect(error.message).toMatch(/trace one of its recipients/);
}

const MAYBE_SENT: [string, Fault][] = [
  ['the upstream accepts the call and answers after the timeout', { answerLateMs: 3_000 }],
  ['the connection drops after the request was read', { dropAfterRequest: true }],
  ['the answer is not JSON', { rawBody: '<html>502 Bad Gateway</html>' }],
  ['the answer is truncated', { rawBody: '{"ActionStatus":"OK","ErrorCode":0,"TaskId":"batch_12' }],
  ['the answer has no TaskId', { rawBody: '{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}' }],
  ['a proxy answers 504', { httpStatus: 504 }],
];

describe('sendBatchPush when the push may or may not have gone out', () => {
  it.each(MAYBE_SENT)('answers PUSH_OUTCOME_UNKNOWN when %s, and a repeat never pushes', async (name, fault) => {
    const key = `unknown-${name}`;
    stack.emulator.inject('batch', fault);
    const started = Date.now();
    expectUnknown(await send(key), started);
    expect(batchCalls()).toHaveLength(1);
    expectUnknown(await send(key), started);
    expect(batchCalls()).toHaveLength(1);
  });

  it('answers concurrent repeats PUSH_OUTCOME_UNKNOWN with one batch call', async () => {
    stack.emulator.inject('batch', { answerLateMs: 3_000 });
    const started = Date.now();
    const results = await Promise.all([1, 2, 3].map(() => send('unknown-concurrent')));
    for (const r of results) expectUnknown(r, started);
    expect(batchCalls()).toHaveLength(1);
  });

  it('refuses another input under a key whose push is unknown', async () => {
    stack.emulator.inject('batch', { dropAfterRequest: true });
    expectUnknown(await send('unknown-conflict'), Date.now());
    const other = await send('unknown-conflict', { title: 'Other' });
    expect(other.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(batchCalls()).toHaveLength(1);
  });

  it('answers PUSH_OUTCOME_UNKNOWN without a key too, and never retries', async () => {
    stack.emulator.inject('batch', { dropAfterRequest: true });
    expectUnknown(await send(null), Date.now());
    expect(batchCalls()).toHaveLength(1);
  });
});

describe('sendBatchPush after a definite failure', () => {
  it('frees the key on FAIL 90045: the same key then pushes once', async () => {
    stack.emulator.inject('batch', { errorCode: 90045 });
    const failed = await send('fail-90045');
    expect(failed.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstream: { errorCode: 90045 } });
    const pushed = await send('fail-90045');
    expect(pushed.data?.sendBatchPush.taskId).toMatch(/^batch_/);
    const again = await send('fail-90045');
    expect(again.data).toEqual(pushed.data);
    expect(batchCalls()).toHaveLength(2);
    expect(batchCalls().map((c) => c.errorCode)).toEqual([90045, 0]);
  });
});

describe('MsgRandom of a keyed push', () => {
  it('is derived from the client and the key: anything sent twice carries the same one', async () => {
    stack.emulator.inject('batch', { errorCode: 90045 });
    await send('random-a');
    await send('random-a');
    await send('random-b');
    const [first, second, other] = msgRandoms();
    expect(second).toBe(first);
    expect(other).not.toBe(first);
  });

  it('is the one given, when given', async () => {
    await send('random-c', { msgRandom: 42 });
    expect(msgRandoms()).toEqual([42]);
  });
});

describe('a push whose request never left', () => {
  it('answers UPSTREAM_UNAVAILABLE and frees the key when the upstream refuses the connection', async () => {
    const own = await startStack();
    const port = Number(new URL(own.emulator.url).port);
    await own.emulator.close();
    const refused = await own.gql<Sent>(SEND, {
      input: { fromAccount: 'a', toAccounts: ['u1'], idempotencyKey: 'refused' },
    });
    expect(refused.errors![0]!.extensions!.code).toBe('UPSTREAM_UNAVAILABLE');
    const emulator = await startEmulator({ sdkAppId: SDKAPPID, secretKey: SECRET_KEY, port });
    try {
      const pushed = await own.gql<Sent>(SEND, {
        input: { fromAccount: 'a', toAccounts: ['u1'], idempotencyKey: 'refused' },
      });
      expect(pushed.data?.sendBatchPush.taskId).toMatch(/^batch_/);
      expect(emulator.callsTo('batch')).toHaveLength(1);
    } finally {
      await own.gateway.close();
      await emulator.close();
    }
  });
});

describe('a push the quota refuses before it leaves', () => {
  it('answers RATE_LIMITED and frees the key: the same key pushes once when a slot is free', async () => {
    // A deadline far shorter than the 1 s interval, but not 0: the first push must still get its slot before
    // its deadline timer fires.
    const own = await startStack({ env: { QUOTA_RATES: 'batch=1', QUOTA_DEADLINE_MS: '200' } });
    try {
      const push = (key: string) =>
        own.gql<Sent>(SEND, { input: { fromAccount: 'a', toAccounts: ['u1'], idempotencyKey: key } });
      expect((await push('quota-first')).errors).toBeUndefined();
      const refused = await push('quota-second');
      expect(refused.errors![0]!.extensions!.code).toBe('RATE_LIMITED');
      await new Promise((r) => setTimeout(r, 1_200));
      expect((await push('quota-second')).data?.sendBatchPush.taskId).toMatch(/^batch_/);
      expect(own.emulator.callsTo('batch')).toHaveLength(2);
    } finally {
      await own.close();
    }
  });
});

describe('ErrorInfo from the upstream', () => {
  it('reaches the answer without the request URL, a UserSig or a key', async () => {
    const usersig = 'eJwtzEELgjAYxvHvsnOEa7rlhA5RhyAvkSTeZLi3fMFtsq0wou*eqcfn9*N5k2txWb3AE0nYEsly2qgBG9SqwaDtF*Z6K0zMk';
    stack.emulator.inject('batch', {
      errorCode: 90045,
      errorInfo: `bad call https://console.tim.qq.com/v4/timpush/batch?sdkappid=${SDKAPPID}&usersig=${usersig}&random=7 usersig: ${usersig} secret_key=${SECRET_KEY} key 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef`,
    });
    const r = await send('sanitized');
    const text = r.text;
    expect(r.errors![0]!.extensions!.code).toBe('UPSTREAM_ERROR');
    expect(text).toContain('bad call');
    for (const secret of [usersig, SECRET_KEY, 'console.tim.qq.com', '/v4/timpush', '0123456789abcdef0123456789abcdef'])
      expect(text).not.toContain(secret);
  });
});
