// User tags, the audience of tag pushes: read (get_tag, 100 accounts a call shared with other requests), added,
// removed and cleared. Reads need stats:read, changes audience:write.
import { addTag, clearAllTags, getTag, removeTag } from '../upstream/apis/index.js';
import type { UserTags as UserTagsShape } from '../upstream/model.js';
import { AccountFailure, MAX_AUDIENCE_ACCOUNTS, audiencePayload, audienceWrites, requireTag } from './audience.js';
import { builder } from './builder.js';
import { idsArg, read, upstreamCost } from './cost.js';
import { badInput, requireIds } from './validate.js';

/** Tags a user can have; add_tag takes 10 a call, or 100 when they replace the user's tags. */
const MAX_TAGS_PER_USER = 100;
const MAX_TAGS_ADDED = 10;

const UserTags = builder.objectRef<UserTagsShape>('UserTags').implement({
  fields: (t) => ({
    account: t.exposeID('account'),
    tags: t.exposeStringList('tags'),
    failure: t.field({
      type: AccountFailure,
      nullable: true,
      description: 'Set when the upstream answered this account with an error (e.g. 70107: no such account).',
      resolve: (u) => u.failure,
    }),
  }),
});

function requireTags(tags: readonly string[], argument: string, max: number): string[] {
  if (tags.length === 0) throw badInput(`${argument} must hold at least one tag`, argument);
  if (tags.length > max) throw badInput(`${argument} holds ${tags.length} tags; at most ${max} are accepted`, argument);
  return tags.map((tag, i) => requireTag(tag, `${argument}[${i}]`));
}

const accounts = (list: readonly string[], argument = 'input.accounts') =>
  requireIds(list, argument, MAX_AUDIENCE_ACCOUNTS);

builder.queryField('userTags', (t) =>
  t.field({
    type: [UserTags],
    nullable: true,
    description: 'The tags of these accounts (get_tag): 100 accounts a call, shared with other requests.',
    args: { accounts: t.arg.idList({ required: true }) },
    extensions: upstreamCost({ intents: (args) => idsArg(args.accounts).map((a) => read(getTag, a)) }),
    resolve: (_, args, ctx) =>
      Promise.all(accounts(args.accounts, 'accounts').map((a) => ctx.loaders.userTags.load(a))),
  }),
);

const AddUserTagsInput = builder.inputType('AddUserTagsInput', {
  fields: (t) => ({
    accounts: t.idList({ required: true, description: `1 to ${MAX_AUDIENCE_ACCOUNTS} accounts.` }),
    tags: t.stringList({
      required: true,
      description: `Tags of at most 50 bytes: up to ${MAX_TAGS_ADDED}, or ${MAX_TAGS_PER_USER} with replace.`,
    }),
    replace: t.boolean({ defaultValue: false, description: "The accounts' tags become exactly these." }),
  }),
});
const RemoveUserTagsInput = builder.inputType('RemoveUserTagsInput', {
  fields: (t) => ({ accounts: t.idList({ required: true }), tags: t.stringList({ required: true }) }),
});
const ClearUserTagsInput = builder.inputType('ClearUserTagsInput', {
  fields: (t) => ({ accounts: t.idList({ required: true }) }),
});

const writes = { skipTypeScopes: true, authScopes: { audienceWrite: true } } as const;

builder.mutationFields((t) => ({
  addUserTags: t.field({
    ...writes,
    type: audiencePayload('AddUserTagsPayload'),
    description: 'Gives tags to accounts (add_tag), 100 accounts a call. Harmless to repeat.',
    args: { input: t.arg({ type: AddUserTagsInput, required: true }) },
    extensions: audienceWrites(addTag, 'accounts'),
    resolve: (_, { input }, ctx) => {
      const replace = input.replace ?? false;
      const max = replace ? MAX_TAGS_PER_USER : MAX_TAGS_ADDED;
      const tags = requireTags(input.tags, 'input.tags', max);
      return ctx.api.addUserTags({ accounts: accounts(input.accounts), tags, replace });
    },
  }),
  removeUserTags: t.field({
    ...writes,
    type: audiencePayload('RemoveUserTagsPayload'),
    description: 'Takes tags from accounts (remove_tag), 100 accounts a call. Harmless to repeat.',
    args: { input: t.arg({ type: RemoveUserTagsInput, required: true }) },
    extensions: audienceWrites(removeTag, 'accounts'),
    resolve: (_, { input }, ctx) =>
      ctx.api.removeUserTags({
        accounts: accounts(input.accounts),
        tags: requireTags(input.tags, 'input.tags', MAX_TAGS_PER_USER),
      }),
  }),
  clearUserTags: t.field({
    ...writes,
    type: audiencePayload('ClearUserTagsPayload'),
    description: 'Removes every tag of these accounts (clear_all_tags), 100 accounts a call.',
    args: { input: t.arg({ type: ClearUserTagsInput, required: true }) },
    extensions: audienceWrites(clearAllTags, 'accounts'),
    resolve: (_, { input }, ctx) => ctx.api.clearUserTags(accounts(input.accounts)),
  }),
}));
