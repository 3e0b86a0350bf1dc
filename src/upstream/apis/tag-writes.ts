// What add_tag and remove_tag send: the same tags for every account of the call, as UserTags entries.
import type { WireUserTags } from './get-tag.js';

export interface WireTagsRequest {
  UserTags: WireUserTags[];
}

export const userTags = (accounts: readonly string[], tags: string[]): WireUserTags[] =>
  accounts.map((account) => ({ To_Account: account, Tags: tags }));

/** Tags one add_tag call gives an account: 10, or 100 when replacing. */
export const MAX_TAGS_ADDED = 10;
export const MAX_TAGS_REPLACED = 100;
