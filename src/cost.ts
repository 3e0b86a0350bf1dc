// The upstream cost of an operation, estimated before execution: the walk reads, on each selected field, what
// it costs upstream (its `extensions.upstream`, src/schema/cost.ts: the intents it sends as the API modules' keys,
// and the ids its own fields resolve on), and counts the calls each API's batch form needs for all of them
// (⌈K/5⌉ loss or statistics calls per window, one per distinct trace key, one per write). An upper bound:
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
import { coercedVariables } from './execution.js';
import { costOf, type Intent, type RawArgs } from './schema/cost.js';
import { APIS, callsFor, type Api } from './upstream/apis/index.js';

export interface CostEstimate {
  calls: number;
  byApi: Record<Api, number>;
  /** Seconds of quota the calls need, APIs in parallel. */
  quotaSeconds: number;
}

type Variables = Record<string, unknown>;

/** Beyond this many selections walked (fragments spread many times over), the estimate gives up as "too big". */
const MAX_WALK = 20_000;

const noCalls = (): Record<Api, number> => Object.fromEntries(APIS.map((api) => [api, 0])) as Record<Api, number>;

export function estimateCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Variables,
  rates: Record<Api, number>,
  /** The variables are already coerced (useVariableCoercion did it for this execution). */
  coerced = false,
): CostEstimate {
  const operation = getOperationAST(document, operationName);
  // The variables as execution will see them: coerced, with the operation's defaults filled in. Raw ones would
  // miss defaults (a `$taskId: ID! = "…"` left out of the request) and make every argument read throw; if they
  // do not coerce, execution refuses the operation before any upstream call.
  if (operation && !coerced) {
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables, { maxErrors: 1 });
    if (coerced.errors) return { calls: 0, byApi: noCalls(), quotaSeconds: 0 };
    variables = coerced.coerced;
  }
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const intents: Intent[] = [];
  let walked = 0;

  const included = (node: SelectionNode) =>
    !node.directives?.length ||
    (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true &&
      getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false);

  /** `parents`: the ids the enclosing field returned (tasks, pushes), which this selection's fields resolve on. */
  function walk(set: SelectionSetNode, type: GraphQLObjectType, parents: string[]): void {
    for (const node of set.selections) {
      if (++walked > MAX_WALK) return;
      if (!included(node)) continue;
      if (node.kind === Kind.INLINE_FRAGMENT) {
        const on = node.typeCondition ? schema.getType(node.typeCondition.name.value) : type;
        if (isObjectType(on)) walk(node.selectionSet, on, parents);
        continue;
      }
      if (node.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(node.name.value);
        const on = fragment && schema.getType(fragment.typeCondition.name.value);
        if (fragment && isObjectType(on)) walk(fragment.selectionSet, on, parents);
        continue;
      }
      const field = type.getFields()[node.name.value];
      if (!field) continue;
      const cost = costOf(field);
      // Only a field that costs reads its arguments: most fields of an answer cost nothing.
      let args: RawArgs = {};
      if (cost) {
        try {
          args = getArgumentValues(field, node, variables);
        } catch {
          // Invalid arguments fail at execution, before any upstream call.
        }
      }
      if (cost?.intents) intents.push(...cost.intents(args, parents, schema));
      const child = getNamedType(field.type);
      if (node.selectionSet && isObjectType(child))
        walk(node.selectionSet, child, cost?.returns ? cost.returns(args, parents) : parents);
    }
  }

  const root = operation && schema.getRootType(operation.operation);
  if (operation && root) walk(operation.selectionSet, root, []);

  const byApi = Object.fromEntries(APIS.map((api) => [api, callsOf(api, intents)])) as Record<Api, number>;
  const calls = walked > MAX_WALK ? Infinity : APIS.reduce((n, api) => n + byApi[api], 0);
  const quotaSeconds = Math.max(0, ...APIS.map((api) => byApi[api] / rates[api]));
  return { calls, byApi, quotaSeconds };
}

/** One API's calls for the intents: a read's batch form joins its keys; every write is a call. */
function callsOf(api: Api, intents: Intent[]): number {
  const mine = intents.filter((i) => i.api.name === api);
  const first = mine[0];
  if (!first) return 0;
  if (first.api.kind === 'write') return mine.length;
  return callsFor(
    first.api,
    mine.map((i) => ('key' in i ? i.key : undefined)),
  );
}

/** Refuses, before execution, operations estimated to need more upstream calls than `maxCalls`. */
export function useUpstreamBudget(rates: Record<Api, number>, maxCalls: number): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      // envelop types the execution arguments as any, to serve every graphql-js version; these are graphql 16's.
      const a: ExecutionArgs = args;
      const coerced = coercedVariables(a);
      const estimate = coerced
        ? estimateCost(a.schema, a.document, a.operationName, coerced, rates, true)
        : estimateCost(a.schema, a.document, a.operationName, a.variableValues ?? {}, rates);
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
