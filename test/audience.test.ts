// Audiences: user tags and attributes read and changed through the gateway, 100 accounts a call, partial failures
// kept, reads shared between requests, and the pushes that reach them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { gqlAt, startStack, type GqlResult, type Stack } from './helpers.js';

const TAGS = `query($accounts: [ID!]!) { userTags(accounts: $accounts) { account tags failure { errorCode } } }`;
type Tags = { userTags: { account: string; tags: string[]; failure: { errorCode: number } | null }[] };
const ADD = `mutation($input: AddUserTagsInput!) { addUserTags(input: $input) { failedAccounts { account errorCode errorInfo } } }`;
type Failed = { account: string; errorCode: number; errorInfo: string | null }[];
const codeOf = (r: GqlResult<unknown>) => r.errors?.[0]?.extensions?.code;
const accounts = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('user tags and attributes', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());
  const bodies = (api: Parameters<Stack['emulator']['callsTo']>[0]) => stack.emulator.callsTo(api).map((c) => c.body);

  it('adds, replaces, removes and clears tags, each as its documented body', async () => {
    await stack.data(ADD, { input: { accounts: ['ana', 'bo'], tags: ['vip', 'beijing'] } });
    expect(bodies('add_tag')).toEqual([
      {
        Replace: 0,
        UserTags: [
          { To_Account: 'ana', Tags: ['vip', 'beijing'] },
          { To_Account: 'bo', Tags: ['vip', 'beijing'] },
        ],
      },
    ]);
    await stack.data(ADD, { input: { accounts: ['bo'], tags: ['shanghai'], replace: true } });
    expect(bodies('add_tag')[1]).toEqual({ Replace: 1, UserTags: [{ To_Account: 'bo', Tags: ['shanghai'] }] });
    expect((await stack.data<Tags>(TAGS, { accounts: ['ana', 'bo'] })).userTags).toEqual([
      { account: 'ana', tags: ['vip', 'beijing'], failure: null },
      { account: 'bo', tags: ['shanghai'], failure: null },
    ]);
    expect(bodies('get_tag')).toEqual([{ To_Account: ['ana', 'bo'] }]);

    await stack.data(
      `mutation { removeUserTags(input: { accounts: ["ana"], tags: ["vip"] }) { failedAccounts { account } } }`,
    );
    expect(bodies('remove_tag')).toEqual([{ UserTags: [{ To_Account: 'ana', Tags: ['vip'] }] }]);
    await stack.data(`mutation { clearUserTags(input: { accounts: ["bo"] }) { failedAccounts { account } } }`);
    expect(bodies('clear_all_tags')).toEqual([{ To_Account: ['bo'] }]);
    expect((await stack.data<Tags>(TAGS, { accounts: ['ana', 'bo'] })).userTags.map((u) => u.tags)).toEqual([
      ['beijing'],
      [],
    ]);
  });

  it('splits 250 accounts into calls of 100, keeping every ErrorList', async () => {
    const many = [...accounts('user', 248), 'ghost-a', 'ghost-b'];
    const { addUserTags } = await stack.data<{ addUserTags: { failedAccounts: Failed } }>(ADD, {
      input: { accounts: many, tags: ['spring'] },
    });
    expect(bodies('add_tag').map((b) => (b as { UserTags: unknown[] }).UserTags.length)).toEqual([100, 100, 50]);
    expect(addUserTags.failedAccounts).toEqual([
      { account: 'ghost-a', errorCode: 70107, errorInfo: 'account not found' },
      { account: 'ghost-b', errorCode: 70107, errorInfo: 'account not found' },
    ]);
    const read = await stack.data<Tags>(TAGS, { accounts: many.slice(90, 250) });
    expect(bodies('get_tag').map((b) => (b as { To_Account: unknown[] }).To_Account.length)).toEqual([100, 60]);
    expect(read.userTags.at(-1)).toEqual({ account: 'ghost-b', tags: [], failure: { errorCode: 70107 } });
    expect(read.userTags[0]).toEqual({ account: 'user90', tags: ['spring'], failure: null });
  });

  it('lists the accounts of a call the upstream refused, beside the calls that went through', async () => {
    // The first call goes through (a fault that changes nothing), the second is refused.
    stack.emulator.inject('add_tag', { delayMs: 0 }, { errorCode: 91000, errorInfo: 'busy' });
    const { addUserTags } = await stack.data<{ addUserTags: { failedAccounts: Failed } }>(ADD, {
      input: { accounts: accounts('p', 150), tags: ['x'] },
    });
    expect(addUserTags.failedAccounts).toHaveLength(50);
    expect(addUserTags.failedAccounts[0]).toEqual({ account: 'p100', errorCode: 91000, errorInfo: 'busy' });
    expect(stack.emulator.callsTo('add_tag')).toHaveLength(2); // a write is never retried
  });

  it('fails the mutation when its only call is refused', async () => {
    stack.emulator.inject('clear_all_tags', { errorCode: 90009 });
    const r = await stack.gql(`mutation { clearUserTags(input: { accounts: ["a"] }) { failedAccounts { account } } }`);
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstream: { errorCode: 90009 } });
  });

  it('names attribute slots, sets, reads and removes attributes, each as its documented body', async () => {
    const named = await stack.data<{ setAttributeNames: { names: string[] } }>(
      `mutation { setAttributeNames(input: { names: ["level", "city"] }) { names } }`,
    );
    expect(named.setAttributeNames.names).toEqual(['level', 'city']);
    expect(bodies('set_attr_name')).toEqual([{ AttrNames: { '0': 'level', '1': 'city' } }]);
    expect((await stack.data<{ attributeNames: string[] }>(`{ attributeNames }`)).attributeNames).toEqual([
      'level',
      'city',
    ]);
    await stack.data(
      `mutation { setUserAttributes(input: { users: [{ account: "ana", attributes: [{ name: "level", value: "gold" }, { name: "city", value: "Shenzhen" }] }, { account: "ghost-c", attributes: [{ name: "level", value: "x" }] }] }) { failedAccounts { account errorCode } } }`,
    );
    expect(bodies('set_attr')).toEqual([
      {
        UserAttrs: [
          { To_Account: 'ana', Attrs: { level: 'gold', city: 'Shenzhen' } },
          { To_Account: 'ghost-c', Attrs: { level: 'x' } },
        ],
      },
    ]);
    const read = await stack.data<{ userAttributes: { account: string; attributes: unknown[] }[] }>(
      `{ userAttributes(accounts: ["ana"]) { account attributes { name value } } }`,
    );
    expect(read.userAttributes).toEqual([
      {
        account: 'ana',
        attributes: [
          { name: 'level', value: 'gold' },
          { name: 'city', value: 'Shenzhen' },
        ],
      },
    ]);
    await stack.data(
      `mutation { removeUserAttributes(input: { users: [{ account: "ana", names: ["city"] }] }) { failedAccounts { account } } }`,
    );
    expect(bodies('remove_attr')).toEqual([{ UserAttrs: [{ To_Account: 'ana', Attrs: ['city'] }] }]);
  });

  it('says what an attribute push with an unnamed attribute is refused for (90033)', async () => {
    const r = await stack.gql(
      `mutation { sendPush(input: { fromAccount: "admin", audience: { attributes: [{ name: "unnamed", value: "x" }] } }) { taskId } }`,
    );
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'UPSTREAM_ERROR', upstream: { errorCode: 90033 } });
    expect(r.errors![0]!.message).toMatch(/set attribute names/);
  });

  it('reaches only the tagged users with a tag push: their traces answer, others none', async () => {
    await stack.data(ADD, { input: { accounts: ['tagged-1'], tags: ['autumn'] } });
    const { sendPush } = await stack.data<{ sendPush: { taskId: string } }>(
      `mutation { sendPush(input: { fromAccount: "admin", audience: { tagsOr: ["autumn"] } }) { taskId } }`,
    );
    const traced = await stack.data<{ task: Record<string, { instances: unknown[] }> }>(
      `query($id: ID!) { task(id: $id) { yes: trace(userId: "tagged-1") { instances { instanceId } } no: trace(userId: "ana") { instances { instanceId } } } }`,
      { id: sendPush.taskId },
    );
    expect(traced.task.yes!.instances.length).toBeGreaterThan(0);
    expect(traced.task.no!.instances).toEqual([]);
  });
});

