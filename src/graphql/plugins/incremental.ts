// Refuses @defer/@stream operations whose client cannot read incremental delivery, before execution.
//
// yoga picks the response format after executing, so a @stream request sent with only
// `accept: application/json` would spend its upstream calls and then be answered 406.
import { GraphQLDeferDirective, GraphQLStreamDirective } from '@graphql-tools/utils';
import {
  BREAK,
  GraphQLError,
  Kind,
  getDirectiveValues,
  getOperationAST,
  visit,
  type DocumentNode,
  type ExecutionArgs,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin, type YogaInitialContext } from 'graphql-yoga';

const mentionsIncremental = new WeakMap<DocumentNode, boolean>();

/** Whether @defer or @stream appears anywhere in the document, whatever its `if` (kept per parsed document). */
export function mayAskForIncremental(document: DocumentNode): boolean {
  let found = mentionsIncremental.get(document);
  if (found === undefined) {
    const names = [GraphQLDeferDirective.name, GraphQLStreamDirective.name];
    found = false;
    visit(document, {
      Directive(node) {
        if (!names.includes(node.name.value)) return undefined;
        found = true;
        return BREAK;
      },
    });
    mentionsIncremental.set(document, found);
  }
  return found;
}

/** The media types yoga streams incremental results in. */
const STREAMING = ['multipart/mixed', 'text/event-stream'];

/** Whether the selected operation asks for @defer or @stream (not switched off by `if: false`). */
export function asksForIncremental(
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown>,
): boolean {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const seen = new Set<string>();
  const on = (node: Parameters<typeof getDirectiveValues>[1]) =>
    [GraphQLDeferDirective, GraphQLStreamDirective].some((directive) => {
      try {
        const args = getDirectiveValues(directive, node, variables);
        return args !== undefined && args.if !== false;
      } catch {
        return true; // a bad argument fails later; it still asked for incremental delivery
      }
    });
  const walk = (set: SelectionSetNode): boolean =>
    set.selections.some((node) => {
      if (on(node)) return true;
      if (node.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(node.name.value);
        if (!fragment || seen.has(fragment.name.value)) return false;
        seen.add(fragment.name.value);
        return walk(fragment.selectionSet);
      }
      return node.selectionSet ? walk(node.selectionSet) : false;
    });
  const operation = getOperationAST(document, operationName);
  return operation ? walk(operation.selectionSet) : false;
}

/** Whether the request's `accept` header (as yoga reads it) admits a streamed response. */
export function acceptsStreaming(request: Request): boolean {
  const accept = (request.headers.get('accept') || '*/*').replace(/\s/g, '').toLowerCase().split(',');
  return accept.some((entry) => {
    const [type = '', ...params] = entry.split(';');
    if (params.some((p) => p.startsWith('charset=') && p !== 'charset=utf-8')) return false;
    const [pre, suf] = type.split('/');
    return STREAMING.some((streaming) => {
      const [sPre, sSuf] = streaming.split('/');
      return (pre === '*' || pre === sPre) && (suf === '*' || suf === sSuf);
    });
  });
}

export function useIncrementalAcceptCheck(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const { request } = args.contextValue as Partial<YogaInitialContext>;
      if (!request || acceptsStreaming(request)) return;
      const { document, operationName, variableValues } = args as ExecutionArgs;
      if (!asksForIncremental(document, operationName, variableValues ?? {})) return;
      setResultAndStopExecution({
        errors: [
          new GraphQLError(
            'This operation uses @defer or @stream, whose results arrive in parts: send `accept: multipart/mixed` or `accept: text/event-stream`.',
            { extensions: { code: 'BAD_REQUEST', http: { status: 406 } } },
          ),
        ],
      });
    },
  };
}

/**
 * yoga masks a result's `errors` but not those of its @stream/@defer parts: without this a streamed item's error
 * would reach the client without its `extensions.code` (RATE_LIMITED, UPSTREAM_ERROR…), and an unexpected
 * error with its raw message. Each part's errors go through the same mask.
 */
export function useIncrementalErrorMasking(mask: (error: unknown) => Error): Plugin {
  return {
    onExecute: () => ({
      onExecuteDone: (payload) =>
        handleStreamOrSingleExecutionResult(payload, ({ result, setResult }) => {
          const parts = (result as { incremental?: { errors?: readonly unknown[] }[] }).incremental;
          if (!parts?.some((part) => part.errors?.length)) return;
          const incremental = parts.map((part) => (part.errors ? { ...part, errors: part.errors.map(mask) } : part));
          setResult({ ...result, incremental } as typeof result);
        }),
    }),
  };
}
