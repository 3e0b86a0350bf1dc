import { getOperationAST, getVariableValues, parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { coerceVariables } from '../../src/graphql/plugins/execution.js';
import { buildSchema } from '../../src/schema/index.js';

const schema = buildSchema();
const operation = getOperationAST(
  // Not validated: it also declares a default of the wrong type and a variable of an output type.
  parse(`query ($taskId: ID! = "xxx-yyy-zzz", $userIds: [ID!]! = ["xyz", "alice"], $range: TimeRange,
    $platform: PushPlatform! = APNS, $limit: Int!, $wrong: Int = "abc") { __typename }`),
)!;
const graphqlJs = (given: Record<string, unknown>) =>
  getVariableValues(schema, operation.variableDefinitions ?? [], given);

describe('variable coercion with defaults coerced once per operation', () => {
  const cases: [string, Record<string, unknown>][] = [
    ['every default left out', { limit: 3 }],
    ['undeclared variables beside them', { limit: 3, n: 17 }],
    ['defaults overridden', { limit: 3, taskId: 't', userIds: 'u', platform: 'FCM', range: null }],
    ['a range given', { limit: 1, range: { from: '2025-03-01T00:00:00Z', to: '2025-03-02T00:00:00Z' } }],
    ['a required variable left out', {}],
    ['null for a non-null variable with a default', { limit: 3, taskId: null }],
    ['a value of the wrong type', { limit: 'three', userIds: [1, { a: 1 }] }],
    ['an unknown enum value', { limit: 3, platform: 'NOKIA' }],
  ];
  it.each(cases)('answers as graphql-js does: %s', (_, given) => {
    const ours = coerceVariables(schema, operation, given);
    const theirs = graphqlJs(given);
    expect(ours).toStrictEqual(theirs);
    // The same variables, undefined ones included (toStrictEqual does not look at the order).
    if (theirs.coerced) expect(Object.keys(ours.coerced!).sort()).toEqual(Object.keys(theirs.coerced).sort());
  });

  it('answers as graphql-js does for a variable of an output type', () => {
    const output = getOperationAST(parse(`query ($s: TaskSummary = {}, $limit: Int = 3) { __typename }`))!;
    const ours = coerceVariables(schema, output, {});
    expect(ours.errors?.map((e) => e.message)).toEqual(
      getVariableValues(schema, output.variableDefinitions ?? [], {}).errors?.map((e) => e.message),
    );
    expect(ours.errors).toHaveLength(1);
  });

  it('coerces a default once, for every request that leaves it out', () => {
    const first = coerceVariables(schema, operation, { limit: 1 }).coerced!;
    const second = coerceVariables(schema, operation, { limit: 2 }).coerced!;
    expect(first.userIds).toEqual(['xyz', 'alice']);
    expect(second.userIds).toBe(first.userIds);
  });
});