describe('audience input refused before any call', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());

  const refusals: [string, string, object, string][] = [
    ['no accounts', ADD, { input: { accounts: [], tags: ['a'] } }, 'input.accounts'],
    ['1001 accounts', ADD, { input: { accounts: accounts('a', 1001), tags: ['a'] } }, 'input.accounts'],
    ['11 tags added', ADD, { input: { accounts: ['a'], tags: accounts('t', 11) } }, 'input.tags'],
    ['an empty tag', ADD, { input: { accounts: ['a'], tags: [''] } }, 'input.tags[0]'],
    ['a tag over 50 bytes', ADD, { input: { accounts: ['a'], tags: ['x'.repeat(51)] } }, 'input.tags[0]'],
    ['no tags read', TAGS, { accounts: [] }, 'accounts'],
    [
      '11 attribute names',
      `mutation($input: SetAttributeNamesInput!) { setAttributeNames(input: $input) { names } }`,
      { input: { names: accounts('n', 11) } },
      'input.names',
    ],
    [
      'an attribute name twice',
      `mutation($input: SetAttributeNamesInput!) { setAttributeNames(input: $input) { names } }`,
      { input: { names: ['a', 'a'] } },
      'input.names[1]',
    ],
    [
      'a user without attributes',
      `mutation($input: SetUserAttributesInput!) { setUserAttributes(input: $input) { failedAccounts { account } } }`,
      { input: { users: [{ account: 'a', attributes: [] }] } },
      'input.users[0].attributes',
    ],
    [
      'an attribute value over 50 bytes',
      `mutation($input: SetUserAttributesInput!) { setUserAttributes(input: $input) { failedAccounts { account } } }`,
      { input: { users: [{ account: 'a', attributes: [{ name: 'level', value: 'x'.repeat(51) }] }] } },
      'input.users[0].attributes[0].value',
    ],
    [
      'a removal without names',
      `mutation($input: RemoveUserAttributesInput!) { removeUserAttributes(input: $input) { failedAccounts { account } } }`,
      { input: { users: [{ account: 'a', names: [] }] } },
      'input.users[0].names',
    ],
  ];
  it.each(refusals)('refuses %s, naming it', async (_, query, variables, field) => {
    const r = await stack.gql(query, variables as Record<string, unknown>);
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: field });
    expect(stack.emulator.calls).toHaveLength(0);
  });
});

