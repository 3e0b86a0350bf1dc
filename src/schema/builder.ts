// The Pothos builder: the request context, the scalars and the enums every domain module shares.
import SchemaBuilder from '@pothos/core';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { DateTimeISOResolver } from 'graphql-scalars';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import type { Principal } from '../graphql/plugins/auth.js';
import { SCOPE_NAMES } from '../config.js';
import { ErrorCode } from '../graphql/errors.js';
import type { Loaders } from '../loaders/index.js';
import type { PushApi } from '../upstream/index.js';
import { EVENT_TYPES, LOSS_STAGES, PLATFORMS, PUSH_STATUSES, TRACE_STAGES, type Window } from '../upstream/model.js';
import { LIMITS, isUInt32 } from '../upstream/wire.js';
import type { Idempotency } from '../idempotency/index.js';
import type { Live } from '../events/index.js';
import type { History } from '../history/index.js';
import type { Recipients } from '../recipients/index.js';
import type { Alerts } from '../alerts/index.js';
import type { Warning } from '../graphql/plugins/warnings.js';
import { decodeGlobalId } from './identity.js';
import { nodeIntents, upstreamCost } from './cost.js';

/** What the server builds for each request. */
export interface RequestContext {
  loaders: Loaders;
  api: PushApi;
  /** Task.loss without a range: the last 7 days ending on a DEFAULT_WINDOW_STEP_SECONDS step, fixed once per request. */
  defaultWindow: Window;
  /** Ids accepted in one list argument. */
  maxIds: number;
  idempotency: Idempotency;
  /** Push events from the callbacks: live counters and subscriptions. */
  live: Live;
  /** Daily records; undefined with HISTORY_ENABLED=false. */
  history: History | undefined;
  /** Every recipient's outcome from the callbacks; undefined with HISTORY_ENABLED=false. */
  recipients: Recipients | undefined;
  /** Alert rules and their alerts; undefined with HISTORY_ENABLED=false. */
  alerts: Alerts | undefined;
  /** What this request did that works, but not as the caller may expect: answered in extensions.warnings. */
  warnings: Warning[];
}

export interface Context extends RequestContext {
  /** Who is calling, added by the auth plugins (src/graphql/plugins/auth.ts) before execution. */
  principal: Principal;
}

type AuthScopes = Record<keyof typeof SCOPE_NAMES, boolean>;

/** The first scope a scope-auth failure names, however deep in any/all groups. */
function missingScope(failure: unknown): string | undefined {
  if (typeof failure !== 'object' || failure === null) return undefined;
  const f = failure as { scope?: string; failures?: unknown[] };
  if (f.scope && f.scope in SCOPE_NAMES) return SCOPE_NAMES[f.scope as keyof typeof SCOPE_NAMES];
  return f.failures?.map(missingScope).find(Boolean);
}

export const builder = new SchemaBuilder<{
  Context: Context;
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    Date: { Input: string; Output: string };
    UInt32: { Input: number; Output: number };
    ID: { Input: string; Output: string };
  };
  DefaultFieldNullability: false;
  AuthScopes: AuthScopes;
}>({
  defaultFieldNullability: false,
  plugins: [ScopeAuthPlugin, RelayPlugin],
  relay: {
    // Relay's refetch field; `nodes` is left out: one id per request is what a client refetches.
    nodeQueryOptions: {
      description: 'The thing with this global id (Relay refetching); null if there is none.',
      // What the type its id names may load for it (each node type's `nodeCost`).
      extensions: upstreamCost({ intents: (args, _, schema) => nodeIntents(schema, args.id) }),
    },
    nodesQueryOptions: false,
    decodeGlobalID: (globalId) => decodeGlobalId(globalId),
  },
  scopeAuth: {
    // A subscription is refused when it starts, not at its first event.
    authorizeOnSubscribe: true,
    authScopes: ({ principal }) =>
      Object.fromEntries(
        Object.entries(SCOPE_NAMES).map(([name, scope]) => [name, principal.scopes.has(scope)]),
      ) as AuthScopes,
    // Checked before the resolver runs, so a refused field never calls the upstream.
    unauthorizedError: (_parent, _context, info, result) => {
      const scope = missingScope(result.failure) ?? 'another';
      return new GraphQLError(`Not allowed: ${info.parentType.name}.${info.fieldName} needs the ${scope} scope.`, {
        extensions: { code: ErrorCode.FORBIDDEN, scope },
      });
    },
  },
});

