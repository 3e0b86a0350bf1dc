// The one place where failures become GraphQL errors with extensions.code, and the registry of those codes;
// nothing else leaks.
import { GraphQLError } from 'graphql';
import { HistoryUnavailableError, MissingDaysError } from './history/errors.js';
import { describeCode } from './upstream/codes.js';
import {
  PushOutcomeUnknownError,
  RateLimitedError,
  UpstreamError,
  UpstreamUnavailableError,
} from './upstream/errors.js';

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
  /** The history database is not open (yet, or at all); the rest of the gateway answers. */
  HISTORY_UNAVAILABLE: 'HISTORY_UNAVAILABLE',
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
  if (original instanceof PushOutcomeUnknownError) {
    return {
      message: original.message,
      extensions: { code: 'PUSH_OUTCOME_UNKNOWN', api: original.api, attemptedAt: original.attemptedAt.toISOString() },
    };
  }
  return null;
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
  // The JWT plugin answers 401 without a code: give it the one clients look for.
  if (error.extensions.http?.status === 401 && !error.extensions.code) {
    return new GraphQLError(error.message, { extensions: { ...error.extensions, code: ErrorCode.UNAUTHENTICATED } });
  }
  // Parse and validation errors carry their codes; what has neither code, path nor an error of ours behind it
  // is a variable that failed coercion (its originalError, if any, is the scalar's own GraphQLError).
  if (!error.path && !error.extensions.code && (!original || original instanceof GraphQLError)) {
    return new GraphQLError(error.message, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      extensions: { code: ErrorCode.BAD_USER_INPUT },
    });
  }
  if (!original || original instanceof GraphQLError) return error;
  const mapped = codeOf(original);
  if (!mapped) onUnexpected(original);
  const { message, extensions } = mapped ?? {
    message: 'Unexpected error.',
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    extensions,
  });
}
