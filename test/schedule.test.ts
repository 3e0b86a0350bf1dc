// Scheduled pushes: created, listed, read, changed and cancelled through the gateway, each call as the upstream
// documents it; dispatched by the emulator at their time into a push task with traces and callbacks.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SDKAPPID, startStack, type GqlResult, type Stack } from './helpers.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ callbacks: true });
});
afterAll(() => stack.close());
beforeEach(() => stack.emulator.reset());

const SCHEDULE = `mutation($input: SchedulePushInput!) {
  schedulePush(input: $input) { id scheduledPush { id at status type title description upstreamStatus task { id } } }
}`;
interface Scheduled {
  id: string;
  at: string;
  status: string;
  type: string;
  title: string | null;
  description: string | null;
  upstreamStatus: string;
  task: { id: string } | null;
}
const GET = `query($id: ID!) { scheduledPush(id: $id) { id at status type title task { id } dispatchError } }`;
const inSeconds = (s: number) => new Date(Math.ceil(Date.now() / 1000) * 1000 + s * 1000);
/** The upstream's UTC "YYYY-MM-DD HH:MM:SS". */
const utc = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');
const codeOf = (r: GqlResult<unknown>) => r.errors?.[0]?.extensions?.code;
const bodyOf = (api: Parameters<Stack['emulator']['callsTo']>[0]) =>
  stack.emulator.callsTo(api).at(-1)!.body as Record<string, unknown>;

async function schedule(input: object): Promise<Scheduled> {
  const data = await stack.data<{ schedulePush: { id: string; scheduledPush: Scheduled } }>(SCHEDULE, {
    input: { fromAccount: 'admin', title: 'Sale', description: 'Today only', ...input },
  });
  expect(data.schedulePush.scheduledPush.id).toBe(data.schedulePush.id);
  return data.schedulePush.scheduledPush;
}

describe('Mutation.schedulePush', () => {
  it('schedules a tag push as a Tag task, its time in UTC, its content a push body', async () => {
    const at = inSeconds(3600);
    const created = await schedule({ at: at.toISOString(), audience: { tagsOr: ['vip'] }, msgRandom: 9 });
    expect(bodyOf('add_sched_task')).toEqual({
      Sdkappid: SDKAPPID,
      Type: 'Tag',
      SchedAt: utc(at),
      Content: {
        From_Account: 'admin',
        MsgRandom: 9,
        Condition: { TagsOr: ['vip'] },
        OfflinePushInfo: { PushFlag: 0, Title: 'Sale', Desc: 'Today only' },
      },
    });
    expect(created).toMatchObject({
      at: at.toISOString(),
      status: 'PENDING',
      upstreamStatus: 'pending',
      type: 'TAG',
      title: 'Sale',
      description: 'Today only',
      task: null,
    });
  });

  it('schedules everyone as an All task, attributes as a Tag task, accounts as a User task', async () => {
    await schedule({ at: inSeconds(600).toISOString(), audience: { all: true } });
    expect(bodyOf('add_sched_task')).toMatchObject({ Type: 'All' });
    expect(bodyOf('add_sched_task').Content).not.toHaveProperty('Condition');
    await schedule({ at: inSeconds(600).toISOString(), audience: { attributes: [{ name: 'level', value: 'gold' }] } });
    expect(bodyOf('add_sched_task')).toMatchObject({
      Type: 'Tag',
      Content: { Condition: { AttrsAnd: { level: 'gold' } } },
    });
    const users = await schedule({
      at: inSeconds(600).toISOString(),
      toAccounts: ['u1', 'u2'],
      dataId: 'd-1',
      android: { huaweiCategory: 'IM' },
    });
    expect(users.type).toBe('USER');
    expect(bodyOf('add_sched_task').Content).toMatchObject({
      To_Account: ['u1', 'u2'],
      DataId: 'd-1',
      OfflinePushInfo: { AndroidInfo: { HuaWeiCategory: 'IM' } },
    });
  });

  it('schedules once per idempotency key', async () => {
    const input = { at: inSeconds(900).toISOString(), toAccounts: ['u1'], idempotencyKey: 'sched-1' };
    const first = await schedule(input);
    const again = await schedule(input);
    expect(again.id).toBe(first.id);
    expect(stack.emulator.callsTo('add_sched_task')).toHaveLength(1);
  });

  it('answers PUSH_OUTCOME_UNKNOWN when the answer is lost, and a repeat never schedules again', async () => {
    stack.emulator.inject('add_sched_task', { dropAfterRequest: true });
    const input = { fromAccount: 'a', at: inSeconds(900).toISOString(), toAccounts: ['u1'], idempotencyKey: 'sched-2' };
    for (let i = 0; i < 2; i++) {
      const r = await stack.gql(SCHEDULE, { input });
      expect(r.errors![0]!.extensions).toMatchObject({ code: 'PUSH_OUTCOME_UNKNOWN', api: 'add_sched_task' });
      expect(r.errors![0]!.message).toMatch(/may or may not have been created/);
    }
    expect(stack.emulator.callsTo('add_sched_task')).toHaveLength(1);
  });
});

