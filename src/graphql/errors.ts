// The one place where failures become GraphQL errors with extensions.code, and the registry of those codes;
// nothing else leaks.
import { GraphQLError } from 'graphql';
import { BeyondRetentionError, HistoryUnavailableError, MissingDaysError } from '../history/errors.js';
import { describeCode } from '../upstream/codes.js';
import {
  DailyQuotaExhaustedError,
  PushOutcomeUnknownError,
  RateLimitedError,
  UpstreamError,
  UpstreamUnavailableError,
} from '../upstream/errors.js';

/** Every `extensions.code` the gateway answers with; whoever raises an error takes its code from here. */
export const ErrorCode = {
  /** Invalid arguments or variables, refused before any upstream call. */
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  /** The HTTP request itself is refused (no Content-Length, body too large). */
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  /** The upstream answered `ActionStatus: FAIL`. */
  UPSTREAM_ERROR: 'UPSTREAM_ERROR',
  UPSTREAM_UNAVAILABLE: 'UPSTREAM_UNAVAILABLE',
  RATE_LIMITED: 'RATE_LIMITED',
  /** No all-user, tag or attribute push is left today (PUSH_DAILY_LIMIT, or the upstream's 90047). */
  DAILY_QUOTA_EXHAUSTED: 'DAILY_QUOTA_EXHAUSTED',
  /** The history database is not open (yet, or at all), unreachable or slow; the rest of the gateway answers. */
  HISTORY_UNAVAILABLE: 'HISTORY_UNAVAILABLE',
  /** A push may or may not have gone out; its idempotency key stays taken. */
  PUSH_OUTCOME_UNKNOWN: 'PUSH_OUTCOME_UNKNOWN',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

function codeOf(original: Error): { message: string; extensions: Record<string, unknown> } | null {
  if (original instanceof UpstreamError) {
    return {
      message: `${original.api} failed with ${original.errorCode}: ${describeCode(original.errorCode, original.errorInfo)}`,
      extensions: {
        code: ErrorCode.UPSTREAM_ERROR,
        upstream: { api: original.api, errorCode: original.errorCode, errorInfo: original.errorInfo },
      },
    };
  }
  if (original instanceof UpstreamUnavailableError) {
    return { message: original.message, extensions: { code: ErrorCode.UPSTREAM_UNAVAILABLE, api: original.api } };
  }
  if (original instanceof RateLimitedError) {
    return { message: original.message, extensions: { code: ErrorCode.RATE_LIMITED, api: original.api } };
  }
  if (original instanceof DailyQuotaExhaustedError) {
    const { upstream } = original;
    return {
      message: original.message,
      extensions: {
        code: ErrorCode.DAILY_QUOTA_EXHAUSTED,
        resetsAt: original.resetsAt.toISOString(),
        dailyLimit: original.dailyLimit,
        ...(upstream && {
          upstream: { api: upstream.api, errorCode: upstream.errorCode, errorInfo: upstream.errorInfo },
        }),
      },
    };
  }
  if (original instanceof HistoryUnavailableError) {
    return {
      message: original.message,
      extensions: { code: ErrorCode.HISTORY_UNAVAILABLE, ...(original.off ? { historyOff: true } : {}) },
    };
  }
  if (original instanceof MissingDaysError) {
    return {
      message: original.message,
      extensions: { code: ErrorCode.BAD_USER_INPUT, argument: 'range', missingDays: original.days },
    };
  }
  if (original instanceof BeyondRetentionError) {
    const { from, to } = original.wholeDays;
    return {
      message: original.message,
      extensions: { code: ErrorCode.BAD_USER_INPUT, argument: 'range', wholeDays: { from, to } },
    };
  }
  if (original instanceof PushOutcomeUnknownError) {
    return {
      message: original.message,
      extensions: {
        code: ErrorCode.PUSH_OUTCOME_UNKNOWN,
        api: original.api,
        attemptedAt: original.attemptedAt.toISOString(),
      },
    };
  }
  return null;
}

/**
 * The error rebuilt with another message and extensions, where the original points in the document and
 * result. graphql-js's errors point with their AST nodes; graphql-jit's (compiled execution) carry only the
 * locations those nodes had.
 */
function rebuilt(error: GraphQLError, message: string, extensions: Record<string, unknown>): GraphQLError {
  const { nodes, source, positions, path, locations } = error;
  const replacement = new GraphQLError(message, { nodes, source, positions, path, extensions });
  if (!replacement.locations && locations) (replacement as { locations?: typeof locations }).locations = locations;
  return replacement;
}

/**
 * yoga's maskError: our error values get their code; GraphQL errors we or graphql-js raised pass as they are;
 * anything else is an unexpected error, logged by the caller and shown without detail.
 */
export function maskError(error: unknown, onUnexpected: (error: unknown) => void): Error {
  if (!(error instanceof GraphQLError)) {
    onUnexpected(error);
    return new GraphQLError('Unexpected error.', { extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } });
  }
  const original = error.originalError;
  // graphql-jit leaves `extensions` out when the error it wraps has none.
  const extensions = (error.extensions as GraphQLError['extensions'] | undefined) ?? {};
  // The JWT plugin answers 401 without a code: give it the one clients look for.
  if (extensions.http?.status === 401 && !extensions.code) {
    return rebuilt(error, error.message, { ...extensions, code: ErrorCode.UNAUTHENTICATED });
  }
  // Parse and validation errors carry their codes; what has neither code, path nor an error of ours behind it
  // is a variable that failed coercion (its originalError, if any, is the scalar's own GraphQLError).
  if (!error.path && !extensions.code && (!original || original instanceof GraphQLError)) {
    return rebuilt(error, error.message, { code: ErrorCode.BAD_USER_INPUT });
  }
  if (!original || original instanceof GraphQLError) return error;
  const mapped = codeOf(original);
  if (!mapped) onUnexpected(original);
  const { message, extensions: mappedExtensions } = mapped ?? {
    message: 'Unexpected error.',
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
  return rebuilt(error, message, mappedExtensions);
}

/** The `extensions.code` a client receives for this error once masked (what an operation's log line names). */
export function clientCodeOf(error: GraphQLError): string {
  const code = error.extensions?.code;
  if (typeof code === 'string') return code;
  const masked = maskError(error, () => undefined) as GraphQLError;
  return typeof masked.extensions?.code === 'string' ? masked.extensions.code : ErrorCode.INTERNAL_SERVER_ERROR;
}
