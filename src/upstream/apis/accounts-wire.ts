// What the account-list APIs share on the wire: the ErrorList of accounts an OK answer did not apply to. A
// partial failure answers ActionStatus OK and ErrorCode 0: the list is the only sign, and must not be lost.
import { isObject } from '../decode.js';
import { sanitizeErrorInfo } from '../errors.js';
import type { AccountFailure } from '../model.js';

export interface WireAccountError {
  To_Account: string;
  ErrorCode: number;
  ErrorInfo?: string;
}

export const decodeAccountError = (e: Record<string, unknown>): AccountFailure => ({
  account: typeof e.To_Account === 'string' ? e.To_Account : '',
  errorCode: typeof e.ErrorCode === 'number' ? e.ErrorCode : 0,
  errorInfo: typeof e.ErrorInfo === 'string' && e.ErrorInfo !== '' ? sanitizeErrorInfo(e.ErrorInfo) : null,
});

/** An answer's ErrorList; absent or malformed: none. */
export const decodeErrorList = (list: unknown): AccountFailure[] =>
  Array.isArray(list) ? list.filter(isObject).map(decodeAccountError) : [];
