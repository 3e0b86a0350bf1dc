// Real clients from npm against the gateway over HTTP: Apollo Client 3 and 4, urql (with Graphcache).
import { createHash } from 'node:crypto';
import {
  ApolloClient as Apollo3,
  HttpLink as HttpLink3,
  InMemoryCache as Cache3,
  type ApolloLink as ApolloLink3,
} from 'apollo-client-3/core';
import { createPersistedQueryLink } from 'apollo-client-3/link/persisted-queries';
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client';
import { Defer20220824Handler } from '@apollo/client/incremental';
import { Client, cacheExchange, fetchExchange, type OperationResult } from '@urql/core';
import { cacheExchange as graphcache } from '@urql/exchange-graphcache';
import { persistedExchange } from '@urql/exchange-persisted';
import { parse, type DocumentNode } from 'graphql';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  LossOverviewDocument,
  TaskOverviewDocument,
  TaskTracesStreamDocument,
  TasksLossDocument,
  type TaskOverviewQuery,
} from '../client/gql/graphql.js';
import { range, startStack, type Stack } from './helpers.js';

const RANGE = range('2025-03-12T00:00:00+08:00', '2025-03-13T00:00:00+08:00');
const OVERVIEW_VARS = { taskId: 'xxx-yyy-zzz', userIds: ['xyz', 'alice'], range: RANGE };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
/** The hash codegen embedded in its document (client preset, persistedDocuments). */
const codegenHash = (document: DocumentNode): string => (document as { __meta__?: { hash?: string } }).__meta__!.hash!;

/** The same task through a smaller selection: the normalized cache must merge it, not replace. */
const OVERLAP = parse(/* GraphQL */ `
  query Overlap($taskId: ID!, $userIds: [ID!]!, $range: TimeRange) {
    task(id: $taskId) {
      id
      loss(range: $range) {
        id
        total
        byPlatform {
          id
          count
        }
      }
      traces(userIds: $userIds) {
        id
        userId
        instances {
          id
          platform
          stages {
            id
            stage
          }
        }
      }
    }
  }
`);

interface Exchange {
  body: { query?: string; extensions?: { persistedQuery?: { sha256Hash: string } } };
  contentType: string | null;
}

/** A fetch that records what the client sent and what kind of answer came back. */
function recordingFetch(): { fetch: typeof fetch; seen: Exchange[] } {
  const seen: Exchange[] = [];
  return {
    seen,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      seen.push({
        body: JSON.parse(typeof init?.body === 'string' ? init.body : '{}') as Exchange['body'],
        contentType: response.headers.get('content-type'),
      });
      return response;
    },
  };
}

function completeTaskOverview(data: TaskOverviewQuery | undefined | null): void {
  expect(data?.task.loss?.readyToSend.length).toBeGreaterThan(0);
  expect(data?.task.loss?.total).toBeGreaterThan(0);
  expect(data?.task.traces).toHaveLength(2);
  for (const trace of data!.task.traces!) {
    expect(trace!.instances.length).toBeGreaterThan(0);
    expect(trace!.instances[0]!.stages[0]!.stage).toBeTypeOf('string');
  }
}

/** Results of an urql operation until its last incremental payload. */
function untilLast<T>(source: { subscribe(cb: (r: OperationResult<T>) => void): { unsubscribe(): void } }) {
  return new Promise<OperationResult<T>[]>((resolve) => {
    const results: OperationResult<T>[] = [];
    const sub = source.subscribe((r) => {
      results.push(r);
      if (!r.hasNext) {
        setTimeout(() => sub.unsubscribe());
        resolve(results);
      }
    });
  });
}