describe('reads of many accounts from concurrent requests', () => {
  let stack: Stack;
  beforeAll(async () => {
    // get_tag at 1 call/s, so that concurrent requests wait for the same slot.
    stack = await startStack({ env: { QUOTA_RATES: 'get_tag=1' } });
  });
  afterAll(() => stack.close());

  it('share calls: 3 requests of 40 accounts each in 2 calls of 100 and 20', async () => {
    // An earlier request holds this second's slot, so the three wait for the next one together.
    const earlier = stack.gql(TAGS, { accounts: ['earlier'] });
    for (let i = 0; i < 100 && stack.emulator.callsTo('get_tag').length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    const results = await Promise.all(
      [0, 1, 2].map((r) => gqlAt<Tags>(stack.url, TAGS, { accounts: accounts(`r${r}-`, 40) })),
    );
    for (const r of results) expect(r.data!.userTags).toHaveLength(40);
    expect((await earlier).errors).toBeUndefined();
    const sizes = stack.emulator
      .callsTo('get_tag')
      .slice(1)
      .map((c) => (c.body as { To_Account: string[] }).To_Account.length);
    expect(sizes).toEqual([100, 20]);
  });
});

describe('audience scopes', () => {
  const READ = 'reader-key-0123456789';
  const PUSH = 'pusher-key-0123456789';
  const AUDIENCE = 'audience-key-0123456789';
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({
      env: { GATEWAY_API_KEYS: `${READ}=stats:read,${PUSH}=push:send,${AUDIENCE}=audience:write` },
    });
  });
  afterAll(() => stack.close());
  beforeEach(() => stack.emulator.reset());
  const as = (key: string) => ({ 'x-api-key': key });

  it('changes tags and attributes with audience:write only, refusing push:send with no call', async () => {
    const refused = await stack.gql(ADD, { input: { accounts: ['a'], tags: ['t'] } }, as(PUSH));
    expect(refused.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'audience:write' });
    const names = `mutation { setAttributeNames(input: { names: ["level"] }) { __typename } }`;
    expect(codeOf(await stack.gql(names, undefined, as(READ)))).toBe('FORBIDDEN');
    expect(stack.emulator.calls).toHaveLength(0);
    expect(codeOf(await stack.gql(ADD, { input: { accounts: ['a'], tags: ['t'] } }, as(AUDIENCE)))).toBeUndefined();
  });

  it('reads tags, attributes and the quota with stats:read only', async () => {
    for (const key of [PUSH, AUDIENCE]) {
      const r = await stack.gql(`{ userTags(accounts: ["a"]) { tags } }`, undefined, as(key));
      expect(r.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'stats:read' });
    }
    const read = await stack.gql(
      `{ userTags(accounts: ["a"]) { tags } attributeNames pushQuota { remaining } }`,
      undefined,
      as(READ),
    );
    expect(read.errors).toBeUndefined();
  });

  it('sends an all-user push with push:send only', async () => {
    const SEND = `mutation { sendPush(input: { fromAccount: "admin", audience: { all: true } }) { taskId } }`;
    expect(codeOf(await stack.gql(SEND, undefined, as(AUDIENCE)))).toBe('FORBIDDEN');
    expect(stack.emulator.callsTo('push')).toHaveLength(0);
    expect(codeOf(await stack.gql(SEND, undefined, as(PUSH)))).toBeUndefined();
  });
});
