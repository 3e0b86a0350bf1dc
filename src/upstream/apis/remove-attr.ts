// remove_attr: removes attributes, by name, from up to 100 accounts a call. A write: never retried.
import type { Json } from '../decode.js';
import type { AccountFailure, AttributeRemoval } from '../model.js';
import { decodeErrorList, type WireAccountError } from './accounts-wire.js';
import type { Untrusted, WriteApi } from './types.js';

export interface WireRemoveAttrRequest {
  /** Attrs: the attribute names only. */
  UserAttrs: { To_Account: string; Attrs: string[] }[];
}

export const removeAttr: WriteApi<AttributeRemoval, AccountFailure[]> = {
  name: 'remove_attr',
  kind: 'write',
  rate: 100,
  body: ({ users }): WireRemoveAttrRequest & Json => ({
    UserAttrs: users.map((u) => ({ To_Account: u.account, Attrs: u.names })),
  }),
  decode: (answer: Untrusted<{ ErrorList: WireAccountError[] }>) => decodeErrorList(answer.ErrorList),
};
