// sendPush: pushes to everyone, to tags and to attributes, with an explicit audience, as safe as sendBatchPush.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStack, type GqlResult, type Stack } from './helpers.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());
beforeEach(() => stack.emulator.reset());

const SEND = `mutation($input: SendPushInput!) { sendPush(input: $input) { taskId task { id } } }`;
type Sent = { sendPush: { taskId: string; task: { id: string } } };
const send = (audience: object, extra: object = {}) =>
  stack.gql<Sent>(SEND, { input: { fromAccount: 'admin', audience, title: 'Hi', ...extra } });
const pushCalls = () => stack.emulator.callsTo('push');
const lastBody = () => pushCalls().at(-1)!.body as Record<string, unknown>;
const codeOf = (r: GqlResult<unknown>) => r.errors?.[0]?.extensions?.code;

describe('Mutation.sendPush', () => {
  it('pushes to every user with no Condition, and answers the TaskId and its Task', async () => {
    const r = await send({ all: true }, { description: 'Body', dataId: 'spring-sale', msgRandom: 77, ext: '{"a":1}' });
    expect(r.errors).toBeUndefined();
    expect(r.data!.sendPush.task.id).toBe(r.data!.sendPush.taskId);
    expect(pushCalls()).toHaveLength(1);
    expect(lastBody()).toEqual({
      From_Account: 'admin',
      MsgRandom: 77,
      OfflinePushInfo: { PushFlag: 0, Title: 'Hi', Desc: 'Body', Ext: '{"a":1}' },
      DataId: 'spring-sale',
    });
  });

  it('pushes to tags as Condition.TagsAnd, TagsOr and TagsNot, leaving out empty lists', async () => {
    await send({ tagsOr: ['beijing', 'shanghai'], tagsNot: ['churned'] });
    expect(lastBody().Condition).toEqual({ TagsOr: ['beijing', 'shanghai'], TagsNot: ['churned'] });
    await send({ tagsAnd: ['vip'], tagsOr: ['beijing'], tagsNot: [] });
    expect(lastBody().Condition).toEqual({ TagsAnd: ['vip'], TagsOr: ['beijing'] });
  });

  it('pushes to attribute values as Condition.AttrsAnd', async () => {
    await send({
      attributes: [
        { name: 'level', value: 'gold' },
        { name: 'city', value: 'Shenzhen' },
      ],
    });
    expect(lastBody().Condition).toEqual({ AttrsAnd: { level: 'gold', city: 'Shenzhen' } });
  });

  it('carries the whole notification, as sendBatchPush does', async () => {
    await send({ all: true }, { android: { vivoClassification: 'OPERATIONAL' }, apns: { sound: 'a.caf' } });
    expect(lastBody().OfflinePushInfo).toEqual({
      PushFlag: 0,
      Title: 'Hi',
      AndroidInfo: { VIVOClassification: 0 },
      ApnsInfo: { Sound: 'a.caf' },
    });
  });

  it('makes the new all-user task traceable for any user', async () => {
    const { sendPush } = (await send({ all: true })).data!;
    const traced = await stack.data<{ task: { trace: { instances: unknown[] } } }>(
      `query($id: ID!) { task(id: $id) { trace(userId: "someone") { instances { instanceId } } } }`,
      { id: sendPush.taskId },
    );
    expect(traced.task.trace.instances.length).toBeGreaterThan(0);
  });

  it('is never retried, even on a transient failure', async () => {
    stack.emulator.inject('push', { errorCode: 91000 });
    const r = await send({ all: true });
    expect(r.errors![0]!.extensions).toMatchObject({
      code: 'UPSTREAM_ERROR',
      upstream: { api: 'push', errorCode: 91000 },
    });
    expect(pushCalls()).toHaveLength(1);
  });
});