// Serialized to the ISO string during execution (DateTimeISO), not left a Date for JSON.stringify: a Date in the
// answer costs V8's stringifier its fast path (toJSON is called per Date); TaskOverview's answer took twice as
// long to stringify with its 21 Dates. The bytes are the same.
// Each Date's string is kept with it (the model's Dates are never changed once decoded): answers built from the
// same cached upstream answer share its Dates, and toISOString costs about 1 µs each.
const isoStrings = new WeakMap<Date, string>();
function serializeDateTime(value: unknown): string {
  if (!(value instanceof Date)) return DateTimeISOResolver.serialize(value);
  let iso = isoStrings.get(value);
  if (iso === undefined) isoStrings.set(value, (iso = DateTimeISOResolver.serialize(value)));
  return iso;
}
const DateTime = new GraphQLScalarType({ ...DateTimeISOResolver.toConfig(), serialize: serializeDateTime });
builder.addScalarType('DateTime', DateTime, {
  description:
    'An ISO-8601 date-time with an offset, e.g. 2025-03-13T16:16:29+08:00; answered in UTC. The upstream\'s "2025-03-13 16:16:29" times are read in its zone (UTC+08:00 unless configured).',
});

const calendarDay = (value: unknown): string => {
  if (
    typeof value !== 'string' ||
    !DAY.test(value) ||
    new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value
  ) {
    throw new GraphQLError('Date must be a calendar day such as 2025-03-13', {
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  }
  return value;
};
const DAY = /^\d{4}-\d{2}-\d{2}$/;
builder.scalarType('Date', {
  description:
    "A calendar day, YYYY-MM-DD, in the upstream's zone (TIM_UTC_OFFSET, UTC+08:00 unless configured), as the upstream counts days.",
  // Answered days come from the database's date columns, valid days by construction: only their shape is checked
  // (a year of 50 tasks answers 18,250 of them).
  serialize: (v) => (typeof v === 'string' && DAY.test(v) ? v : calendarDay(v)),
  parseValue: (v) => calendarDay(v),
  parseLiteral: (ast) => calendarDay(ast.kind === Kind.STRING ? ast.value : undefined),
});

const uint32 = (value: unknown): number => {
  if (!isUInt32(value)) {
    throw new GraphQLError(`UInt32 must be an integer from 0 to ${LIMITS.maxUInt32}`, {
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  }
  return value;
};
builder.scalarType('UInt32', {
  description: 'An unsigned 32-bit integer, 0 to 4294967295.',
  serialize: (v) => uint32(v),
  parseValue: (v) => uint32(v),
  parseLiteral: (ast) => uint32(ast.kind === Kind.INT ? Number(ast.value) : NaN),
});

export const PushPlatform = builder.enumType('PushPlatform', {
  description: 'The vendor channel of a push (wire values 0 to 8).',
  values: PLATFORMS,
});
export const PushEventType = builder.enumType('PushEventType', {
  description: 'OFFLINE: through a vendor channel; ONLINE: over the IM connection.',
  values: EVENT_TYPES,
});
export const PushStatus = builder.enumType('PushStatus', { values: PUSH_STATUSES });
export const TraceStage = builder.enumType('TraceStage', {
  description: 'Stages of one push to one device, in funnel order.',
  values: TRACE_STAGES,
});
export const LossStage = builder.enumType('LossStage', {
  description: 'READY_TO_SEND: lost before handing to the vendor; POST_SEND_DELIVERED: lost between vendor and device.',
  values: LOSS_STAGES,
});

builder.queryType({ authScopes: { statsRead: true } });
builder.mutationType({ authScopes: { pushSend: true } });
