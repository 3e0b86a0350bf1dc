// A minimal typed client for the gateway: runs a generated document and yields its result as it grows, one
// snapshot per payload, so `@stream`ed list items and `@defer`red fragments arrive typed.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print, type GraphQLFormattedError } from 'graphql';

type Path = readonly (string | number)[];

/** One part of an incremental answer (server-sent event `next`), as graphql-yoga sends it. */
export interface IncrementalPart {
  /** Items of a `@stream`ed list, starting at the index that ends `path`. */
  items?: unknown[];
  /** Fields of a `@defer`red fragment, for the object at `path`. */
  data?: Record<string, unknown>;
  path: Path;
  errors?: GraphQLFormattedError[];
}

export interface Payload<TData> {
  data?: TData | null;
  incremental?: IncrementalPart[];
  errors?: GraphQLFormattedError[];
  hasNext?: boolean;
}

/** The result so far: the streamed lists hold the items received, deferred fields appear once received. */
export interface Snapshot<TData> {
  data: TData | null;
  errors: GraphQLFormattedError[];
  /** False on the last snapshot. */
  hasNext: boolean;
}

export interface ClientOptions {
  url: string;
  headers?: Record<string, string>;
}

function at(root: unknown, path: Path): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | null)?.[key], root);
}

/** Applies one part to the result in place. */
export function applyPart(result: unknown, part: IncrementalPart): void {
  if (part.items) {
    const list = at(result, part.path.slice(0, -1)) as unknown[];
    list.splice(Number(part.path.at(-1)), part.items.length, ...part.items);
  } else if (part.data) {
    Object.assign(at(result, part.path) as object, part.data);
  }
}

/**
 * The `data` of each `next` event of a server-sent-event body (graphql-sse's distinct-connections mode), until
 * `complete`. Read with a reader rather than async iteration, which not every browser gives a stream.
 */
export async function* nextEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
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
        if (/^event: ?next/m.test(event) && data) yield data;
        if (/^event: ?complete/m.test(event)) return;
      }
    }
  } finally {
    // A reader that stops early (break, complete) closes the connection rather than leave it open.
    void reader.cancel().catch(() => undefined);
  }
}

/** Runs `document`; yields one snapshot for a plain answer, one per payload for `@defer`/`@stream`. */
export async function* execute<TData, TVariables>(
  { url, headers = {} }: ClientOptions,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): AsyncGenerator<Snapshot<TData>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream, application/json', ...headers },
    body: JSON.stringify({ query: print(document), variables }),
  });
  if (!res.body) throw new Error(`${url} answered ${res.status} without a body`);
  if (!res.headers.get('content-type')?.startsWith('text/event-stream')) {
    const payload = (await res.json()) as Payload<TData>;
    yield { data: payload.data ?? null, errors: payload.errors ?? [], hasNext: false };
    return;
  }
  yield* streamSnapshots<TData>(res.body);
}

/**
 * The result so far of a server-sent-event answer, after each `next` payload: streamed items and deferred fields
 * applied, errors gathered. One snapshot object, updated and yielded again.
 */
export async function* streamSnapshots<TData>(body: ReadableStream<Uint8Array>): AsyncGenerator<Snapshot<TData>> {
  const snapshot: Snapshot<TData> = { data: null, errors: [], hasNext: true };
  for await (const text of nextEvents(body)) {
    const payload = JSON.parse(text) as Payload<TData>;
    if (payload.data !== undefined) snapshot.data = payload.data;
    snapshot.errors.push(...(payload.errors ?? []));
    for (const part of payload.incremental ?? []) {
      applyPart(snapshot.data, part);
      snapshot.errors.push(...(part.errors ?? []));
    }
    snapshot.hasNext = payload.hasNext === true;
    yield snapshot;
  }
}

/** Runs `document` to its end and returns the whole result. */
export async function request<TData, TVariables>(
  options: ClientOptions,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Promise<Snapshot<TData>> {
  let last: Snapshot<TData> | undefined;
  for await (const snapshot of execute(options, document, variables)) last = snapshot;
  if (!last) throw new Error('no answer');
  return last;
}
