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
  isNonNullType,
  isObjectType,
  valueFromAST,
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
  type ValueNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../errors.js';
import { coercedVariables } from './execution.js';
import { costOf, type FieldCost, type Intent, type RawArgs } from '../../schema/cost.js';
import { APIS, callsFor, type Api } from '../../upstream/apis/index.js';

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
  /** Its arguments for a request's variables, where it has a cost. */
  args?: (variables: Variables) => RawArgs;
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
      const args = cost && field ? argumentReader(field, node as FieldNode) : undefined;
      if (cost || children.length) found.push({ node, field, cost, args, children });
    }
    return found;
  }
  const root = schema.getRootType(operation.operation);
  plan = (root && steps(operation.selectionSet, root)) ?? (root ? TOO_BIG : []);
  byOperation.set(name, plan);
  return plan;
}

/**
 * Reads a field's arguments as graphql-js's getArgumentValues does, with what does not depend on the variables
 * found once per plan: an argument given as a variable is that (coerced) variable, or the argument's default
 * when the request leaves it out; a literal or a default is the same for every request. Anything else (a
 * literal holding variables, a required argument without a value) goes through getArgumentValues, which
 * answers or throws as it would at execution.
 */
export function argumentReader(
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
): (variables: Variables) => RawArgs {
  const slow = (variables: Variables) => getArgumentValues(field, node, variables);
  const fixed: RawArgs = {};
  const fromVariables: { name: string; variable: string; fallback: unknown; required: boolean }[] = [];
  for (const arg of field.args) {
    const given = node.arguments?.find((a) => a.name.value === arg.name)?.value;
    if (!given) {
      if (arg.defaultValue !== undefined) fixed[arg.name] = arg.defaultValue;
      else if (isNonNullType(arg.type)) return slow;
    } else if (given.kind === Kind.VARIABLE) {
      fromVariables.push({
        name: arg.name,
        variable: given.name.value,
        fallback: arg.defaultValue,
        required: isNonNullType(arg.type),
      });
    } else {
      const value = hasVariables(given) ? undefined : valueFromAST(given, arg.type);
      if (value === undefined) return slow;
      fixed[arg.name] = value;
    }
  }
  if (fromVariables.length === 0) return () => ({ ...fixed });
  return (variables) => {
    const args: RawArgs = { ...fixed };
    for (const { name, variable, fallback, required } of fromVariables) {
      if (Object.hasOwn(variables, variable)) {
        const value = variables[variable];
        // undefined (a default that does not coerce), or null for a non-null argument: graphql-js throws.
        if (value === undefined || (value === null && required)) return slow(variables);
        args[name] = value;
      } else if (fallback !== undefined) args[name] = fallback;
      else if (required) return slow(variables);
    }
    return args;
  };
}

function hasVariables(value: ValueNode): boolean {
  if (value.kind === Kind.VARIABLE) return true;
  if (value.kind === Kind.LIST) return value.values.some(hasVariables);
  if (value.kind === Kind.OBJECT) return value.fields.some((f) => hasVariables(f.value));
  return false;
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
      if (step.args) {
        try {
          args = step.args(variables);
        } catch {
          // Invalid arguments fail at execution, before any upstream call.
        }
      }
      if (step.cost?.intents) intents.push(...step.cost.intents(args, parents, schema));
      if (step.children.length) visit(step.children, step.cost?.returns ? step.cost.returns(args, parents) : parents);
    }
  }
  if (plan !== TOO_BIG) visit(plan, []);

  const byApi = noCalls();
  let calls = 0;
  let quotaSeconds = 0;
  for (const [api, mine] of byApiName(intents)) {
    const n = callsOf(mine);
    byApi[api] = n;
    calls += n;
    quotaSeconds = Math.max(quotaSeconds, n / rates[api]);
  }
  return { calls: plan === TOO_BIG ? Infinity : calls, byApi, quotaSeconds };
}

/** The intents of each API that has some. */
function byApiName(intents: readonly Intent[]): Map<Api, Intent[]> {
  const byApi = new Map<Api, Intent[]>();
  for (const intent of intents) {
    const api = intent.api.name as Api;
    const mine = byApi.get(api);
    if (mine) mine.push(intent);
    else byApi.set(api, [intent]);
  }
  return byApi;
}

/** One API's calls for its intents (at least one): a read's batch form joins its keys; every write is a call. */
function callsOf(mine: readonly Intent[]): number {
  const first = mine[0]!;
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