describe('sendPush refuses an audience the upstream would refuse, before any call', () => {
  const tags = (n: number) => Array.from({ length: n }, (_, i) => `tag${i}`);
  const refusals: [string, object, string][] = [
    ['an empty audience', {}, 'input.audience'],
    ['all: false alone', { all: false }, 'input.audience'],
    ['empty tag lists', { tagsAnd: [], tagsOr: [] }, 'input.audience'],
    ['tags with attributes', { tagsOr: ['a'], attributes: [{ name: 'level', value: 'gold' }] }, 'input.audience'],
    ['everyone with tags', { all: true, tagsOr: ['a'] }, 'input.audience'],
    ['11 tags in one list', { tagsOr: tags(11) }, 'input.audience.tagsOr'],
    ['an empty tag', { tagsAnd: ['vip', ''] }, 'input.audience.tagsAnd[1]'],
    ['a tag over 50 bytes', { tagsNot: ['标'.repeat(17)] }, 'input.audience.tagsNot[0]'],
    ['a tag in both tagsAnd and tagsOr', { tagsAnd: ['vip'], tagsOr: ['vip', 'new'] }, 'input.audience.tagsOr'],
    ['an attribute without a name', { attributes: [{ name: ' ', value: 'x' }] }, 'input.audience.attributes[0].name'],
    [
      'an attribute twice',
      {
        attributes: [
          { name: 'a', value: '1' },
          { name: 'a', value: '2' },
        ],
      },
      'input.audience.attributes[1].name',
    ],
    [
      'an attribute value over 50 bytes',
      { attributes: [{ name: 'a', value: 'x'.repeat(51) }] },
      'input.audience.attributes[0].value',
    ],
  ];
  it.each(refusals)('refuses %s, naming it', async (_, audience, field) => {
    const r = await send(audience);
    expect(r.data).toBeNull();
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: field });
    expect(stack.emulator.calls).toHaveLength(0);
  });

  it('refuses a push without an audience at all, before any call', async () => {
    const r = await stack.gql(SEND, { input: { fromAccount: 'admin', title: 'Hi' } });
    expect(codeOf(r)).toBe('BAD_USER_INPUT');
    expect(stack.emulator.calls).toHaveLength(0);
  });

  it('refuses a bad notification as sendBatchPush does', async () => {
    const r = await send({ all: true }, { android: { vivoNotifyType: 0 } });
    expect(r.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'input.android.vivoNotifyType',
    });
    expect(stack.emulator.calls).toHaveLength(0);
  });
});

describe('sendPush with an idempotencyKey', () => {
  const keyed = (key: string, extra: object = {}) => send({ tagsOr: ['vip'] }, { idempotencyKey: key, ...extra });

  it('answers a repeat with the first result, without pushing again', async () => {
    const first = await keyed('campaign-1');
    const again = await keyed('campaign-1');
    expect(again.data).toEqual(first.data);
    expect(pushCalls()).toHaveLength(1);
  });

  it('makes concurrent repeats one push', async () => {
    const results = await Promise.all([1, 2, 3].map(() => keyed('campaign-2')));
    expect(new Set(results.map((r) => r.data?.sendPush.taskId)).size).toBe(1);
    expect(pushCalls()).toHaveLength(1);
  });

  it('refuses the key with another input, and a key a sendBatchPush already used', async () => {
    await keyed('campaign-3');
    expect(codeOf(await keyed('campaign-3', { title: 'Other' }))).toBe('BAD_USER_INPUT');
    await stack.data(
      `mutation { sendBatchPush(input: { fromAccount: "a", toAccounts: ["u1"], idempotencyKey: "shared-key" }) { taskId } }`,
    );
    const r = await send({ all: true }, { idempotencyKey: 'shared-key' });
    expect(r.errors![0]!.message).toBe('input.idempotencyKey was already used with a different input');
    expect(pushCalls()).toHaveLength(1);
  });

  it('answers PUSH_OUTCOME_UNKNOWN when the answer is lost, and a repeat never pushes', async () => {
    stack.emulator.inject('push', { dropAfterRequest: true });
    const first = await keyed('campaign-4');
    expect(first.errors![0]!.extensions).toMatchObject({ code: 'PUSH_OUTCOME_UNKNOWN', api: 'push' });
    const again = await keyed('campaign-4');
    expect(again.errors![0]!.extensions).toMatchObject({ code: 'PUSH_OUTCOME_UNKNOWN', api: 'push' });
    expect(pushCalls()).toHaveLength(1);
  });

  it('frees the key after a FAIL: the same key then pushes once, with the same MsgRandom', async () => {
    stack.emulator.inject('push', { errorCode: 90045 });
    expect(codeOf(await keyed('campaign-5'))).toBe('UPSTREAM_ERROR');
    expect((await keyed('campaign-5')).data?.sendPush.taskId).toBeTruthy();
    const [failed, pushed] = pushCalls().map((c) => (c.body as { MsgRandom: number }).MsgRandom);
    expect(pushed).toBe(failed);
    expect(pushCalls()).toHaveLength(2);
  });
});
