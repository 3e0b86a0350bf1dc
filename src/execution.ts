// How an operation executes once it is valid.
// - Its variables are coerced once, by graphql-js, before anything reads them: a variable that does not coerce
//   gets graphql-js's answer (the scalar's own message), and the cost estimate reads the coerced values.
// - Plain queries and mutations run as JavaScript that graphql-jit generates once per document (through
//   envelop's plugin, which keeps the compiled query per parsed document), instead of graphql-js's executor
//   walking the answer field by field through promise chains: plain yoga serving the TaskOverview answer spends
//   0.18 ms of CPU per request with it against 0.39 ms without (npm run bench's machine).
// - Subscriptions and documents with @defer/@stream stay on graphql-js: graphql-jit answers @defer in one
//   payload, without incremental delivery.
import { useGraphQlJit } from '@envelop/graphql-jit';
import {
  getOperationAST,
  getVariableValues,
  GraphQLError,
  OperationTypeNode,
  valueFromASTUntyped,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type OperationDefinitionNode,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { handleMaybePromise } from '@whatwg-node/promise-helpers';
import { ErrorCode } from './errors.js';
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
      const result = getVariableValues(a.schema, operation.variableDefinitions ?? [], a.variableValues ?? {});
      // Ending here skips the later plugins' masking: the errors get the code maskError gives these.
      if (result.errors) setResultAndStopExecution({ errors: result.errors.map(badInput) });
      else coercedByExecution.set(args, result.coerced);
    },
  };
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
  const missing = defaults.filter(([name]) => !Object.prototype.hasOwnProperty.call(given, name));
  return missing.length === 0 ? given : { ...Object.fromEntries(missing), ...given };
}

/**
 * The nulls of failed list items put where their errors' paths say. graphql-jit 0.8 writes a list's items by
 * index as they resolve, so a failed item at the end of a list is left out rather than null: a four-user
 * `traces` whose last two users failed came back with two items. graphql-js answers `[a, b, null, null]`.
 */
function withFailedItems(result: ExecutionResult): ExecutionResult {
  for (const error of result.errors ?? []) {
    const path = error.path;
    const last = path?.at(-1);
    if (!path || typeof last !== 'number') continue;
    let container: unknown = result.data;
    for (const segment of path.slice(0, -1)) {
      container = (container as Record<string | number, unknown> | null | undefined)?.[segment];
    }
    if (Array.isArray(container) && container[last] === undefined) container[last] = null;
  }
  return result;
}

/** Compiled execution where graphql-jit keeps graphql-js's behaviour; graphql-js's executor elsewhere. */
export function useCompiledExecution(): Plugin[] {
  const compiles = (document: DocumentNode, operationName?: string | null) => {
    const operation = getOperationAST(document, operationName);
    return (
      operation != null && operation.operation !== OperationTypeNode.SUBSCRIPTION && !mayAskForIncremental(document)
    );
  };
  return [
    useGraphQlJit({}, { enableIf: ({ document, operationName }) => compiles(document, operationName) }) as Plugin,
    {
      // After the compiler's plugin: its execute function gets the variables with their declared defaults, and
      // its result the nulls of failed list items.
      onExecute({ args, executeFn, setExecuteFn }) {
        // envelop types the execution arguments as any, to serve every graphql-js version; these are graphql 16's.
        const a: ExecutionArgs = args;
        const { document, operationName } = a;
        const operation = getOperationAST(document, operationName);
        if (!operation || !compiles(document, operationName)) return;
        setExecuteFn((given: ExecutionArgs) =>
          handleMaybePromise(
            () =>
              executeFn({ ...given, variableValues: withDefaults(operation, given.variableValues) }) as
                ExecutionResult | Promise<ExecutionResult>,
            withFailedItems,
          ),
        );
      },
    },
  ];
}