describe('listing, changing and cancelling scheduled pushes', () => {
  it('lists the pushes of a window soonest first, a page at a time, with the documented body', async () => {
    const base = inSeconds(86_400 * 3);
    const ids: string[] = [];
    for (const [offset, title] of [
      [300, 'third'],
      [100, 'first'],
      [200, 'second'],
    ] as const)
      ids.push(
        (await schedule({ at: new Date(base.getTime() + offset * 1000).toISOString(), toAccounts: ['u'], title })).id,
      );
    const LIST = `query($from: DateTime!, $to: DateTime!, $keyword: String, $first: Int, $offset: Int) {
      scheduledPushes(from: $from, to: $to, keyword: $keyword, first: $first, offset: $offset) { title }
    }`;
    const window = { from: base.toISOString(), to: new Date(base.getTime() + 400_000).toISOString() };
    const all = await stack.data<{ scheduledPushes: { title: string }[] }>(LIST, window);
    expect(all.scheduledPushes.map((s) => s.title)).toEqual(['first', 'second', 'third']);
    const page = await stack.data<{ scheduledPushes: { title: string }[] }>(LIST, {
      ...window,
      first: 1,
      offset: 0,
      keyword: 'ec',
    });
    expect(page.scheduledPushes.map((s) => s.title)).toEqual(['second']);
    expect(bodyOf('list_sched_task')).toEqual({
      Sdkappid: SDKAPPID,
      Offset: 0,
      Want: 1,
      OrderBy: 'schedAt',
      Asc: true,
      BeginTime: utc(base),
      EndTime: utc(new Date(base.getTime() + 400_000)),
      Keyword: 'ec',
    });
    const second = await stack.data<{ scheduledPushes: { title: string }[] }>(LIST, { ...window, first: 1, offset: 1 });
    expect(second.scheduledPushes.map((s) => s.title)).toEqual(['second']);
  });

  it('changes a pending push’s time and content, keeping its type', async () => {
    const { id } = await schedule({ at: inSeconds(7200).toISOString(), audience: { tagsAnd: ['vip'] } });
    const later = inSeconds(9000);
    const UPDATE = `mutation($input: UpdateScheduledPushInput!) { updateScheduledPush(input: $input) { id scheduledPush { at title } } }`;
    const moved = await stack.data<{ updateScheduledPush: { scheduledPush: { at: string; title: string } } }>(UPDATE, {
      input: { id, at: later.toISOString() },
    });
    expect(moved.updateScheduledPush.scheduledPush).toEqual({ at: later.toISOString(), title: 'Sale' });
    expect(bodyOf('modify_sched_task')).toEqual({
      Sdkappid: SDKAPPID,
      TaskID: Number(id),
      Type: 'Tag',
      SchedAt: utc(later),
    });

    const content = { fromAccount: 'admin', audience: { tagsOr: ['new'] }, title: 'Sale, extended', msgRandom: 5 };
    const changed = await stack.data<{ updateScheduledPush: { scheduledPush: { title: string } } }>(UPDATE, {
      input: { id, content },
    });
    expect(changed.updateScheduledPush.scheduledPush.title).toBe('Sale, extended');
    expect(bodyOf('modify_sched_task')).toEqual({
      Sdkappid: SDKAPPID,
      TaskID: Number(id),
      Type: 'Tag',
      Content: {
        From_Account: 'admin',
        MsgRandom: 5,
        Condition: { TagsOr: ['new'] },
        OfflinePushInfo: { PushFlag: 0, Title: 'Sale, extended' },
      },
    });

    const modifies = stack.emulator.callsTo('modify_sched_task').length;
    const retyped = await stack.gql(UPDATE, { input: { id, content: { fromAccount: 'admin', toAccounts: ['u1'] } } });
    expect(retyped.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.content' });
    expect(stack.emulator.callsTo('modify_sched_task')).toHaveLength(modifies);
  });

  it('cancels a pending push with its type', async () => {
    const { id } = await schedule({ at: inSeconds(7200).toISOString(), audience: { all: true } });
    const r = await stack.data<{ cancelScheduledPush: { id: string } }>(
      `mutation($id: ID!) { cancelScheduledPush(id: $id) { id } }`,
      { id },
    );
    expect(r.cancelScheduledPush.id).toBe(id);
    expect(bodyOf('delete_sched_task')).toEqual({ Sdkappid: SDKAPPID, TaskID: Number(id), Type: 'All' });
    expect(codeOf(await stack.gql(GET, { id }))).toBe('UPSTREAM_ERROR');
  });
});

describe('a scheduled push at its time', () => {
  it('is dispatched into a push task with traces and callbacks; then a change reads as 90107', async () => {
    const { id } = await schedule({ at: inSeconds(1).toISOString(), toAccounts: ['carol'], idempotencyKey: 'soon' });
    let dispatched: { status: string; task: { id: string } | null } | undefined;
    for (let i = 0; i < 60 && dispatched?.status !== 'DISPATCHED'; i++) {
      await sleep(100);
      dispatched = (await stack.data<{ scheduledPush: typeof dispatched }>(GET, { id })).scheduledPush;
    }
    expect(dispatched!.status).toBe('DISPATCHED');
    const taskId = dispatched!.task!.id;
    const TRACE = `query($id: ID!) { task(id: $id) { trace(userId: "carol") { instances { instanceId } } live { sent failed } } }`;
    type Traced = { task: { trace: { instances: unknown[] }; live: { sent: number; failed: number } | null } };
    let traced = await stack.data<Traced>(TRACE, { id: taskId });
    expect(traced.task.trace.instances.length).toBeGreaterThan(0);
    // Every device of carol's calls back at least once: sent, or failed before the vendor (both happen with
    // the task's random id), within the emulator's first two seconds.
    const calledBack = (t: Traced) => (t.task.live?.sent ?? 0) + (t.task.live?.failed ?? 0);
    for (let i = 0; i < 100 && calledBack(traced) === 0; i++) {
      await sleep(100);
      traced = await stack.data<Traced>(TRACE, { id: taskId });
    }
    expect(calledBack(traced)).toBeGreaterThan(0);

    const update = await stack.gql(
      `mutation($id: ID!, $at: DateTime!) { updateScheduledPush(input: { id: $id, at: $at }) { id } }`,
      { id, at: inSeconds(600).toISOString() },
    );
    expect(update.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstream: { errorCode: 90107 } });
    expect(update.errors![0]!.message).toMatch(/dispatching or dispatched: it can no longer be changed or cancelled/);
    const cancel = await stack.gql(`mutation($id: ID!) { cancelScheduledPush(id: $id) { id } }`, { id });
    expect(cancel.errors![0]!.extensions).toMatchObject({ upstream: { errorCode: 90107 } });
  });
});

