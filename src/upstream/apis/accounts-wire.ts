// What the account-list APIs share on the wire: the ErrorList of accounts an OK answer did not apply to. A
// partial failure answers ActionStatus OK and ErrorCode 0: the list is the only sign, and must not be lost.
import { isObject, type Json } from '../decode.js';
import { sanitizeErrorInfo } from '../errors.js';
import type { AccountFailure } from '../model.js';
import type { ReadApi, Untrusted } from './types.js';

/** Accounts one call of a tag or attribute API takes (90018 past it). */
export const MAX_ACCOUNTS_PER_CALL = 100;

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

export interface WireAccountsRequest {
  To_Account: string[];
}

/** A per-account answer: its list of found accounts (UserTags, UserAttrs) beside the ErrorList. */
type AccountsAnswer<L extends string> = Untrusted<Record<L, unknown> & { ErrorList: WireAccountError[] }>;

/**
 * Reads of accounts (get_tag, get_attr): keyed by account, up to 100 a call from every request waiting, each
 * account's part split back: its entry, its ErrorList entry, or nothing. Never cached: the audience writes
 * change them.
 */
export function accountReads<V, L extends string>(
  list: L,
): Pick<ReadApi<string, V>, 'keyId' | 'batch' | 'body' | 'split' | 'ttlMs'> {
  return {
    keyId: (account) => account,
    batch: { maxKeys: MAX_ACCOUNTS_PER_CALL, group: () => '' },
    body: (accounts): WireAccountsRequest & Json => ({ To_Account: [...accounts] }),
    split(answer: AccountsAnswer<L>, accounts) {
      const byAccount = (entries: unknown) =>
        new Map(
          (Array.isArray(entries) ? entries.filter(isObject) : []).map((e) => [String(e.To_Account), e] as const),
        );
      const found = byAccount(answer[list]);
      const failed = byAccount(answer.ErrorList);
      return accounts.map((account) => failed.get(account) ?? found.get(account) ?? { To_Account: account });
    },
    ttlMs: () => 0,
  };
}

/** An account's part that is an ErrorList entry: its failure; else null. */
export const failureOf = (part: Json): AccountFailure | null =>
  typeof part.ErrorCode === 'number' && part.ErrorCode !== 0 ? decodeAccountError(part) : null;
