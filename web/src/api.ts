// Talks to the gateway at /graphql with the generated typed documents: plain requests, @stream results as
// they grow, and subscriptions over Server-Sent Events. A 401 asks the person to sign in, then retries.
import type { TypedDocumentString } from '../gql/graphql.js';
import { authHeaders, signIn } from './auth.js';

export interface GqlError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface Result<T> {
  data: T | null;
  errors: GqlError[];
}

/** A whole operation failed: no data came back. */
export class GatewayError extends Error {
  constructor(readonly errors: GqlError[]) {
    super(errors.map((e) => e.message).join('; ') || 'The gateway gave no answer.');
  }
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
}

const ENDPOINT = '/graphql';

async function post(body: string, accept: string, signal?: AbortSignal): Promise<Response> {
  for (;;) {
    const res = await fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept, ...authHeaders() },
      body,
      signal,
    });
    if (res.status !== 401) return res;
    const reason = await res
      .json()
      .then((r: { errors?: GqlError[] }) => r.errors?.[0]?.message)
      .catch(() => undefined);
    if (!(await signIn(reason ?? 'The gateway needs an API key or a JWT.')))
      throw new GatewayError([{ message: 'Not signed in.', extensions: { code: 'UNAUTHENTICATED' } }]);
  }
}

/**
 * A gateway that runs trusted documents only (GATEWAY_PERSISTED_ONLY=true) refuses a query's text; the dashboard's
 * documents are among those it trusts, so then each is sent by its hash instead. Known once per page load.
 */
let trusted: Promise<boolean> | undefined;

const REFUSED_TEXT = 'CANNOT_SEND_PQ_ID_AND_BODY';

/** Whether the gateway takes trusted documents only; asked with the smallest query when nothing has told yet. */
function trustedOnly(): Promise<boolean> {
  trusted ??= post(JSON.stringify({ query: '{ __typename }' }), 'application/json')
    .then((res) => res.json() as Promise<{ errors?: GqlError[] }>)
    .then((answer) => answer.errors?.[0]?.extensions?.code === REFUSED_TEXT)
    .catch(() => {
      trusted = undefined;
      return false;
    });
  return trusted;
}

type Document = { toString(): string; __meta__?: Record<string, unknown> };

const bodyOf = (document: Document, variables: unknown, byHash: boolean): string => {
  const meta = document.__meta__?.hash;
  const hash = typeof meta === 'string' ? meta.replace(/^sha256:/, '') : '';
  return JSON.stringify(
    byHash && hash
      ? { variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }
      : { query: document.toString(), variables },
  );
};

/**
 * Posts an operation. A streamed answer cannot be taken back, so before one the gateway's mode is known first; a
 * plain one is sent as text and, if the gateway refuses text, once more by its hash.
 */
async function postOperation(document: Document, variables: unknown, accept: string, signal?: AbortSignal) {
  const streamed = accept.startsWith('text/event-stream');
  const byHash = streamed || trusted ? await trustedOnly() : false;
  const res = await post(bodyOf(document, variables, byHash), accept, signal);
  if (byHash || streamed || !res.headers.get('content-type')?.includes('json')) return res;
  const answer = (await res.clone().json()) as { errors?: GqlError[] };
  if (answer.errors?.[0]?.extensions?.code !== REFUSED_TEXT) {
    trusted ??= Promise.resolve(false);
    return res;
  }
  trusted = Promise.resolve(true);
  return post(bodyOf(document, variables, true), accept, signal);
}

/** Runs a query or mutation; partial results come back with their errors beside the data. */
export async function request<T, V>(document: TypedDocumentString<T, V>, variables: V): Promise<Result<T>> {
  const res = await postOperation(document, variables, 'application/graphql-response+json, application/json');
  const answer = (await res.json().catch(() => ({ errors: [{ message: `The gateway answered ${res.status}.` }] }))) as {
    data?: T | null;
    errors?: GqlError[];
  };
  const errors = answer.errors ?? [];
  if (answer.data == null) throw new GatewayError(errors.length ? errors : [{ message: `HTTP ${res.status}` }]);
  return { data: answer.data, errors };
}

