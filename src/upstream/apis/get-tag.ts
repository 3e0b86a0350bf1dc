// get_tag: the tags of up to 100 accounts a call; the scheduler puts accounts from every request in one call.
import type { UserTags } from '../model.js';
import { accountReads, failureOf } from './accounts-wire.js';
import type { ReadApi } from './types.js';

export interface WireUserTags {
  To_Account: string;
  Tags: string[];
}

export const getTag: ReadApi<string, UserTags> = {
  name: 'get_tag',
  kind: 'read',
  rate: 100,
  ...accountReads<UserTags, 'UserTags'>('UserTags'),
  decode: (part, account) => ({
    account,
    tags: Array.isArray(part.Tags) ? part.Tags.filter((t): t is string => typeof t === 'string') : [],
    failure: failureOf(part),
  }),
};
