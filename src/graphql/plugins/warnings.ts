// Warnings: what a request did that works but not as the caller may expect (a title a vendor will cut short),
// said beside the data in `extensions.warnings` rather than refused. Resolvers add them to their context.
import { isAsyncIterable, type Plugin } from 'graphql-yoga';

/** Every warning's `code`, from one registry as the error codes are. */
export const WarningCode = {
  /** A vendor shows fewer characters of a title or text than given, and cuts the rest with "…". */
  TRUNCATED: 'TRUNCATED',
  /** Ext is not JSON: some vendors drop a payload they cannot parse. */
  EXT_NOT_JSON: 'EXT_NOT_JSON',
  /** A value past what some vendors take: they ignore or cap it. */
  VENDOR_LIMIT: 'VENDOR_LIMIT',
  /** Two settings where one wins: the other is ignored. */
  IGNORED: 'IGNORED',
} as const;
export type WarningCode = (typeof WarningCode)[keyof typeof WarningCode];

export interface Warning {
  code: WarningCode;
  /** The argument path, e.g. input.title. */
  field: string;
  message: string;
  /** The vendor channel it is about (a PushPlatform name), when one. */
  platform?: string;
  limit?: number;
  length?: number;
}

/** What the context carries: the request's warnings so far. */
export interface Warned {
  warnings: Warning[];
}

/** Puts the operation's warnings, if any, in its result's `extensions.warnings`. */
export function useWarnings(): Plugin {
  return {
    onExecute({ args }) {
      const { warnings } = args.contextValue as Partial<Warned>;
      return {
        onExecuteDone({ result, setResult }) {
          if (!warnings?.length || isAsyncIterable(result)) return;
          setResult({ ...result, extensions: { ...result.extensions, warnings } });
        },
      };
    },
  };
}
