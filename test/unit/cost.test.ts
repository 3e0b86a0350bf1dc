import {
  Kind,
  getArgumentValues,
  getNamedType,
  isObjectType,
  parse,
  type FieldNode,
  type GraphQLField,
  type OperationDefinitionNode,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { argumentReader, estimateCost } from '../../src/graphql/plugins/cost.js';
import { globalIdOf, windowKey } from '../../src/schema/identity.js';
import { buildSchema } from '../../src/schema/index.js';
import { APIS, DOCUMENTED_RATES } from '../../src/upstream/wire.js';

const schema = buildSchema();
const estimate = (query: string, variables: Record<string, unknown> = {}) =>
  estimateCost(schema, parse(query), undefined, variables, DOCUMENTED_RATES);

describe('upstream cost estimate', () => {
  it('counts ⌈K/5⌉ loss calls per window, aliases and duplicates included', () => {
    const ids = Array.from({ length: 12 }, (_, i) => `t${i}`);
    const e = estimate(
      `query($ids: [ID!]!) { a: tasks(ids: $ids) { loss { total } } b: tasks(ids: $ids) { loss { total } } }`,
      { ids: [...ids, 't0'] },
    );
    expect(e.byApi.all_member_push_loss).toBe(3);
    const twoWindows = estimate(
      `{ task(id: "a") { x: loss { total } y: loss(range: { from: "2025-03-01T00:00:00Z", to: "2025-03-02T00:00:00Z" }) { total } } }`,
    );
    expect(twoWindows.byApi.all_member_push_loss).toBe(2);
  });

  it("reads variables as execution does: the operation's defaults fill the ones a request leaves out", () => {
    const query = `query($t: ID! = "t1", $u: [ID!]! = ["u1", "u2", "u3"]) { task(id: $t) { traces(userIds: $u) { userId } } }`;
    expect(estimate(query).byApi.all_member_push_trace).toBe(3);
    expect(estimate(query, { u: ['u1'] }).byApi.all_member_push_trace).toBe(1);
    // Variables that do not coerce: execution refuses the operation before any call.
    expect(estimate(query, { u: [1.5] }).calls).toBe(0);
  });

  it('counts one trace call per distinct (task, user) across trace, traces, aliases and fragments', () => {
    const e = estimate(`
      query { tasks(ids: ["t1", "t2"]) { trace(userId: "u1") { userId } ...More } }
      fragment More on Task { traces(userIds: ["u1", "u2", "u3"]) { userId } again: traces(userIds: ["u3"]) { userId } }`);
    expect(e.byApi.all_member_push_trace).toBe(6);
    expect(e.calls).toBe(6);
    expect(e.quotaSeconds).toBe(6);
  });

  it('counts push traces, both loss queries and pushes, and skips what @skip/@include leave out', () => {
    const e = estimate(
      `query($no: Boolean!) {
        a: push(id: "p1") { traces { platform } } b: push(id: "p1") { traces { platform } } c: push(id: "p2") @include(if: $no) { traces { platform } }
        pushLoss(range: { from: "2025-03-01T00:00:00Z", to: "2025-03-02T00:00:00Z" }) { total }
        overallTaskLoss(range: { from: "2025-03-01T00:00:00Z", to: "2025-03-02T00:00:00Z" }) { total }
      }`,
      { no: false },
    );
    const none = Object.fromEntries(APIS.map((api) => [api, 0]));
    expect(e.byApi).toEqual({ ...none, normal_push_trace: 1, normal_push_loss: 1, all_member_push_loss: 1 });
    const push = estimate(
      `mutation { sendBatchPush(input: { fromAccount: "a", toAccounts: ["b"] }) { task { loss { total } trace(userId: "b") { userId } } } }`,
    );
    expect(push.byApi).toMatchObject({ batch: 1, all_member_push_loss: 1, all_member_push_trace: 1 });
    const all = estimate(
      `mutation { sendPush(input: { fromAccount: "a", audience: { all: true } }) { task { loss { total } } } }`,
    );
    expect(all.byApi).toEqual({ ...none, push: 1, all_member_push_loss: 1 });
    const accounts = JSON.stringify(Array.from({ length: 150 }, (_, i) => `u${i}`));
    const audience = estimate(
      `{ a: userTags(accounts: ${accounts}) { tags } b: userTags(accounts: ["u1"]) { tags } userAttributes(accounts: ["u1"]) { account } }`,
    );
    expect(audience.byApi).toEqual({ ...none, get_tag: 2, get_attr: 1 });
    const tagged = estimate(`mutation { addUserTags(input: { accounts: ${accounts}, tags: ["t"] }) { __typename } }`);
    expect(tagged.byApi).toEqual({ ...none, add_tag: 2 });
  });

  it('counts one revoke call per revokePush, and what its task payload asks for', () => {
    const e = estimate(
      `mutation { a: revokePush(input: { taskId: "t1" }) { task { loss { total } } } b: revokePush(input: { taskId: "t2", title: "x" }) { taskId } }`,
    );
    expect(e.byApi).toMatchObject({ revoke: 2, all_member_push_loss: 1, batch: 0 });
  });

  it('counts ⌈K/5⌉ statistics calls per window, its 30-day default apart from the loss default', () => {
    const ids = Array.from({ length: 7 }, (_, i) => `t${i}`);
    const e = estimate(
      `query($ids: [ID!]!) { tasks(ids: $ids) { stats { total } again: stats { total } loss { total } } }`,
      { ids },
    );
    expect(e.byApi).toMatchObject({ all_member_push_statistics: 2, all_member_push_loss: 2 });
    const windows = estimate(
      `query($r: StatsRange!) {
      pushStats(range: $r) { total } b: pushStats(range: $r) { total } overallTaskStats(range: $r) { total }
    }`,
      { r: { from: '2025-03-01T00:00:00Z', to: '2025-03-20T00:00:00Z' } },
    );
    expect(windows.byApi).toMatchObject({ normal_push_statistics: 1, all_member_push_statistics: 1 });
  });

  it('counts one loss and one statistics call per 5 summaries in a window, shared with loss and stats', () => {
    const ids = Array.from({ length: 6 }, (_, i) => `t${i}`);
    const e = estimate(
      `query($ids: [ID!]!, $r: TimeRange) { tasks(ids: $ids) { summary(range: $r) { lossRate } loss(range: $r) { total } stats(range: $r) { total } } }`,
      { ids, r: { from: '2025-03-01T00:00:00Z', to: '2025-03-02T00:00:00Z' } },
    );
    expect(e.byApi).toMatchObject({ all_member_push_loss: 2, all_member_push_statistics: 2 });
    expect(e.calls).toBe(4);
    const alone = estimate(`{ task(id: "a") { summary { lossRate } } }`);
    expect(alone.byApi).toMatchObject({ all_member_push_loss: 1, all_member_push_statistics: 1 });
    expect(alone.calls).toBe(2);
  });

  it('counts for node(id) the one call the type its id names may need, read from that type', () => {
    const trace = estimate(`query($id: ID!) { node(id: $id) { id } }`, {
      id: globalIdOf('UserTrace', ['t1', 'u1']),
    });
    expect(trace.byApi).toMatchObject({ all_member_push_trace: 1 });
    expect(trace.calls).toBe(1);
    const window = windowKey({ from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-03-02T00:00:00Z') });
    const loss = estimate(`query($a: ID!, $b: ID!) { a: node(id: $a) { id } b: node(id: $b) { id } }`, {
      a: globalIdOf('LossReport', ['task', 't1', ...window]),
      b: globalIdOf('LossReport', ['pushes', null, ...window]),
    });
    expect(loss.byApi).toMatchObject({ all_member_push_loss: 1, normal_push_loss: 1 });
    expect(estimate(`{ node(id: "not-an-id") { id } }`).calls).toBe(0);
  });

  it('costs nothing for fields that never call the upstream', () => {
    expect(estimate(`{ task(id: "a") { id } __typename }`).calls).toBe(0);
  });

  it('gives up as too many to count on fragments spread over and over, even with the costly part skipped', () => {
    // Each level spreads the one below it 10 times: 10^5 selections from a few lines.
    const levels = ['L1', 'L2', 'L3', 'L4', 'L5'];
    const fragments = levels.map(
      (name, i) =>
        `fragment ${name} on Task { ${Array.from({ length: 10 }, () => (levels[i + 1] ? `...${levels[i + 1]}` : 'loss { total }')).join(' ')} }`,
    );
    const bomb = `query($skip: Boolean!) { task(id: "a") { ...L1 @skip(if: $skip) } } ${fragments.join(' ')}`;
    expect(estimate(bomb, { skip: false }).calls).toBe(Infinity);
    expect(estimate(bomb, { skip: true }).calls).toBe(Infinity);
  });

  it('reads each request\u2019s variables over the same parsed document: @skip, @include and arguments', () => {
    const document = parse(
      `query($skip: Boolean!, $u: [ID!]!) { task(id: "a") { traces(userIds: $u) @skip(if: $skip) { userId } } }`,
    );
    const run = (variables: Record<string, unknown>) =>
      estimateCost(schema, document, undefined, variables, DOCUMENTED_RATES).byApi.all_member_push_trace;
    expect(run({ skip: false, u: ['a', 'b'] })).toBe(2);
    expect(run({ skip: true, u: ['a', 'b'] })).toBe(0);
    expect(run({ skip: false, u: ['a', 'b', 'c'] })).toBe(3);
  });
});

describe('argument reader of the cost estimate', () => {
  /** The field of `path` in the operation's first selections, and its node. */
  function fieldAt(query: string, path: string[]) {
    const document = parse(query);
    let type = schema.getQueryType()!;
    let selections = (document.definitions[0] as OperationDefinitionNode).selectionSet.selections;
    let found: { field: GraphQLField<unknown, unknown>; node: FieldNode } | undefined;
    for (const name of path) {
      const node = selections.find((s): s is FieldNode => s.kind === Kind.FIELD && (s.alias ?? s.name).value === name)!;
      const field = type.getFields()[node.name.value]!;
      found = { field, node };
      const named = getNamedType(field.type);
      if (isObjectType(named)) type = named;
      selections = node.selectionSet?.selections ?? [];
    }
    return found!;
  }
  const same = (query: string, path: string[], variables: Record<string, unknown>) => {
    const { field, node } = fieldAt(query, path);
    const ours = () => argumentReader(field, node)(variables);
    const theirs = () => getArgumentValues(field, node, variables);
    let expected: unknown;
    try {
      expected = theirs();
    } catch (error) {
      expect(ours).toThrow((error as Error).message);
      return 'throws';
    }
    expect({ ...ours() }).toEqual({ ...(expected as object) });
    return 'answers';
  };

  it('reads arguments as graphql-js does, from literals, variables and defaults', () => {
    const range = { from: new Date('2025-03-01T00:00:00Z'), to: new Date('2025-03-02T00:00:00Z') };
    const q = `query ($id: ID!, $r: TimeRange, $u: [ID!]!, $l: Int) {
      task(id: $id) { summary(range: $r) { topReasons(limit: $l) { id } } traces(userIds: $u) { userId } }
      literal: task(id: "t") { summary(range: { from: "2025-03-01T00:00:00Z", to: "2025-03-02T00:00:00Z" }) { id } }
      mixed: task(id: "t") { traces(userIds: ["a", $id]) { userId } }
    }`;
    expect(same(q, ['task'], { id: 't1' })).toBe('answers');
    expect(same(q, ['task'], {})).toBe('throws'); // required, left out
    expect(same(q, ['task'], { id: null })).toBe('throws');
    expect(same(q, ['task', 'summary'], { r: range })).toBe('answers');
    expect(same(q, ['task', 'summary'], {})).toBe('answers');
    expect(same(q, ['task', 'summary'], { r: null })).toBe('answers');
    expect(same(q, ['task', 'summary', 'topReasons'], {})).toBe('answers'); // the argument's default
    expect(same(q, ['task', 'summary', 'topReasons'], { l: 2 })).toBe('answers');
    expect(same(q, ['task', 'traces'], { u: ['a', 'b'] })).toBe('answers');
    expect(same(q, ['task', 'traces'], { u: undefined })).toBe('throws');
    expect(same(q, ['literal'], {})).toBe('answers');
    expect(same(q, ['literal', 'summary'], {})).toBe('answers');
    expect(same(q, ['mixed', 'traces'], { id: 'b' })).toBe('answers');
  });
});