/** Server-sent events' `next` payloads, as yoga writes them. */
async function* nextEvents(res: Response): AsyncGenerator<unknown> {
  if (!res.body) return;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5))
        .join('\n');
      if (/^event: ?next/m.test(event) && data) yield JSON.parse(data);
      if (/^event: ?complete/m.test(event)) return;
    }
  }
}

interface Part {
  items?: unknown[];
  data?: Record<string, unknown>;
  path: (string | number)[];
  errors?: GqlError[];
}
interface Payload<T> {
  data?: T | null;
  errors?: GqlError[];
  incremental?: Part[];
  hasNext?: boolean;
}

const at = (root: unknown, path: (string | number)[]): unknown =>
  path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | null)?.[key], root);

/**
 * Runs a query with @stream or @defer and calls `onSnapshot` with the result so far after each payload: streamed
 * lists hold the items received. Resolves with the last snapshot.
 */
export async function stream<T, V>(
  document: TypedDocumentString<T, V>,
  variables: V,
  onSnapshot: (snapshot: Result<T> & { hasNext: boolean }) => void,
  signal?: AbortSignal,
): Promise<Result<T>> {
  const res = await postOperation(document, variables, 'text/event-stream', signal);
  if (!res.headers.get('content-type')?.startsWith('text/event-stream')) {
    const answer = (await res.json()) as Payload<T>;
    const result = { data: answer.data ?? null, errors: answer.errors ?? [] };
    if (!result.data) throw new GatewayError(result.errors);
    onSnapshot({ ...result, hasNext: false });
    return result;
  }
  const snapshot: Result<T> & { hasNext: boolean } = { data: null, errors: [], hasNext: true };
  for await (const event of nextEvents(res)) {
    const payload = event as Payload<T>;
    if (payload.data !== undefined) snapshot.data = payload.data;
    snapshot.errors.push(...(payload.errors ?? []));
    for (const part of payload.incremental ?? []) {
      if (part.items) {
        const list = at(snapshot.data, part.path.slice(0, -1)) as unknown[];
        list.splice(Number(part.path.at(-1)), part.items.length, ...part.items);
      } else if (part.data) {
        Object.assign(at(snapshot.data, part.path) as object, part.data);
      }
      snapshot.errors.push(...(part.errors ?? []));
    }
    snapshot.hasNext = payload.hasNext === true;
    onSnapshot(snapshot);
  }
  if (!snapshot.data) throw new GatewayError(snapshot.errors.length ? snapshot.errors : [{ message: 'No answer.' }]);
  return snapshot;
}

/**
 * Subscribes over Server-Sent Events; `onNext` gets each result. The connection is made again after a drop,
 * until the returned function is called.
 */
export function subscribe<T, V>(
  document: TypedDocumentString<T, V>,
  variables: V,
  onNext: (result: Result<T>) => void,
  onTrouble: (error: unknown) => void,
): () => void {
  const abort = new AbortController();
  void (async () => {
    while (!abort.signal.aborted) {
      try {
        const res = await postOperation(document, variables, 'text/event-stream', abort.signal);
        if (!res.headers.get('content-type')?.startsWith('text/event-stream')) {
          const answer = (await res.json()) as Payload<T>;
          throw new GatewayError(answer.errors ?? [{ message: `HTTP ${res.status}` }]);
        }
        for await (const event of nextEvents(res)) {
          const payload = event as Payload<T>;
          onNext({ data: payload.data ?? null, errors: payload.errors ?? [] });
        }
      } catch (error) {
        if (abort.signal.aborted) return;
        onTrouble(error);
        if (error instanceof GatewayError) return; // refused: trying again would be refused again
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  })();
  return () => abort.abort();
}
