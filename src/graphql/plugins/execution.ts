// How an operation executes once it is valid.
// - Its variables are coerced by graphql-js before the other plugins' onExecute: a variable that does not coerce
//   gets graphql-js's answer (the scalar's own message) before any upstream call, and the cost estimate reads
//   the coerced values. (graphql-jit still coerces them again, its own way, for its compiled query.)
// - Plain queries and mutations run as JavaScript that graphql-jit generates once per document (through
//   envelop's plugin, which keeps the compiled query per parsed document), instead of graphql-js's executor
//   walking the answer field by field through promise chains: plain yoga serving the TaskOverview answer spends
//   0.18 ms of CPU per request with it against 0.39 ms without (npm run bench's machine).
// - Subscriptions, documents with @defer/@stream and documents of several operations stay on graphql-js:
//   graphql-jit answers @defer in one payload, without incremental delivery, and envelop's plugin keeps one
//   compiled query per document whichever operation it was compiled for.
// - A list of items that may each fail (Task.traces) resolves each item to its value or its error, never a
//   rejected promise: graphql-jit appends the null of a rejected item at the end of the list, where graphql-js
//   puts it at the item's index (src/schema/task.ts).
import { useGraphQlJit } from '@envelop/graphql-jit';
import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  isInputType,
  Kind,
  OperationTypeNode,
  typeFromAST,
  valueFromAST,
  valueFromASTUntyped,
  type DocumentNode,
  type ExecutionArgs,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type VariableDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { ErrorCode } from '../errors.js';
import { mayAskForIncremental } from './incremental.js';

type Variables = Record<string, unknown>;
const coercedByExecution = new WeakMap<object, Variables>();

/** The variables of this execution as graphql-js coerced them (defaults filled in); see useVariableCoercion. */
export function coercedVariables(args: ExecutionArgs): Variables | undefined {
  return coercedByExecution.get(args);
}

const badInput = (error: GraphQLError) =>
  new GraphQLError(error.message, {
    nodes: error.nodes,
    originalError: error.originalError,
    extensions: { code: ErrorCode.BAD_USER_INPUT },
  });

/**
 * Coerces each operation's variables once, before the other plugins' onExecute: one that does not coerce ends
 * the execution with graphql-js's own errors (what its execute would answer), before any upstream call.
 */
export function useVariableCoercion(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const a = args as ExecutionArgs;
      const operation = getOperationAST(a.document, a.operationName);
      if (!operation) return; // execution answers that itself
      const result = coerceVariables(a.schema, operation, a.variableValues ?? {});
      // Ending here skips the later plugins' masking: the errors get the code maskError gives these.
      if (result.errors) setResultAndStopExecution({ errors: result.errors.map(badInput) });
      else coercedByExecution.set(args, result.coerced);
    },
  };
}

/** A declared default, coerced once per operation: the same value whichever request leaves the variable out. */
type CoercedDefault = readonly [name: string, value: unknown];

const defaultsBySchema = new WeakMap<GraphQLSchema, WeakMap<OperationDefinitionNode, CoercedDefault[]>>();

/** The operation's declared defaults, coerced to their types (undefined where a type is no input type). */
function coercedDefaults(schema: GraphQLSchema, operation: OperationDefinitionNode): CoercedDefault[] {
  let byOperation = defaultsBySchema.get(schema);
  if (!byOperation) defaultsBySchema.set(schema, (byOperation = new WeakMap()));
  let defaults = byOperation.get(operation);
  if (!defaults) {
    defaults = (operation.variableDefinitions ?? []).flatMap((d) => {
      const type = typeFromAST(schema, d.type);
      return d.defaultValue && isInputType(type)
        ? [[d.variable.name.value, valueFromAST(d.defaultValue, type)] as const]
        : [];
    });
    byOperation.set(operation, defaults);
  }
  return defaults;
}

/**
 * graphql-js's getVariableValues, with the defaults of the variables a request leaves out coerced once per
 * operation rather than on every request (graphql-js builds each variable's type and default value anew each
 * time: most of its coercion time on TaskOverview, whose clients leave out two of its three variables). The
 * variables a request gives, and those without a default, go through graphql-js: same values, same errors, in
 * graphql-js's object (the defaults come after the given variables in it, where graphql-js keeps declaration
 * order). A default's value is shared by the requests that leave it out: its one reader, the cost estimate,
 * only reads it.
 */
