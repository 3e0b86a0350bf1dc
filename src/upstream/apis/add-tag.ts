// add_tag: gives tags to up to 100 accounts a call, or with Replace: 1 makes them the accounts' only tags.
// A write: never retried (an unclear failure is reported; adding the same tags again is harmless).
import type { Json } from '../decode.js';
import type { AccountFailure, TagChange } from '../model.js';
import { decodeErrorList, type WireAccountError } from './accounts-wire.js';
import { userTags, type WireTagsRequest } from './tag-writes.js';
import type { Untrusted, WriteApi } from './types.js';

export interface WireAddTagRequest extends WireTagsRequest {
  /** 0: add to the accounts' tags; 1: replace all of them. */
  Replace: 0 | 1;
}

export const addTag: WriteApi<TagChange, AccountFailure[]> = {
  name: 'add_tag',
  kind: 'write',
  rate: 100,
  body: (change): WireAddTagRequest & Json => ({
    Replace: change.replace ? 1 : 0,
    UserTags: userTags(change.accounts, change.tags),
  }),
  decode: (answer: Untrusted<{ ErrorList: WireAccountError[] }>) => decodeErrorList(answer.ErrorList),
};