let stack: Stack;
let persistedOnly: Stack;
beforeAll(async () => {
  [stack, persistedOnly] = await Promise.all([startStack(), startStack({ env: { GATEWAY_PERSISTED_ONLY: 'true' } })]);
});
afterAll(async () => {
  await Promise.all([stack.close(), persistedOnly.close()]);
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('Apollo Client 3', () => {
  const client = (link: ApolloLink3 = new HttpLink3({ uri: stack.url })) => new Apollo3({ link, cache: new Cache3() });

  it('runs a query into complete, typed data', async () => {
    const { data, errors } = await client().query({ query: TaskOverviewDocument, variables: OVERVIEW_VARS });
    expect(errors).toBeUndefined();
    completeTaskOverview(data);
  });

  it('reads @defer from a multipart answer', async () => {
    const recorder = recordingFetch();
    const c = client(new HttpLink3({ uri: stack.url, fetch: recorder.fetch }));
    const results = await new Promise<unknown[]>((resolve, reject) => {
      const seen: { data?: { overallTaskLoss?: unknown } }[] = [];
      const sub = c.watchQuery({ query: LossOverviewDocument, variables: { range: RANGE } }).subscribe({
        next: (r) => {
          seen.push(r);
          if (r.data?.overallTaskLoss) {
            sub.unsubscribe();
            resolve(seen);
          }
        },
        error: reject,
      });
    });
    expect(recorder.seen[0]!.contentType).toMatch(/^multipart\/mixed/);
    expect(results.at(-1)).toMatchObject({
      data: {
        pushLoss: { total: expect.any(Number) as number },
        overallTaskLoss: { total: expect.any(Number) as number },
      },
    });
  });

  it('speaks APQ with the default server: not found, then hash + query, then the hash alone', async () => {
    const recorder = recordingFetch();
    const link = createPersistedQueryLink({ sha256 }).concat(new HttpLink3({ uri: stack.url, fetch: recorder.fetch }));
    const c = client(link);
    const variables = { ids: ['apq-a', 'apq-b'], range: RANGE };
    for (let i = 0; i < 2; i++) {
      const { data } = await c.query({ query: TasksLossDocument, variables, fetchPolicy: 'network-only' });
      expect(data.tasks.map((t) => t.id)).toEqual(['apq-a', 'apq-b']);
    }
    expect(recorder.seen.map((e) => [e.body.query !== undefined, !!e.body.extensions?.persistedQuery])).toEqual([
      [false, true],
      [true, true],
      [false, true],
    ]);
  });

  it('runs codegen documents on a persisted-only gateway, fragments complete', async () => {
    const recorder = recordingFetch();
    const link = createPersistedQueryLink({ generateHash: codegenHash }).concat(
      new HttpLink3({ uri: persistedOnly.url, fetch: recorder.fetch }),
    );
    const { data, errors } = await client(link).query({ query: TaskOverviewDocument, variables: OVERVIEW_VARS });
    expect(errors).toBeUndefined();
    completeTaskOverview(data);
    expect(recorder.seen.every((e) => e.body.query === undefined)).toBe(true);
  });

  it('keeps two overlapping queries complete in its normalized cache, without data-loss warnings', async () => {
    const warn = vi.spyOn(console, 'warn');
    const c = client();
    await c.query({ query: TaskOverviewDocument, variables: OVERVIEW_VARS });
    await c.query({ query: OVERLAP, variables: OVERVIEW_VARS, fetchPolicy: 'network-only' });
    const diff = c.cache.diff<TaskOverviewQuery>({
      query: TaskOverviewDocument,
      variables: OVERVIEW_VARS,
      optimistic: false,
    });
    expect(diff.complete).toBe(true);
    completeTaskOverview(diff.result);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('partial results', () => {
  const PARTIAL = parse(/* GraphQL */ `
    query Partial {
      task(id: "partial") {
        id
        failing: trace(userId: "p1") {
          id
          userId
        }
        fine: trace(userId: "p2") {
          id
          userId
        }
      }
    }
  `);
  type Partial = { task: { id: string; failing: unknown; fine: { userId: string } | null } };

  it("keep the siblings of a failed field with Apollo's errorPolicy 'all'", async () => {
    stack.emulator.inject('all_member_push_trace', { errorCode: 90103, errorInfo: 'switch account failed' });
    const c = new Apollo3({ link: new HttpLink3({ uri: stack.url }), cache: new Cache3() });
    const r = await c.query<Partial>({ query: PARTIAL, errorPolicy: 'all' });
    expect(r.data.task.failing).toBeNull();
    expect(r.data.task.fine?.userId).toBe('p2');
    expect(r.errors?.[0]?.extensions?.code).toBe('UPSTREAM_ERROR');
  });

  it('keep them in urql by default, the error beside the data', async () => {
    stack.emulator.inject('all_member_push_trace', { errorCode: 90103, errorInfo: 'switch account failed' });
    const c = new Client({ url: stack.url, exchanges: [fetchExchange], preferGetMethod: false });
    const r = await c.query<Partial>(PARTIAL.loc!.source.body.replace('partial', 'partial-urql'), {}).toPromise();
    expect(r.data?.task.failing).toBeNull();
    expect(r.data?.task.fine?.userId).toBe('p2');
    expect(r.error?.graphQLErrors[0]?.extensions.code).toBe('UPSTREAM_ERROR');
  });
});

describe('Apollo Client 4', () => {
  it('reads @stream with the Defer20220824Handler, every user in the end', async () => {
    const recorder = recordingFetch();
    const client = new ApolloClient({
      link: new HttpLink({ uri: stack.url, fetch: recorder.fetch }),
      cache: new InMemoryCache(),
      incrementalHandler: new Defer20220824Handler(),
    });
    const userIds = ['s1', 's2', 's3'];
    const last = await new Promise<{ data?: unknown }>((resolve, reject) => {
      const sub = client
        .watchQuery({ query: TaskTracesStreamDocument, variables: { taskId: 'stream-task', userIds } })
        .subscribe({
          next: (r) => {
            const traces = (r.data as { task?: { traces?: unknown[] } } | undefined)?.task?.traces;
            if (traces?.length === userIds.length && !r.loading) {
              sub.unsubscribe();
              resolve(r);
            }
          },
          error: reject,
        });
    });
    expect(recorder.seen[0]!.contentType).toMatch(/^multipart\/mixed/);
    const traces = (last.data as { task: { traces: { userId: string; instances: unknown[] }[] } }).task.traces;
    expect(traces.map((t) => t.userId)).toEqual(userIds);
    expect(traces.every((t) => t.instances.length > 0)).toBe(true);
  });
});

describe('urql', () => {
  const client = (exchanges = [cacheExchange, fetchExchange], url = stack.url, f: typeof fetch = fetch) =>
    new Client({ url, exchanges, fetch: f, preferGetMethod: false });

  it('runs a query into complete data', async () => {
    const { data, error } = await client().query(TaskOverviewDocument, OVERVIEW_VARS).toPromise();
    expect(error).toBeUndefined();
    completeTaskOverview(data);
  });

  it('reads @defer and @stream incrementally', async () => {
    const deferred = await untilLast(client().query(LossOverviewDocument, { range: RANGE }));
    expect(deferred.length).toBeGreaterThan(1);
    expect(deferred[0]!.data?.overallTaskLoss).toBeUndefined();
    expect(deferred.at(-1)!.data?.overallTaskLoss?.total).toBeTypeOf('number');

    const userIds = ['u1', 'u2', 'u3'];
    const streamed = await untilLast(client().query(TaskTracesStreamDocument, { taskId: 'urql-stream', userIds }));
    expect(streamed.length).toBeGreaterThan(1);
    expect(streamed.at(-1)!.data?.task.traces?.map((t) => t?.userId)).toEqual(userIds);
  });

  it('speaks APQ with the default server through persistedExchange', async () => {
    const recorder = recordingFetch();
    const c = client(
      [cacheExchange, persistedExchange({ preferGetForPersistedQueries: false }), fetchExchange],
      stack.url,
      recorder.fetch,
    );
    const variables = { ids: ['urql-apq'], range: RANGE };
    for (let i = 0; i < 2; i++) {
      const { data, error } = await c
        .query(TasksLossDocument, variables, { requestPolicy: 'network-only' })
        .toPromise();
      expect(error).toBeUndefined();
      expect(data?.tasks[0]?.id).toBe('urql-apq');
    }
    expect(recorder.seen.map((e) => [e.body.query !== undefined, !!e.body.extensions?.persistedQuery])).toEqual([
      [false, true],
      [true, true],
      [false, true],
    ]);
  });

  it('runs codegen documents on a persisted-only gateway', async () => {
    const recorder = recordingFetch();
    const c = client(
      [
        cacheExchange,
        persistedExchange({
          enforcePersistedQueries: true,
          preferGetForPersistedQueries: false,
          generateHash: (_, document) => Promise.resolve(codegenHash(document)),
        }),
        fetchExchange,
      ],
      persistedOnly.url,
      recorder.fetch,
    );
    const { data, error } = await c.query(TaskOverviewDocument, OVERVIEW_VARS).toPromise();
    expect(error).toBeUndefined();
    completeTaskOverview(data);
    expect(recorder.seen.every((e) => e.body.query === undefined)).toBe(true);
  });

  it('keeps two overlapping queries complete in Graphcache, with no keys configured', async () => {
    const warn = vi.spyOn(console, 'warn');
    const c = client([graphcache({}), fetchExchange]);
    await c.query(TaskOverviewDocument, OVERVIEW_VARS).toPromise();
    await c.query(OVERLAP, OVERVIEW_VARS, { requestPolicy: 'network-only' }).toPromise();
    const cached = await c.query(TaskOverviewDocument, OVERVIEW_VARS, { requestPolicy: 'cache-only' }).toPromise();
    expect(cached.stale).toBe(false);
    completeTaskOverview(cached.data);
    expect(warn).not.toHaveBeenCalled();
  });
});
