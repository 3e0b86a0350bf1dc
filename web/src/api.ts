// Talks to the gateway at /graphql with the generated typed documents: plain requests, @stream results as
// they grow, and subscriptions over Server-Sent Events; downloads its exports. A 401 asks the person to sign in,
// then retries.
import type { TypedDocumentString } from '../gql/graphql.js';
import { nextEvents, streamSnapshots } from '../../client/incremental.js';
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

/** Sends a request with the credential; a 401 asks the person to sign in, then sends it again. */
async function authorized(send: () => Promise<Response>): Promise<Response> {
  for (;;) {
    const res = await send();
    if (res.status !== 401) return res;
    const reason = await res
      .json()
      .then((r: { errors?: GqlError[] }) => r.errors?.[0]?.message)
      .catch(() => undefined);
    if (!(await signIn(reason ?? 'The gateway needs an API key or a JWT.')))
      throw new GatewayError([{ message: 'Not signed in.', extensions: { code: 'UNAUTHENTICATED' } }]);
  }
}

const post = (body: string, accept: string, signal?: AbortSignal): Promise<Response> =>
  authorized(() =>
    fetch(ENDPOINT, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept, ...authHeaders() },
      body,
      signal,
    }),
  );

/**
 * Downloads one of the gateway's exports and saves it under the name the gateway gives. A plain link cannot send
 * the credential, so the file is fetched with it and saved from memory.
 */
export async function download(path: string): Promise<void> {
  const res = await authorized(() => fetch(path, { headers: authHeaders() }));
  if (!res.ok) {
    const answer = (await res.json().catch(() => ({}))) as { errors?: GqlError[] };
    throw new GatewayError(answer.errors ?? [{ message: `The gateway answered ${res.status}.` }]);
  }
  const name = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = name ?? path.split('/').pop()!.split('?')[0]!;
  a.click();
  // Some browsers read the file after click() returns: let them before freeing it.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
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

/** The `next` payloads of a server-sent-event answer (none without a body). */
async function* payloads<T>(res: Response): AsyncGenerator<Payload<T>> {
  if (!res.body) return;
  for await (const data of nextEvents(res.body)) yield JSON.parse(data) as Payload<T>;
}

/** What the gateway answers in one piece, or in one server-sent `next` event of a subscription. */
interface Payload<T> {
  data?: T | null;
  errors?: GqlError[];
}

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
  let snapshot: Result<T> & { hasNext: boolean } = { data: null, errors: [], hasNext: true };
  if (res.body) {
    for await (const next of streamSnapshots<T>(res.body)) {
      snapshot = next;
      onSnapshot(snapshot);
    }
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
        for await (const payload of payloads<T>(res)) {
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
