// Access control, the upstream budget, request limits and production hardening, as a client meets them.
import { request } from 'node:http';
import jwt from 'jsonwebtoken';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type GqlResult, type Stack } from './helpers.js';

const STATS_KEY = 'stats-key-0123456789abcdef';
const PUSH_KEY = 'push-key-0123456789abcdef0';
const ALL_KEY = 'all-key-0123456789abcdef00';
const JWT_SECRET = 'jwt-test-secret-0123456789abcdef';

const auth = {
  GATEWAY_ALLOW_ANONYMOUS: 'false',
  GATEWAY_API_KEYS: `${STATS_KEY}=stats:read,${PUSH_KEY}=push:send,${ALL_KEY}=stats:read+stats:tokens+push:send`,
  GATEWAY_JWT_SECRET: JWT_SECRET,
  GATEWAY_JWT_AUDIENCE: 'timpush',
};
const key = (k: string) => ({ 'x-api-key': k });
const bearer = (claims: object, options: jwt.SignOptions = {}) => ({
  authorization: `Bearer ${jwt.sign(claims, JWT_SECRET, { audience: 'timpush', expiresIn: 60, ...options })}`,
});

const TRACE = `{ task(id: "xxx-yyy-zzz") { trace(userId: "xyz") { instances { instanceId token } } } }`;
const SEND = `mutation { sendBatchPush(input: { fromAccount: "admin", toAccounts: ["u1"] }) { taskId task { id } } }`;
type Traced = { task: { trace: { instances: { instanceId: string; token: string | null }[] } } };
type Sent = { sendBatchPush: { taskId: string; task: unknown } };

describe('client authentication and scopes', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: auth });
  });
  afterAll(() => stack.close());
  afterEach(() => stack.emulator.reset());

  it('refuses a request without credentials with UNAUTHENTICATED (401) and no upstream call', async () => {
    const r = await stack.gql(TRACE);
    expect(r.status).toBe(401);
    expect(r.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(r.errors![0]!.message).toMatch(/x-api-key or a JWT/);
    expect(stack.emulator.calls).toHaveLength(0);
  });

  it.each([
    ['an unknown API key', key('not-a-key-0123456789abcdef')],
    [
      'a JWT signed with another secret',
      {
        authorization: `Bearer ${jwt.sign({ scope: 'stats:read' }, 'other-secret-0123456789', { audience: 'timpush' })}`,
      },
    ],
    ['an expired JWT', bearer({ scope: 'stats:read' }, { expiresIn: -10 })],
    ['a JWT for another audience', bearer({ scope: 'stats:read' }, { audience: 'someone-else' })],
  ])('refuses %s with UNAUTHENTICATED', async (_, headers) => {
    const r = await stack.gql(TRACE, undefined, headers);
    expect(r.status).toBe(401);
    expect(r.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(stack.emulator.calls).toHaveLength(0);
  });

  const unsigned = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
    '{"scope":"stats:read push:send","aud":"timpush"}',
  ).toString('base64url')}.`;
  it.each([
    ['Basic credentials', 'Basic dXNlcjpwYXNzd29yZA=='],
    ['a garbage header', 'garbage'],
    ['Bearer with no token', 'Bearer'],
    ['a bearer token that is not a JWT', 'Bearer not-a-jwt'],
    ['an unsigned JWT (alg none)', `Bearer ${unsigned}`],
  ])('refuses a malformed Authorization header (%s) with UNAUTHENTICATED (401)', async (_, authorization) => {
    for (const query of [TRACE, SEND]) {
      const r = await stack.gql(query, undefined, { authorization });
      expect(r.status).toBe(401);
      expect(r.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    }
    expect(stack.emulator.calls).toHaveLength(0);
  });

  it('lets stats:read query, with device tokens null without stats:tokens', async () => {
    const r = await stack.data<Traced>(TRACE, undefined, key(STATS_KEY));
    expect(r.task.trace.instances[0]).toEqual({ instanceId: '74224656', token: null });
    const all = await stack.data<Traced>(TRACE, undefined, key(ALL_KEY));
    expect(all.task.trace.instances[0]!.token).toBe('aabbc');
  });

  it('refuses sendBatchPush without push:send with FORBIDDEN and no push', async () => {
    const r = await stack.gql(SEND, undefined, key(STATS_KEY));
    expect(r.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'push:send' });
    expect(stack.emulator.calls).toHaveLength(0);
  });

  it('refuses statistics to a push-only client, also through the mutation payload', async () => {
    const q = await stack.gql(TRACE, undefined, key(PUSH_KEY));
    expect(q.errors![0]!.extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'stats:read' });
    expect(stack.emulator.calls).toHaveLength(0);
    const m = await stack.gql<Sent>(
      `mutation { sendBatchPush(input: { fromAccount: "a", toAccounts: ["u1"] }) { taskId task { id loss { total } } } }`,
      undefined,
      key(PUSH_KEY),
    );
    expect(m.data!.sendBatchPush.task).toEqual({ id: m.data!.sendBatchPush.taskId, loss: null });
    expect(m.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(stack.emulator.calls.map((c) => c.api)).toEqual(['batch']);
  });

  it('reads scopes from a JWT claim, as a string or an array', async () => {
    const traced = await stack.data<Traced>(TRACE, undefined, bearer({ sub: 'ana', scope: 'stats:read stats:tokens' }));
    expect(traced.task.trace.instances[0]!.token).toBe('aabbc');
    const sent = await stack.data<Sent>(SEND, undefined, bearer({ sub: 'ana', scope: ['push:send'] }));
    expect(sent.sendBatchPush.taskId).toMatch(/^batch_/);
    const none = await stack.gql(TRACE, undefined, bearer({ sub: 'ana' }));
    expect(none.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});

describe('upstream budget and request limits', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { GATEWAY_MAX_UPSTREAM_CALLS: '20', GATEWAY_MAX_BODY_BYTES: '50000' } });
  });
  afterAll(() => stack.close());
  afterEach(() => stack.emulator.reset());

  const users = (n: number, p = 'u') => Array.from({ length: n }, (_, i) => `${p}${i}`);

  it('refuses an operation estimated over the ceiling, naming the estimate and the limit, before any call', async () => {
    const r = await stack.gql(
      `query($a: [ID!]!, $b: [ID!]!) { task(id: "t") { x: traces(userIds: $a) { userId } y: traces(userIds: $b) { userId } } }`,
      {
        a: users(12, 'a'),
        b: users(12, 'b'),
      },
    );
    expect(r.errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      reason: 'COST_LIMIT',
      limit: 20,
      estimate: { calls: 24, byApi: { all_member_push_trace: 24 } },
    });
    expect(r.errors![0]!.message).toMatch(/about 24 upstream calls \(\d+ s of quota\); the limit is 20/);
    expect(stack.emulator.calls).toHaveLength(0);
  });

  it('counts repeated users once, as the loaders will', async () => {
    const r = await stack.gql(
      `query($a: [ID!]!) { task(id: "t") { x: traces(userIds: $a) { userId } y: traces(userIds: $a) { userId } } }`,
      { a: users(15) },
    );
    expect(r.errors).toBeUndefined();
    expect(stack.emulator.calls).toHaveLength(15);
  });

  it.each([
    [
      'too many aliases',
      `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: task(id: "t${i}") { loss { total } }`).join(' ')} }`,
      /aliases limit of 30/i,
    ],
    [
      'too many directives',
      `{ task(id: "t") ${'@include(if: true) '.repeat(25)} { loss { total } } }`,
      /directives limit of 20/i,
    ],
    ['too many tokens', `{ task(id: "t") { ${'id '.repeat(2100)} } }`, /token limit of 2000/i],
  ])('refuses a document with %s before any upstream call', async (_, query, message) => {
    const r = await stack.gql(query);
    expect(r.errors?.[0]?.message).toMatch(message);
    expect(stack.emulator.calls).toHaveLength(0);
  });

  it('refuses a nesting deeper than the limit', async () => {
    const deep = `{ task(id: "t") { trace(userId: "u") { instances { stages { stage } } } } }`;
    const limited = await startStack({ env: { GATEWAY_MAX_DEPTH: '3' } });
    try {
      const r = await limited.gql(deep);
      expect(r.errors![0]!.message).toMatch(/depth limit of 3/i);
      expect(limited.emulator.calls).toHaveLength(0);
    } finally {
      await limited.close();
    }
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await fetch(stack.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(60_000) } }),
    });
    expect(res.status).toBe(413);
    const body = (await res.json()) as GqlResult<unknown>;
    expect(body.errors![0]!.message).toMatch(/over 50000 bytes/);
  });

  it('refuses a body without a Content-Length (chunked) with 411: the limit is checked before any byte is read', async () => {
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request(stack.url, { method: 'POST', headers: { 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      // No length given: Node sends it chunked, as a client streaming an unbounded body would.
      req.write(JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(60_000) } }));
      req.end();
    });
    expect(status).toBe(411);
    expect(text).toMatch(/Content-Length header is required/);
    expect(stack.emulator.calls).toHaveLength(0);
  });
});

