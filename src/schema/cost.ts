// What a field costs upstream, written on the field itself (its `extensions.upstream`): the intents it sends,
// as the API modules' keys. src/graphql/plugins/cost.ts walks an operation before execution and adds these up
// with each API's batch form, so a new upstream field states its cost where it is defined.
import type { GraphQLField, GraphQLNamedType, GraphQLSchema } from 'graphql';
import type { ReadApi, WriteApi } from '../upstream/apis/index.js';
import type { Window } from '../upstream/model.js';
import { decodeGlobalId, keyOfLocalId, type IdentityKey } from './identity.js';

/** One upstream question: a read's API module and key (what the scheduler queues), or one write call. */
export type Intent = { api: ReadApi<unknown, unknown>; key: unknown } | { api: WriteApi<unknown, unknown> };

export const read = <K>(api: ReadApi<K, unknown>, key: K): Intent => ({
  api: api as ReadApi<unknown, unknown>,
  key,
});
export const write = <I>(api: WriteApi<I, unknown>): Intent => ({ api: api as WriteApi<unknown, unknown> });

/** Arguments as the operation gives them, before the resolvers check them: inline literals or variables. */
export type RawArgs = Record<string, unknown>;

export interface FieldCost {
  /** The intents the field sends, for each parent it resolves on (`parents`: the ids its parent field returned). */
  intents?(args: RawArgs, parents: readonly string[], schema: GraphQLSchema): Intent[];
  /** The ids of what it returns, the parents its own fields resolve on (`Query.task`: its id). */
  returns?(args: RawArgs, parents: readonly string[]): string[];
}

/** What fetching a `Node` type by its id's key may call (for `Query.node`). */
export type NodeCost = (key: IdentityKey) => Intent[];

/** `extensions` of a field: `t.field({ …, extensions: upstreamCost({ intents: … }) })`. */
export const upstreamCost = (cost: FieldCost) => ({ upstream: cost });
/** `extensions` of a `builder.node` type. */
export const nodeCost = (cost: NodeCost) => ({ upstreamNode: cost });

export const costOf = (field: GraphQLField<unknown, unknown>): FieldCost | undefined =>
  field.extensions.upstream as FieldCost | undefined;
const nodeCostOf = (type: GraphQLNamedType | undefined): NodeCost | undefined =>
  type?.extensions.upstreamNode as NodeCost | undefined;

/** `Query.node(id)`: what the type its id names may load for it; a bad id fails before any call. */
export function nodeIntents(schema: GraphQLSchema, id: unknown): Intent[] {
  try {
    const { typename, id: localId } = decodeGlobalId(String(id));
    return nodeCostOf(schema.getType(typename))?.(keyOfLocalId(localId)) ?? [];
  } catch {
    return [];
  }
}

/** Every field without a range asks for the same default window; its exact bounds do not change the count. */
export const DEFAULT_WINDOW: Window = { from: new Date(0), to: new Date(0) };
/** Task.stats without a range asks for the last 30 days, another window than the loss default. */
export const DEFAULT_STATS_WINDOW: Window = { from: new Date(0), to: new Date(1000) };

/**
 * A range argument as a window: inline literals arrive parsed (Dates), variables as sent (ISO strings); either
 * way equal ranges must be the same window. Absent or unreadable: `fallback` (execution refuses a bad one).
 */
export function windowArg(v: unknown, fallback: Window = DEFAULT_WINDOW): Window {
  if (typeof v !== 'object' || v === null) return fallback;
  const { from, to } = v as { from?: unknown; to?: unknown };
  const date = (d: unknown) => (d instanceof Date ? d : typeof d === 'string' ? new Date(d) : new Date(NaN));
  const window = { from: date(from), to: date(to) };
  return Number.isNaN(window.from.getTime()) || Number.isNaN(window.to.getTime()) ? fallback : window;
}

/** A list argument's ids; anything else asks for nothing (execution refuses it). */
export const idsArg = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
