// Gateway errors in words a person acts on: what happened and what to do, from extensions.code.
import { GatewayError, type GqlError } from './api.js';
import { time } from './format.js';

export function explain(error: GqlError): string {
  const ext = error.extensions ?? {};
  switch (typeof ext.code === 'string' ? ext.code : '') {
    case 'RATE_LIMITED': {
      const seconds = retryAfterOf(error);
      return `Tencent's push API is busy with other requests: it allows about one call a second. Try again in ${seconds} s.`;
    }
    case 'PUSH_OUTCOME_UNKNOWN':
      return (
        `The push may or may not have gone out${typeof ext.attemptedAt === 'string' ? ` (tried ${time(ext.attemptedAt)})` : ''}: ` +
        'no clear answer came back. Do not send it again blindly. Check first: ask a recipient, look for the task in ' +
        "the Chat console's push records and troubleshoot one recipient with its task id, or match the push " +
        'callbacks by the data id you gave. If it did not go out, push again with a new idempotency key; this key ' +
        'stays taken.'
      );
    case 'UNAUTHENTICATED':
      return 'The gateway needs an API key or a JWT: sign in and try again.';
    case 'FORBIDDEN':
      return `Your credential does not allow this (${error.message}). Ask for a key with the scope named there.`;
    case 'UPSTREAM_ERROR': {
      const upstream = ext.upstream as { errorCode?: number } | undefined;
      return `Tencent refused the call${upstream?.errorCode !== undefined ? ` (code ${upstream.errorCode})` : ''}: ${error.message}`;
    }
    case 'UPSTREAM_UNAVAILABLE':
      return `Tencent's push API could not be reached just now (${error.message}). Try again in a moment.`;
    case 'DAILY_QUOTA_EXHAUSTED':
      return (
        `No all-user, tag or attribute push is left today${typeof ext.dailyLimit === 'number' ? ` (${ext.dailyLimit} a day)` : ''}: ` +
        `the next one can go at ${typeof ext.resetsAt === 'string' ? time(ext.resetsAt) : 'midnight, Beijing time'}. Pushes to listed accounts still work.`
      );
    case 'HISTORY_UNAVAILABLE':
      return `The gateway's daily records cannot be read (${error.message}). Everything asked of Tencent still works.`;
    case 'BAD_USER_INPUT':
      return `Please check what you entered: ${error.message}`;
    default:
      return error.message;
  }
}

/** Seconds to wait: the gateway's retryAfter when it gives one, else what its message says, else a few. */
function retryAfterOf(error: GqlError): number {
  const given = error.extensions?.retryAfter;
  if (typeof given === 'number' && given > 0) return Math.ceil(given);
  const said = /within (\d+) s/.exec(error.message);
  return said ? Number(said[1]) : 5;
}

/** Any thrown value, explained. */
export function explainAny(error: unknown): string[] {
  if (error instanceof GatewayError) return error.errors.map(explain);
  if (error instanceof DOMException && error.name === 'AbortError') return [];
  if (error instanceof TypeError)
    return ['The gateway could not be reached. Is it running, and is this computer online?'];
  return [error instanceof Error ? error.message : String(error)];
}
