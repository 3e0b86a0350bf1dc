// remove_tag: takes tags from up to 100 accounts a call. A write: never retried (removing again is harmless).
import type { Json } from '../decode.js';
import type { AccountFailure, TagChange } from '../model.js';
import { decodeErrorList, type WireAccountError } from './accounts-wire.js';
import { userTags, type WireTagsRequest } from './tag-writes.js';
import type { Untrusted, WriteApi } from './types.js';

export const removeTag: WriteApi<Omit<TagChange, 'replace'>, AccountFailure[]> = {
  name: 'remove_tag',
  kind: 'write',
  rate: 100,
  body: (change): WireTagsRequest & Json => ({ UserTags: userTags(change.accounts, change.tags) }),
  decode: (answer: Untrusted<{ ErrorList: WireAccountError[] }>) => decodeErrorList(answer.ErrorList),
};
