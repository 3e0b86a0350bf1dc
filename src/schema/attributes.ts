// User attributes, the audience of attribute pushes: the app's attribute names (10 slots), and each account's
// values, read (get_attr, 100 accounts a call shared with other requests), set and removed. Reads need
// stats:read, changes audience:write.
import { getAttr, getAttrName, removeAttr, setAttr, setAttrName } from '../upstream/apis/index.js';
import type { Attribute as AttributeShape, UserAttributes as UserAttributesShape } from '../upstream/model.js';
import {
  AccountFailure,
  AttributeInput,
  MAX_ATTRIBUTES,
  MAX_ATTRIBUTE_BYTES,
  MAX_AUDIENCE_ACCOUNTS,
  audiencePayload,
  audienceWrites,
  readAttributes,
} from './audience.js';
import { builder } from './builder.js';
import { idsArg, read, upstreamCost, write } from './cost.js';
import { badInput, requireId, requireIds } from './validate.js';

const Attribute = builder.objectRef<AttributeShape>('Attribute').implement({
  fields: (t) => ({ name: t.exposeString('name'), value: t.exposeString('value') }),
});

const UserAttributes = builder.objectRef<UserAttributesShape>('UserAttributes').implement({
  fields: (t) => ({
    account: t.exposeID('account'),
    attributes: t.field({ type: [Attribute], resolve: (u) => u.attributes }),
    failure: t.field({
      type: AccountFailure,
      nullable: true,
      description: 'Set when the upstream answered this account with an error (e.g. 70107: no such account).',
      resolve: (u) => u.failure,
    }),
  }),
});

/** 1 to `max` names, each set, within 50 bytes, none twice. */
function requireNames(names: readonly string[], argument: string, max = MAX_ATTRIBUTES): string[] {
  if (names.length === 0 || names.length > max)
    throw badInput(`${argument} must hold 1 to ${max} names, not ${names.length}`, argument);
  names.forEach((name, i) => {
    const at = `${argument}[${i}]`;
    if (name.trim() === '') throw badInput(`${at} must not be empty`, at);
    if (Buffer.byteLength(name, 'utf8') > MAX_ATTRIBUTE_BYTES)
      throw badInput(`${at} is over ${MAX_ATTRIBUTE_BYTES} bytes`, at);
    if (names.indexOf(name) !== i) throw badInput(`${at} repeats "${name}", given before`, at);
  });
  return [...names];
}

/** 1 to 1000 users, each a valid account. */
function requireUsers<U extends { account: string }>(users: readonly U[], argument: string): U[] {
  if (users.length === 0 || users.length > MAX_AUDIENCE_ACCOUNTS)
    throw badInput(`${argument} must hold 1 to ${MAX_AUDIENCE_ACCOUNTS} users, not ${users.length}`, argument);
  users.forEach((u, i) => requireId(u.account, `${argument}[${i}].account`));
  return [...users];
}

builder.queryFields((t) => ({
  attributeNames: t.stringList({
    nullable: true,
    description: "The app's attribute names, in slot order (get_attr_name; 10 slots).",
    extensions: upstreamCost({ intents: () => [read(getAttrName, 'names')] }),
    resolve: (_, __, ctx) => ctx.api.attributeNames(),
  }),
  userAttributes: t.field({
    type: [UserAttributes],
    nullable: true,
    description: 'The attribute values of these accounts (get_attr): 100 accounts a call, shared with other requests.',
    args: { accounts: t.arg.idList({ required: true }) },
    extensions: upstreamCost({ intents: (args) => idsArg(args.accounts).map((a) => read(getAttr, a)) }),
    resolve: (_, args, ctx) =>
      Promise.all(
        requireIds(args.accounts, 'accounts', MAX_AUDIENCE_ACCOUNTS).map((a) => ctx.loaders.userAttributes.load(a)),
      ),
  }),
}));

const SetAttributeNamesInput = builder.inputType('SetAttributeNamesInput', {
  fields: (t) => ({
    names: t.stringList({
      required: true,
      description:
        'Up to 10 names of at most 50 bytes: the n-th goes to slot n, slots past the list keep theirs. A name cannot move to another slot.',
    }),
  }),
});
const SetAttributeNamesPayload = builder.objectRef<{ written: true }>('SetAttributeNamesPayload').implement({
  fields: (t) => ({
    names: t.stringList({
      nullable: true,
      description: "The app's attribute names after the change, read back (get_attr_name).",
      extensions: upstreamCost({ intents: () => [read(getAttrName, 'names')] }),
      resolve: (_, __, ctx) => ctx.api.attributeNames(),
    }),
  }),
});

const UserAttributesInput = builder.inputType('UserAttributesInput', {
  fields: (t) => ({
    account: t.id({ required: true }),
    attributes: t.field({ type: [AttributeInput], required: true }),
  }),
});
const UserAttributeNamesInput = builder.inputType('UserAttributeNamesInput', {
  fields: (t) => ({ account: t.id({ required: true }), names: t.stringList({ required: true }) }),
});
const SetUserAttributesInput = builder.inputType('SetUserAttributesInput', {
  fields: (t) => ({ users: t.field({ type: [UserAttributesInput], required: true }) }),
});
const RemoveUserAttributesInput = builder.inputType('RemoveUserAttributesInput', {
  fields: (t) => ({ users: t.field({ type: [UserAttributeNamesInput], required: true }) }),
});

const writes = { skipTypeScopes: true, authScopes: { audienceWrite: true } } as const;

builder.mutationFields((t) => ({
  setAttributeNames: t.field({
    ...writes,
    type: SetAttributeNamesPayload,
    description: "Names the app's attribute slots (set_attr_name); attributes must be named before use.",
    args: { input: t.arg({ type: SetAttributeNamesInput, required: true }) },
    extensions: upstreamCost({ intents: () => [write(setAttrName)] }),
    resolve: async (_, { input }, ctx) => {
      await ctx.api.setAttributeNames(requireNames(input.names, 'input.names'));
      return { written: true as const };
    },
  }),
  setUserAttributes: t.field({
    ...writes,
    type: audiencePayload('SetUserAttributesPayload'),
    description: "Sets accounts' attribute values (set_attr), 100 accounts a call. Harmless to repeat.",
    args: { input: t.arg({ type: SetUserAttributesInput, required: true }) },
    extensions: audienceWrites(setAttr, 'users'),
    resolve: (_, { input }, ctx) =>
      ctx.api.setUserAttributes({
        users: requireUsers(input.users, 'input.users').map((u, i) => {
          const at = `input.users[${i}].attributes`;
          if (u.attributes.length === 0) throw badInput(`${at} must hold at least one attribute`, at);
          return { account: u.account, attributes: readAttributes(u.attributes, at) };
        }),
      }),
  }),
  removeUserAttributes: t.field({
    ...writes,
    type: audiencePayload('RemoveUserAttributesPayload'),
    description: 'Removes attributes, by name, from accounts (remove_attr), 100 accounts a call.',
    args: { input: t.arg({ type: RemoveUserAttributesInput, required: true }) },
    extensions: audienceWrites(removeAttr, 'users'),
    resolve: (_, { input }, ctx) =>
      ctx.api.removeUserAttributes({
        users: requireUsers(input.users, 'input.users').map((u, i) => ({
          account: u.account,
          names: requireNames(u.names, `input.users[${i}].names`),
        })),
      }),
  }),
}));
