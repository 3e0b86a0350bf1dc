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
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from './errors.js';
import { coercedVariables } from './execution.js';
import { costOf, type FieldCost, type Intent, type RawArgs } from './schema/cost.js';
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
const TOO_BIG = 'too big';

/**
 * A selection the estimate visits: a field that calls the upstream or contains one that does, or a fragment
 * that contains one. The rest of an operation (most of it: the fields of the answers) costs nothing.
 */
interface Step {
  /** Its @skip/@include are read with each request's variables. */
  node: SelectionNode;
  /** Absent for a fragment: its steps are the enclosing field's. */
  field?: GraphQLField<unknown, unknown>;
  cost?: FieldCost;
  children: Step[];
}
type Plan = Step[] | typeof TOO_BIG;

/** Per schema, document and operation: which selections the estimate visits, found once. */
const plans = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, Plan>>>();

function planOf(schema: GraphQLSchema, document: DocumentNode, operation: OperationDefinitionNode): Plan {
  let byDocument = plans.get(schema);
  if (!byDocument) plans.set(schema, (byDocument = new WeakMap<DocumentNode, Map<string, Plan>>()));
  let byOperation = byDocument.get(document);
  if (!byOperation) byDocument.set(document, (byOperation = new Map<string, Plan>()));
  const name = operation.name?.value ?? '';
  let plan = byOperation.get(name);
  if (plan) return plan;

  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  let walked = 0;
  // Every selection counts, skipped or not: a plan serves every request's variables.
  function steps(set: SelectionSetNode, type: GraphQLObjectType): Step[] | undefined {
    const found: Step[] = [];
    for (const node of set.selections) {
      if (++walked > MAX_WALK) return undefined;
      let selection: SelectionSetNode | undefined;
      let on: GraphQLNamedType | null | undefined = type;
      let field: GraphQLField<unknown, unknown> | undefined;
      if (node.kind === Kind.INLINE_FRAGMENT) {
        selection = node.selectionSet;
        if (node.typeCondition) on = schema.getType(node.typeCondition.name.value);
      } else if (node.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(node.name.value);
        selection = fragment?.selectionSet;
        on = fragment && schema.getType(fragment.typeCondition.name.value);
      } else {
        field = type.getFields()[node.name.value];
        if (!field) continue;
        selection = node.selectionSet;
        on = getNamedType(field.type);
      }
      const cost = field && costOf(field);
      const children = selection && isObjectType(on) ? steps(selection, on) : [];
      if (!children) return undefined;
      if (cost || children.length) found.push({ node, field, cost, children });
    }
    return found;
  }
  const root = schema.getRootType(operation.operation);
  plan = (root && steps(operation.selectionSet, root)) ?? (root ? TOO_BIG : []);
  byOperation.set(name, plan);
  return plan;
}

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
  const plan = operation ? planOf(schema, document, operation) : [];
  const intents: Intent[] = [];
  const included = (node: SelectionNode) =>
    !node.directives?.length ||
    (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if !== true &&
      getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false);

  /** `parents`: the ids the enclosing field returned (tasks, pushes), which these steps' fields resolve on. */
  function visit(steps: readonly Step[], parents: string[]): void {
    for (const step of steps) {
      if (!included(step.node)) continue;
      if (!step.field) {
        visit(step.children, parents);
        continue;
      }
      let args: RawArgs = {};
      if (step.cost) {
        try {
          args = getArgumentValues(step.field, step.node as FieldNode, variables);
        } catch {
          // Invalid arguments fail at execution, before any upstream call.
        }
      }
      if (step.cost?.intents) intents.push(...step.cost.intents(args, parents, schema));
      if (step.children.length) visit(step.children, step.cost?.returns ? step.cost.returns(args, parents) : parents);
    }
  }
  if (plan !== TOO_BIG) visit(plan, []);

  const byApi = Object.fromEntries(APIS.map((api) => [api, callsOf(api, intents)])) as Record<Api, number>;
  const calls = plan === TOO_BIG ? Infinity : APIS.reduce((n, api) => n + byApi[api], 0);
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