export function coerceVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  given: Variables,
): ReturnType<typeof getVariableValues> {
  const definitions = operation.variableDefinitions ?? [];
  const defaults = coercedDefaults(schema, operation);
  if (defaults.length === 0) return getVariableValues(schema, definitions, given);
  const left = new Map(defaults.filter(([name]) => !Object.hasOwn(given, name)));
  if (left.size === 0) return getVariableValues(schema, definitions, given);
  const asked: VariableDefinitionNode[] = definitions.filter((d) => !left.has(d.variable.name.value));
  const result = getVariableValues(schema, asked, given);
  if (result.errors) return result;
  for (const [name, value] of left) result.coerced[name] = value;
  return result;
}

const defaultsByOperation = new WeakMap<OperationDefinitionNode, [string, unknown][]>();

/**
 * The variables with the defaults the operation declares filled in where the request left them out, as the
 * request could have sent them. graphql-jit 0.8 refuses an omitted non-null variable even when it has a default
 * (`$taskId: ID! = "…"`), where the spec (and graphql-js) use the default.
 */
function withDefaults(operation: OperationDefinitionNode, variables: Variables | null | undefined): Variables {
  let defaults = defaultsByOperation.get(operation);
  if (!defaults) {
    defaults = (operation.variableDefinitions ?? []).flatMap((v) =>
      v.defaultValue ? [[v.variable.name.value, valueFromASTUntyped(v.defaultValue)] as [string, unknown]] : [],
    );
    defaultsByOperation.set(operation, defaults);
  }
  const given = variables ?? {};
  let filled: Variables | undefined;
  for (const [name, value] of defaults) if (!Object.hasOwn(given, name)) (filled ??= { ...given })[name] = value;
  return filled ?? given;
}

/** Whether a document can run compiled: one operation, not a subscription, no @defer/@stream anywhere. */
function compilable(document: DocumentNode, operation: OperationDefinitionNode): boolean {
  return (
    operation.operation !== OperationTypeNode.SUBSCRIPTION &&
    document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length === 1 &&
    !mayAskForIncremental(document)
  );
}

/**
 * Which executions run compiled: those of a compilable document from its `after`-th execution on (0: none).
 * Compiling costs about 2.5 ms for TaskOverview (50 times its parsing), paid once per document; a document
 * executed once is not worth it, and a client sending ever-new documents would otherwise make every request
 * pay it. Decided once per execution (its arguments object), for the compiler's plugin and the one wrapping it.
 */
export function compilePolicy(after: number): (args: ExecutionArgs) => boolean {
  const executions = new WeakMap<DocumentNode, number>();
  const decided = new WeakMap<object, boolean>();
  return (args) => {
    let compiled = decided.get(args);
    if (compiled === undefined) {
      const operation = getOperationAST(args.document, args.operationName);
      const count = (executions.get(args.document) ?? 0) + 1;
      executions.set(args.document, count);
      compiled = after > 0 && operation != null && count >= after && compilable(args.document, operation);
      decided.set(args, compiled);
    }
    return compiled;
  };
}

/**
 * Compiled execution where graphql-jit keeps graphql-js's behaviour, from a document's `after`-th execution
 * (GRAPHQL_COMPILE_AFTER; 0 turns it off); graphql-js's executor elsewhere.
 */
export function useCompiledExecution(after: number): Plugin[] {
  const compiled = compilePolicy(after);
  return [
    useGraphQlJit({}, { enableIf: (args: ExecutionArgs) => compiled(args) }) as Plugin,
    {
      // After the compiler's plugin: its execute function gets the variables with their declared defaults.
      onExecute({ args, executeFn, setExecuteFn }) {
        // envelop types the execution arguments as any, to serve every graphql-js version; these are graphql 16's.
        const a: ExecutionArgs = args;
        const operation = getOperationAST(a.document, a.operationName);
        if (!operation || !compiled(a)) return;
        setExecuteFn((given: ExecutionArgs): unknown =>
          executeFn({ ...given, variableValues: withDefaults(operation, given.variableValues) }),
        );
      },
    },
  ];
}
