// The upstream cost of an operation, estimated before execution: which intents (API + key) its fields will
// send to the scheduler, and how many calls each API's batch form needs for them (apis/*: ⌈K/5⌉ loss or
// statistics calls per window, one call per distinct trace key, …; one per push and revoke; for `node(id)` the one
// call its id may need). An upper bound:
// intents shared with other requests, or already cached, cost less.
import {
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isObjectType,
  type DocumentNode,
  type ExecutionArgs,
  type FragmentDefinitionNode,
  type GraphQLObjectType,
  type GraphQLSchema,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from './errors.js';
import { decodeGlobalId, keyOfLocalId, windowOfKey, type IdentityKey } from './schema/identity.js';
import {
  API_DESCRIPTIONS,
  APIS,
  callsFor,
  type Api,
  type TaskLossKey,
  type TaskStatsKey,
  type TaskTraceKey,
} from './upstream/apis/index.js';
import type { Window } from './upstream/model.js';

export interface CostEstimate {
  calls: number;
  byApi: Record<Api, number>;
  /** Seconds of quota the calls need, APIs in parallel. */
  quotaSeconds: number;
}

type Variables = Record<string, unknown>;
type Args = Record<string, unknown>;

/** Every field without a range asks for the same default window; its exact bounds do not change the count. */
const DEFAULT_WINDOW: Window = { from: new Date(0), to: new Date(0) };
/** Task.stats without a range asks for the last 30 days, another window than the loss default. */
const DEFAULT_STATS_WINDOW: Window = { from: new Date(0), to: new Date(1000) };
/**
 * A range argument as a window: inline literals and coerced variables arrive parsed (Dates), raw ones as ISO strings; either
 * way equal ranges must be the same window. Anything else is left to execution to refuse.
 */
function rangeOf(v: unknown): Window | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const { from, to } = v as { from?: unknown; to?: unknown };
  const date = (d: unknown) => (d instanceof Date ? d : typeof d === 'string' ? new Date(d) : new Date(NaN));
  const window = { from: date(from), to: date(to) };
  return Number.isNaN(window.from.getTime()) || Number.isNaN(window.to.getTime()) ? undefined : window;
}

/** Beyond this many selections walked (fragments spread many times over), the estimate gives up as "too big". */
const MAX_WALK = 20_000;

const noCalls = (): Record<Api, number> => Object.fromEntries(APIS.map((api) => [api, 0])) as Record<Api, number>;

