// Stable identities: an `id: ID!` for every type that stands for one thing, derived from what identifies it,
// so normalized caches (Apollo Client, urql Graphcache, Relay) keep one entry per thing.
//
// A global id is Relay's usual base64 of "Type:local id"; the local id is the JSON array of what identifies
// the thing: ["xxx-yyy-zzz","alice"] for a user's trace of a task, ["task","xxx-yyy-zzz",1741708800,1741795200]
// for a task's loss in a window. A type fetched by `Query.node` uses `nodeIdentity` in `builder.node`; a type
// only reached through its parent resolves `id: t.id({ resolve: (s) => globalIdOf('Type', key(s)) })`.
import { createHash } from 'node:crypto';
import { decodeBase64, encodeBase64 } from '@pothos/core';
import type { Window } from '../upstream/model.js';
import { badInput, requireId, toWindow } from './validate.js';

/** What identifies one thing, in order. */
export type IdentityKey = readonly (string | number | null)[];

const isKey = (value: unknown): value is IdentityKey =>
  Array.isArray(value) &&
  value.every(
    (part) => part === null || typeof part === 'string' || (typeof part === 'number' && Number.isFinite(part)),
  );

/** The local id of a thing, from its key. */
export const localIdOf = (key: IdentityKey): string => JSON.stringify(key);

/** The error for an id this gateway did not issue. */
export const notAnId = () => badInput('id is not an id this gateway issued', 'id');

/** The key back from a local id; anything else is a BAD_USER_INPUT on the `id` argument. */
export function keyOfLocalId(localId: string): IdentityKey {
  let key: unknown;
  try {
    key = JSON.parse(localId);
  } catch {
    key = undefined;
  }
  if (!isKey(key)) throw notAnId();
  return key;
}

export const globalIdOf = (typename: string, key: IdentityKey): string => encodeBase64(`${typename}:${localIdOf(key)}`);

/** Diagnoses and outcomes repeat in every answer: their ids are hashed once, not per field per request. */
const valueIds = new Map<string, string>();
const MAX_VALUE_IDS = 10_000;

/**
 * The id of a value that is the same wherever it appears (a diagnosis, a device's outcome): derived from its
 * content, so equal values share one cache entry and different ones never overwrite each other.
 */
export function valueIdOf(typename: string, value: unknown): string {
  const json = JSON.stringify(value);
  const content = `${typename}\0${json}`;
  let id = valueIds.get(content);
  if (id === undefined) {
    id = globalIdOf(typename, [createHash('sha256').update(json).digest('base64url').slice(0, 22)]);
    if (valueIds.size >= MAX_VALUE_IDS) valueIds.clear();
    valueIds.set(content, id);
  }
  return id;
}

/** A global id's type name and local id; what is not one is a BAD_USER_INPUT on the `id` argument. */
export function decodeGlobalId(globalId: string): { typename: string; id: string } {
  let decoded: string;
  try {
    decoded = decodeBase64(globalId);
  } catch {
    throw notAnId();
  }
  const colon = decoded.indexOf(':');
  const typename = decoded.slice(0, colon);
  if (colon < 1 || !/^[A-Z]\w*$/.test(typename)) throw notAnId();
  return { typename, id: decoded.slice(colon + 1) };
}

/** For `builder.node(Ref, { id: nodeIdentity((shape) => key), loadOne: (key, ctx) => … })`. */
export const nodeIdentity = <Shape>(key: (shape: Shape) => IdentityKey) => ({
  resolve: (shape: Shape) => localIdOf(key(shape)),
  parse: (localId: string) => keyOfLocalId(localId),
});

/** A window in a key: whole seconds since the epoch. */
export const windowKey = (window: Window): [number, number] => [
  Math.floor(window.from.getTime() / 1000),
  Math.floor(window.to.getTime() / 1000),
];

/** The window back from the two key parts, checked as any range argument is. */
export function windowOfKey(from: unknown, to: unknown): Window {
  if (typeof from !== 'number' || typeof to !== 'number') throw notAnId();
  return toWindow({ from: new Date(from * 1000), to: new Date(to * 1000) }, 'id');
}

/** An upstream id (TaskId, UserID, MsgID…) inside a key, checked as any id argument is. */
export function idPart(part: unknown): string {
  if (typeof part !== 'string') throw notAnId();
  return requireId(part, 'id');
}
