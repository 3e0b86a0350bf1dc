// clear_all_tags: removes every tag of up to 100 accounts a call. A write: never retried.
import type { Json } from '../decode.js';
import type { AccountFailure } from '../model.js';
import { decodeErrorList, type WireAccountError, type WireAccountsRequest } from './accounts-wire.js';
import type { Untrusted, WriteApi } from './types.js';

export const clearAllTags: WriteApi<readonly string[], AccountFailure[]> = {
  name: 'clear_all_tags',
  kind: 'write',
  rate: 100,
  body: (accounts): WireAccountsRequest & Json => ({ To_Account: [...accounts] }),
  decode: (answer: Untrusted<{ ErrorList: WireAccountError[] }>) => decodeErrorList(answer.ErrorList),
};
