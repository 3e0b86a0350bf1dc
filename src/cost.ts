// The upstream cost of an operation, estimated before execution the way the loaders will batch it:
// ⌈K/5⌉ loss or statistics calls per window, one call per distinct (task, user) trace, push trace, loss or
// statistics window, push and revoke, and for `node(id)` the one call its id may need.
import {
  GraphQLError,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  getArgumentValues,
  getDirectiveValues,
  getNamedType,
  getOperationAST,
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
import { decodeGlobalId, keyOfLocalId, type IdentityKey } from './schema/identity.js';
import { APIS, LIMITS, type Api } from './upstream/wire.js';

export interface CostEstimate {
  calls: number;
  byApi: Record<Api, number>;
  /** Seconds of quota the calls need, APIs in parallel. */
  quotaSeconds: number;
}

type Variables = Record<string, unknown>;
type Args = Record<string, unknown>;

/** Beyond this many selections walked (fragments spread many times over), the estimate gives up as "too big". */
const MAX_WALK = 20_000;

export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Variables,
  rates: Record<Api, number>,
): CostEstimate {
  const operation = getOperationAST(document, operationName);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const lossByWindow = new Map<string, Set<string>>();
  const statsByWindow = new Map<string, Set<string>>();
  const pushStats = new Set<string>();
  const overallStats = new Set<string>();
  const traces = new Set<string>();
  const pushTraces = new Set<string>();
  const pushLoss = new Set<string>();
  const overallLoss = new Set<string>();
  let batch = 0;
  let revoke = 0;
  let walked = 0;

  const included = (node: SelectionNode) =>
    getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true &&
    getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
  const windowOf = (args: Args) => (args.range ? JSON.stringify(args.range) : 'default');
  const addTasks = (byWindow: Map<string, Set<string>>, key: string, ids: string[]) => {
    const tasks = byWindow.get(key) ?? new Set<string>();
    ids.forEach((id) => tasks.add(id));
    byWindow.set(key, tasks);
  };
  /** What `Query.node` may load for an id (at most one upstream call); a bad id fails before any call. */
  function countNode(id: unknown): void {
    let typename: string;
    let key: IdentityKey;
    try {
      const decoded = decodeGlobalId(String(id));
      typename = decoded.typename;
      key = keyOfLocalId(decoded.id);
    } catch {
      return;
    }
    const [a, b, c, d] = key.map(String);
    if (typename === 'UserTrace') traces.add(JSON.stringify([a, b]));
    else if (typename === 'InstanceTrace' && a === 'task') traces.add(JSON.stringify([b, c]));
    else if (typename === 'InstanceTrace') pushTraces.add(String(b));
    else if (typename === 'LossReport' && a === 'task') addTasks(lossByWindow, `node ${c}/${d}`, [String(b)]);
    else if (typename === 'LossReport' && a === 'pushes') pushLoss.add(`node ${c}/${d}`);
    else if (typename === 'LossReport') overallLoss.add(`node ${c}/${d}`);
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
          pushLoss.add(windowOf(args));
          break;
        case 'Query.overallTaskLoss':
          overallLoss.add(windowOf(args));
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
          pushStats.add(windowOf(args));
          break;
        case 'Query.overallTaskStats':
          overallStats.add(windowOf(args));
          break;
        case 'Task.loss':
          addTasks(lossByWindow, windowOf(args), ids);
          break;
        case 'Task.stats':
          // Its default window (30 days) is not the loss default (7 days).
          addTasks(statsByWindow, args.range ? windowOf(args) : 'default 30 days', ids);
          break;
        case 'Task.summary':
          addTasks(lossByWindow, windowOf(args), ids);
          addTasks(statsByWindow, windowOf(args), ids);
          break;
        case 'Query.node':
          countNode(args.id);
          break;
        case 'Task.trace':
          ids.forEach((id) => traces.add(JSON.stringify([id, String(args.userId)])));
          break;
        case 'Task.traces':
          ids.forEach((id) => list(args.userIds).forEach((user) => traces.add(JSON.stringify([id, user]))));
          break;
        case 'Push.traces':
          ids.forEach((id) => pushTraces.add(id));
          break;
      }
      const child = getNamedType(field.type);
      if (node.selectionSet && isObjectType(child)) walk(node.selectionSet, child, childIds);
    }
  }

  const root = operation && schema.getRootType(operation.operation);
  if (operation && root) walk(operation.selectionSet, root, []);

  const batches = (byWindow: Map<string, Set<string>>, perCall: number) =>
    [...byWindow.values()].reduce((n, s) => n + Math.ceil(s.size / perCall), 0);
  const byApi: Record<Api, number> = {
    normal_push_trace: pushTraces.size,
    all_member_push_trace: traces.size,
    normal_push_loss: pushLoss.size,
    all_member_push_loss: batches(lossByWindow, LIMITS.maxLossTaskIds) + overallLoss.size,
    normal_push_statistics: pushStats.size,
    all_member_push_statistics: batches(statsByWindow, LIMITS.maxStatsTaskIds) + overallStats.size,
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