export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Variables,
  rates: Record<Api, number>,
): CostEstimate {
  const operation = getOperationAST(document, operationName);
  // The variables as execution will see them: coerced, with the operation's defaults filled in. Raw ones would
  // miss defaults (a `$taskId: ID! = "…"` left out of the request) and make every argument read throw; if they
  // do not coerce, execution refuses the operation before any upstream call.
  if (operation) {
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 1 });
    if (coerced.errors) return { calls: 0, byApi: noCalls(), quotaSeconds: 0 };
    variables = coerced.coerced;
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const taskLoss: TaskLossKey[] = [];
  const taskTraces: TaskTraceKey[] = [];
  const pushTraces: string[] = [];
  const pushLoss: Window[] = [];
  const taskStats: TaskStatsKey[] = [];
  const pushStats: Window[] = [];
  let batch = 0;
  let revoke = 0;
  let walked = 0;

  const included = (node: SelectionNode) =>
    getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
  const windowOf = (args: Args): Window => rangeOf(args.range) ?? DEFAULT_WINDOW;
  /** What `Query.node` may load for an id (at most one upstream call); a bad id fails before any call. */
  function countNode(id: unknown): void {
    let typename: string;
    let key: IdentityKey;
    let window: Window | undefined;
    try {
      const decoded = decodeGlobalId(String(id));
      typename = decoded.typename;
      key = keyOfLocalId(decoded.id);
      if (typename === 'LossReport') window = windowOfKey(key[2], key[3]);
    } catch {
      return;
    }
    const [a, b, c] = key.map(String);
    if (typename === 'UserTrace') taskTraces.push({ taskId: a!, userId: b! });
    else if (typename === 'InstanceTrace' && a === 'task') taskTraces.push({ taskId: b!, userId: c! });
    else if (typename === 'InstanceTrace') pushTraces.push(b!);
    else if (window && a === 'task') taskLoss.push({ window, taskId: b! });
    else if (window && a === 'pushes') pushLoss.push(window);
    else if (window) taskLoss.push({ window, taskId: null });
  }
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);

  function walk(set: SelectionSetNode, type: GraphQLObjectType, ids: string[]): void {
    for (const node of set.selections) {
      if (++walked > MAX_WALK) return;
      if (!included(node)) continue;
      if (node.kind === Kind.INLINE_FRAGMENT) {
        const on = node.typeCondition ? schema.getType(node.typeCondition.name.value) : type;
        if (isObjectType(on)) walk(node.selectionSet, on, ids);
        continue;
      }
      if (node.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(node.name.value);
        const on = fragment && schema.getType(fragment.typeCondition.name.value);
        if (fragment && isObjectType(on)) walk(fragment.selectionSet, on, ids);
        continue;
      }
      const field = type.getFields()[node.name.value];
      if (!field) continue;
      let args: Args = {};
      try {
        args = getArgumentValues(field, node, variables);
      } catch {
        // Invalid arguments fail at execution, before any upstream call.
      }
      let childIds = ids;
      switch (`${type.name}.${field.name}`) {
        case 'Query.task':
        case 'Query.push':
          childIds = [String(args.id)];
          break;
        case 'Query.tasks':
          childIds = list(args.ids);
          break;
        case 'Query.pushLoss':
          pushLoss.push(windowOf(args));
          break;
        case 'Query.overallTaskLoss':
          taskLoss.push({ window: windowOf(args), taskId: null });
          break;
        case 'Mutation.sendBatchPush':
          childIds = [`new task ${++batch}`];
          break;
        case 'Mutation.revokePush': {
          revoke++;
          const input = args.input as { taskId?: unknown } | undefined;
          childIds = [String(input?.taskId)];
          break;
        }
        case 'Query.pushStats':
          pushStats.push(windowOf(args));
          break;
        case 'Query.overallTaskStats':
          taskStats.push({ window: windowOf(args), taskId: null });
          break;
        case 'Task.loss':
          ids.forEach((taskId) => taskLoss.push({ window: windowOf(args), taskId }));
          break;
        case 'Task.stats': {
          // Its default window (30 days) is not the loss default (7 days).
          const window = rangeOf(args.range) ?? DEFAULT_STATS_WINDOW;
          ids.forEach((taskId) => taskStats.push({ window, taskId }));
          break;
        }
        case 'Task.summary':
          ids.forEach((taskId) => taskLoss.push({ window: windowOf(args), taskId }));
          ids.forEach((taskId) => taskStats.push({ window: windowOf(args), taskId }));
          break;
        case 'Query.node':
          countNode(args.id);
          break;
        case 'Task.trace':
          ids.forEach((taskId) => taskTraces.push({ taskId, userId: String(args.userId) }));
          break;
        case 'Task.traces':
          ids.forEach((taskId) => list(args.userIds).forEach((userId) => taskTraces.push({ taskId, userId })));
          break;
        case 'Push.traces':
          pushTraces.push(...ids);
          break;
      }
      const child = getNamedType(field.type);
      if (node.selectionSet && isObjectType(child)) walk(node.selectionSet, child, childIds);
    }
  }

  const root = operation && schema.getRootType(operation.operation);
  if (operation && root) walk(operation.selectionSet, root, []);

  const byApi: Record<Api, number> = {
    normal_push_trace: callsFor(API_DESCRIPTIONS.normal_push_trace, pushTraces),
    all_member_push_trace: callsFor(API_DESCRIPTIONS.all_member_push_trace, taskTraces),
    normal_push_loss: callsFor(API_DESCRIPTIONS.normal_push_loss, pushLoss),
    all_member_push_loss: callsFor(API_DESCRIPTIONS.all_member_push_loss, taskLoss),
    normal_push_statistics: callsFor(API_DESCRIPTIONS.normal_push_statistics, pushStats),
    all_member_push_statistics: callsFor(API_DESCRIPTIONS.all_member_push_statistics, taskStats),
    batch,
    revoke,
  };
  const calls = walked > MAX_WALK ? Infinity : APIS.reduce((n, api) => n + byApi[api], 0);
  const quotaSeconds = Math.max(0, ...APIS.map((api) => byApi[api] / rates[api]));
  return { calls, byApi, quotaSeconds };
}

/** Refuses, before execution, operations estimated to need more upstream calls than `maxCalls`. */
export function useUpstreamBudget(rates: Record<Api, number>, maxCalls: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      // envelop types the execution arguments as any, to serve every graphql-js version; these are graphql 16's.
      const a: ExecutionArgs = args;
      const estimate = estimateCost(a.schema, a.document, a.operationName, a.variableValues ?? {}, rates);
      if (estimate.calls <= maxCalls) return;
      const calls = Number.isFinite(estimate.calls)
        ? `about ${estimate.calls} upstream calls (${Math.ceil(estimate.quotaSeconds)} s of quota)`
        : 'too many upstream calls to count';
      setResultAndStopExecution({
        errors: [
          new GraphQLError(
            `This operation would make ${calls}; the limit is ${maxCalls}. Ask for fewer tasks or users, or split it.`,
            {
              extensions: {
                code: ErrorCode.BAD_USER_INPUT,
                reason: 'COST_LIMIT',
                estimate: {
                  calls: Number.isFinite(estimate.calls) ? estimate.calls : null,
                  quotaSeconds: estimate.quotaSeconds,
                  byApi: estimate.byApi,
                },
                limit: maxCalls,
              },
            },
          ),
        ],
      });
    },
  };
}