describe('scheduled pushes refused before any call', () => {
  const refusals: [string, string, object, string][] = [
    [
      'a time in the past',
      SCHEDULE,
      { input: { fromAccount: 'a', at: '2020-01-01T00:00:00Z', toAccounts: ['u'] } },
      'input.at',
    ],
    [
      'both an audience and accounts',
      SCHEDULE,
      { input: { fromAccount: 'a', at: inSeconds(60).toISOString(), toAccounts: ['u'], audience: { all: true } } },
      'input.audience',
    ],
    [
      'neither an audience nor accounts',
      SCHEDULE,
      { input: { fromAccount: 'a', at: inSeconds(60).toISOString() } },
      'input.audience',
    ],
    [
      '501 accounts',
      SCHEDULE,
      {
        input: {
          fromAccount: 'a',
          at: inSeconds(60).toISOString(),
          toAccounts: Array.from({ length: 501 }, (_, i) => `u${i}`),
        },
      },
      'input.toAccounts',
    ],
    [
      'an empty audience',
      SCHEDULE,
      { input: { fromAccount: 'a', at: inSeconds(60).toISOString(), audience: {} } },
      'input.audience',
    ],
    ['an id that is no TaskID', GET, { id: 'abc' }, 'id'],
    ['a change of nothing', `mutation { updateScheduledPush(input: { id: "100001" }) { id } }`, {}, 'input'],
    [
      'a change into the past',
      `mutation { updateScheduledPush(input: { id: "100001", at: "2020-01-01T00:00:00Z" }) { id } }`,
      {},
      'input.at',
    ],
    [
      'a window ending before it starts',
      `{ scheduledPushes(from: "2025-03-02T00:00:00Z", to: "2025-03-01T00:00:00Z") { id } }`,
      {},
      'to',
    ],
    [
      'a page of 101',
      `{ scheduledPushes(from: "2025-03-01T00:00:00Z", to: "2025-03-02T00:00:00Z", first: 101) { id } }`,
      {},
      'first',
    ],
    [
      'a negative offset',
      `{ scheduledPushes(from: "2025-03-01T00:00:00Z", to: "2025-03-02T00:00:00Z", offset: -1) { id } }`,
      {},
      'offset',
    ],
    ['a cancellation of no TaskID', `mutation { cancelScheduledPush(id: "0") { id } }`, {}, 'id'],
  ];
  it.each(refusals)('refuses %s, naming it', async (_, query, variables, field) => {
    const r = await stack.gql(query, variables as Record<string, unknown>);
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: field });
    expect(stack.emulator.calls).toHaveLength(0);
  });
});
