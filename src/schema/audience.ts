// Audiences: who an all-user, tag or attribute push reaches (AudienceInput, checked before any call), and the
// failed accounts the audience APIs answer beside an OK (their ErrorList).
import { MAX_ACCOUNTS_PER_CALL, type WriteApi } from '../upstream/apis/index.js';
import type { Attribute, Audience, AudienceResult } from '../upstream/model.js';
import { LIMITS } from '../upstream/wire.js';
import { builder } from './builder.js';
import { upstreamCost, write } from './cost.js';
import { badInput } from './validate.js';

export const AttributeInput = builder.inputType('AttributeInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'An attribute name set with setAttributeNames.' }),
    value: t.string({ required: true, description: 'At most 50 bytes.' }),
  }),
});

export const AudienceInput = builder.inputType('AudienceInput', {
  description:
    'Exactly one of: all: true (every user of the app), tags (tagsAnd, tagsOr, tagsNot, each of at most 10 tags), or attributes. Tags and attributes cannot be combined.',
  fields: (t) => ({
    all: t.boolean({ description: 'Every user of the app.' }),
    tagsAnd: t.stringList({ description: 'Users with all of these tags.' }),
    tagsOr: t.stringList({ description: 'Users with any of these tags.' }),
    tagsNot: t.stringList({ description: 'Leaves out users with these tags.' }),
    attributes: t.field({ type: [AttributeInput], description: 'Users with every one of these attribute values.' }),
  }),
});

export const AccountFailure = builder
  .objectRef<{ account: string; errorCode: number; errorInfo: string | null }>('AudienceAccountFailure')
  .implement({
    description:
      'An account the upstream did not apply an audience change to, with its reason (70107: no such account).',
    fields: (t) => ({
      account: t.exposeID('account'),
      errorCode: t.exposeInt('errorCode'),
      errorInfo: t.exposeString('errorInfo', { nullable: true }),
    }),
  });

/** Bytes an attribute name or value may hold (set_attr_name, set_attr). */
export const MAX_ATTRIBUTE_BYTES = 50;
/** Attributes an app can have: 10 slots. */
export const MAX_ATTRIBUTES = 10;

const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** A tag as the upstream takes it: not empty (90040), at most 50 bytes (90020). */
export function requireTag(tag: string, argument: string): string {
  if (tag === '') throw badInput(`${argument} must not be empty`, argument);
  if (bytes(tag) > LIMITS.maxTagBytes)
    throw badInput(`${argument} is ${bytes(tag)} bytes; a tag holds at most ${LIMITS.maxTagBytes}`, argument);
  return tag;
}

function tagList(list: readonly string[] | null | undefined, argument: string): string[] {
  const tags = [...(list ?? [])];
  if (tags.length > LIMITS.maxConditionTags)
    throw badInput(`${argument} holds ${tags.length} tags; at most ${LIMITS.maxConditionTags} are accepted`, argument);
  tags.forEach((tag, i) => requireTag(tag, `${argument}[${i}]`));
  return tags;
}

/** Attribute name/value pairs: names set, values within 50 bytes, no name twice. */
export function readAttributes(list: readonly Attribute[], argument: string): Attribute[] {
  const names = new Set<string>();
  return list.map(({ name, value }, i) => {
    const at = `${argument}[${i}]`;
    if (name.trim() === '') throw badInput(`${at}.name must not be empty`, `${at}.name`);
    if (names.has(name)) throw badInput(`${at}.name repeats "${name}", given before`, `${at}.name`);
    names.add(name);
    if (bytes(value) > MAX_ATTRIBUTE_BYTES)
      throw badInput(
        `${at}.value is ${bytes(value)} bytes; at most ${MAX_ATTRIBUTE_BYTES} are accepted`,
        `${at}.value`,
      );
    return { name, value };
  });
}

type AudienceArgs = typeof AudienceInput.$inferInput;

function tagsAudience(input: AudienceArgs, at: string): Audience {
  const and = tagList(input.tagsAnd, `${at}.tagsAnd`);
  const or = tagList(input.tagsOr, `${at}.tagsOr`);
  const not = tagList(input.tagsNot, `${at}.tagsNot`);
  const both = or.find((tag) => and.includes(tag));
  // The upstream refuses a tag both required and optional (90022).
  if (both !== undefined) throw badInput(`${at}: the tag "${both}" is in both tagsAnd and tagsOr`, `${at}.tagsOr`);
  return { kind: 'TAGS', and, or, not };
}

/** The audience of a push: exactly one kind, checked as the upstream would, before any call. */
export function readAudience(input: AudienceArgs, at: string): Audience {
  const hasTags = [input.tagsAnd, input.tagsOr, input.tagsNot].some((list) => list && list.length > 0);
  const hasAttributes = Boolean(input.attributes?.length);
  const kinds = [input.all === true, hasTags, hasAttributes].filter(Boolean).length;
  if (kinds === 0)
    throw badInput(`${at} is empty: give all: true, tags or attributes (everyone must be asked for)`, at);
  if (hasTags && hasAttributes) throw badInput(`${at} cannot combine tags and attributes`, at);
  if (kinds > 1) throw badInput(`${at}.all cannot be combined with tags or attributes`, at);
  if (input.all) return { kind: 'ALL' };
  if (hasTags) return tagsAudience(input, at);
  const attributes = readAttributes(input.attributes!, `${at}.attributes`);
  if (attributes.length > MAX_ATTRIBUTES)
    throw badInput(
      `${at}.attributes holds ${attributes.length}; an app has at most ${MAX_ATTRIBUTES}`,
      `${at}.attributes`,
    );
  return { kind: 'ATTRIBUTES', attributes };
}

/** Accounts one audience request takes; more than 100 are split into calls of 100. */
export const MAX_AUDIENCE_ACCOUNTS = 1000;

/** What an audience mutation answers: the accounts the upstream did not apply it to, with their reasons. */
export function audiencePayload(name: string) {
  return builder.objectRef<AudienceResult>(name).implement({
    fields: (t) => ({
      failedAccounts: t.field({
        type: [AccountFailure],
        description: "Accounts the change did not apply to (the upstream's ErrorList; the others were changed).",
        resolve: (r) => r.failedAccounts,
      }),
    }),
  });
}

/** The cost of an audience write: one call per 100 accounts (or users) in `input[list]`. */
export const audienceWrites = (api: WriteApi<never, unknown>, list: string) =>
  upstreamCost({
    intents: (args) => {
      const items = (args.input as Record<string, unknown> | undefined)?.[list];
      const n = Array.isArray(items) ? items.length : 0;
      return Array.from({ length: Math.max(1, Math.ceil(n / MAX_ACCOUNTS_PER_CALL)) }, () => write(api));
    },
  });
