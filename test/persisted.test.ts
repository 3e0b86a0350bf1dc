// Automatic persisted queries on the default server, spoken over plain HTTP (the clients' own links are in clients.test.ts).
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from './helpers.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack.close());

const QUERY = `query Apq { task(id: "apq-task") { id } }`;
const HASH = createHash('sha256').update(QUERY).digest('hex');
const persisted = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });

interface Answer {
  data?: unknown;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function post(body: object): Promise<{ status: number; body: Answer }> {
  const res = await fetch(stack.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer };
}

describe('automatic persisted queries', () => {
  it('answers PersistedQueryNotFound, then stores hash + query, then runs the hash alone', async () => {
    const unknown = await post({ extensions: persisted(HASH) });
    expect(unknown.body.errors?.[0]).toMatchObject({
      message: 'PersistedQueryNotFound',
      extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
    });
    const registered = await post({ query: QUERY, extensions: persisted(HASH) });
    expect(registered.body).toEqual({ data: { task: { id: 'apq-task' } } });
    const byHash = await post({ extensions: persisted(HASH) });
    expect(byHash.body).toEqual({ data: { task: { id: 'apq-task' } } });
  });

  it('refuses a query whose hash does not match it', async () => {
    const r = await post({ query: `{ task(id: "other") { id } }`, extensions: persisted(HASH) });
    expect(r.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_MISMATCH');
    expect(r.body.data).toBeUndefined();
  });

  it('still runs ordinary queries without the extension', async () => {
    expect((await stack.gql(`{ task(id: "plain") { id } }`)).data).toEqual({ task: { id: 'plain' } });
  });
});