describe('production hardening', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack({ env: { NODE_ENV: 'production' } });
  });
  afterAll(() => stack.close());

  it('turns introspection and GraphiQL off, and field suggestions with them', async () => {
    const r = await stack.gql(`{ __schema { types { name } } }`);
    expect(r.errors?.[0]?.message).toMatch(/introspection/i);
    const page = await fetch(stack.url, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/graphiql/i);
    const typo = await stack.gql(`{ tsk(id: "a") { id } }`);
    expect(typo.errors![0]!.message).not.toMatch(/Did you mean/);
  });

  it('sends no CORS grant to a browser origin unless configured', async () => {
    const res = await fetch(stack.url, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('masks unexpected errors: no stack, no upstream address', async () => {
    stack.emulator.inject('normal_push_trace', { httpStatus: 500 });
    const { text } = await stack.gql(`{ push(id: "x") { traces { instanceId } } }`);
    expect(text).not.toMatch(/stack|127\.0\.0\.1|usersig|at .*\.ts/);
  });
});

describe('trusted documents', () => {
  it('with GATEWAY_PERSISTED_ONLY, runs the codegen documents by hash and refuses anything else', async () => {
    const stack = await startStack({ env: { GATEWAY_PERSISTED_ONLY: 'true' } });
    try {
      const arbitrary = await stack.gql(`{ task(id: "x") { id } }`);
      expect(arbitrary.errors![0]!.message).toMatch(/PersistedQueryOnly|persisted/i);
      const { default: store } = await import('../client/gql/persisted-documents.json', { with: { type: 'json' } });
      const hash = Object.entries(store as Record<string, string>).find(([, doc]) =>
        doc.startsWith('query PushTraces'),
      )![0];
      const res = await fetch(stack.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          variables: { pushId: 'xxx-yyy-zzz' },
          extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
        }),
      });
      const body = (await res.json()) as GqlResult<{ push: { id: string } }>;
      expect(body.errors).toBeUndefined();
      expect(body.data!.push.id).toBe('xxx-yyy-zzz');
    } finally {
      await stack.close();
    }
  });
});
