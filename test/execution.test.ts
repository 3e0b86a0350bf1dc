// Execution as clients see it over HTTP: compiled (graphql-jit) for plain operations, graphql-js elsewhere, with
// the same answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type GqlResult, type Stack } from './helpers.js';

async function gqlNamed<T>(query: string, operationName: string): Promise<GqlResult<T>> {
  const res = await fetch(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, operationName }),
  });
  return (await res.json()) as GqlResult<T>;
}

let stack: Stack;

// Compiled from the first execution, from the second (the default: the first runs on graphql-js), and never.
describe.each(['1', '2', '0'])('execution, GRAPHQL_COMPILE_AFTER=%s', (after) => {
  beforeAll(async () => {
    stack = await startStack({ env: { GRAPHQL_COMPILE_AFTER: after } });
  });
  afterAll(() => stack.close());

  it('runs the operation the request names, in a document of several, each time', async () => {
    const document = `
      query Funnel { diagnosis(platform: APNS, code: "410", stage: POST_SEND_DELIVERED) { class } }
      query Typename { kind: __typename }
      mutation Track { trackTask(id: "never-sent") { id } }`;
    for (const round of [1, 2]) {
      const funnel = await gqlNamed<{ diagnosis: { class: string } }>(document, 'Funnel');
      expect(funnel.data, `round ${round}`).toEqual({ diagnosis: { class: 'TOKEN_INVALID' } });
      const typename = await gqlNamed<{ kind: string }>(document, 'Typename');
      expect(typename.data, `round ${round}`).toEqual({ kind: 'Query' });
    }
    expect(stack.emulator.calls).toHaveLength(0);
  });

  it('uses an operation\u2019s declared defaults for the variables a request leaves out', async () => {
    const query = `query ($platform: PushPlatform! = APNS, $code: String! = "410") {
      diagnosis(platform: $platform, code: $code, stage: POST_SEND_DELIVERED) { class }
    }`;
    expect((await stack.gql(query)).data).toEqual({ diagnosis: { class: 'TOKEN_INVALID' } });
    expect((await stack.gql(query, { code: 'BadDeviceToken' })).data).toEqual({
      diagnosis: { class: 'TOKEN_INVALID' },
    });
  });
});
