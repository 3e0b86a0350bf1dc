// The emulator's audiences: user tags and attributes kept in memory, the nine APIs that read and change them
// (100 accounts a call, partial failures in ErrorList), and who a push's Condition reaches among them.
import { Fail, isBody, isStringList, nonEmpty, type Body } from './protocol.js';
import type { Condition } from './push.js';

const MAX_ACCOUNTS = 100;
const MAX_TAG_BYTES = 50;
const MAX_TAGS_PER_USER = 100;
const ATTRIBUTE_SLOTS = 10;
const MAX_ATTRIBUTE_BYTES = 50;

/** Accounts named ghost… do not exist: they come back in ErrorList with 70107, as in batch. */
const exists = (account: string) => !account.startsWith('ghost');
const missing = (account: string) => ({ To_Account: account, ErrorCode: 70107, ErrorInfo: 'account not found' });

function accountList(value: unknown): string[] {
  if (!Array.isArray(value) || !value.every(nonEmpty)) throw new Fail(90100, 'To_Account must be an array of accounts');
  if (value.length === 0 || value.length > MAX_ACCOUNTS) throw new Fail(90018);
  return value;
}

/** Entries of UserTags / UserAttrs: an account and its list or object, at most 100. */
function entries(value: unknown, field: string): { account: string; value: unknown }[] {
  if (!Array.isArray(value) || !value.every((e) => isBody(e) && nonEmpty(e.To_Account)))
    throw new Fail(90100, `${field} must be an array of entries with To_Account`);
  if (value.length === 0 || value.length > MAX_ACCOUNTS) throw new Fail(90018);
  return (value as Body[]).map((e) => ({
    account: e.To_Account as string,
    value: field === 'UserTags' ? e.Tags : e.Attrs,
  }));
}

/** What an OK answer of a write says: the accounts it did not apply to. */
const errorList = (failed: string[]) => (failed.length ? { ErrorList: failed.map(missing) } : {});

export function createAudience() {
  const tags = new Map<string, Set<string>>();
  const attrs = new Map<string, Map<string, string>>();
  const names: (string | undefined)[] = Array.from({ length: ATTRIBUTE_SLOTS }, () => undefined);
  const tagsOf = (account: string) => tags.get(account) ?? tags.set(account, new Set()).get(account)!;
  const attrsOf = (account: string) => attrs.get(account) ?? attrs.set(account, new Map()).get(account)!;

  function tagValues(value: unknown, max: number): string[] {
    if (!isStringList(value) || value.length === 0) throw new Fail(90100, 'Tags must be an array of tags');
    if (value.length > max) throw new Fail(90100, `at most ${max} tags per user in one request`);
    if (value.some((t) => t === '' || Buffer.byteLength(t) > MAX_TAG_BYTES)) throw new Fail(90020);
    return value;
  }

  function attrValues(value: unknown): Record<string, string> {
    if (!isBody(value) || !Object.values(value).every((v) => typeof v === 'string'))
      throw new Fail(90100, 'Attrs must map attribute names to values');
    for (const [name, v] of Object.entries(value)) {
      if (!names.includes(name)) throw new Fail(90033, `attrName:${name} is not set`);
      if (Buffer.byteLength(v as string) > MAX_ATTRIBUTE_BYTES) throw new Fail(90033, `attr:${name} is too long`);
    }
    return value as Record<string, string>;
  }

  /** Applies `change` to every existing account of `list`; the others are the ErrorList. */
  function apply<T>(list: { account: string; value: T }[], change: (account: string, value: T) => void): Body {
    const failed = list.filter((e) => !exists(e.account)).map((e) => e.account);
    list.filter((e) => exists(e.account)).forEach((e) => change(e.account, e.value));
    return errorList(failed);
  }

  const answers = {
    get_tag(body: Body): Body {
      const accounts = accountList(body.To_Account);
      return {
        UserTags: accounts.filter(exists).map((a) => ({ To_Account: a, Tags: [...(tags.get(a) ?? [])] })),
        ...errorList(accounts.filter((a) => !exists(a))),
      };
    },
    add_tag(body: Body): Body {
      if (body.Replace !== undefined && body.Replace !== 0 && body.Replace !== 1)
        throw new Fail(90100, 'Replace must be 0 or 1');
      const replace = body.Replace === 1;
      const list = entries(body.UserTags, 'UserTags').map((e) => ({
        ...e,
        value: tagValues(e.value, replace ? MAX_TAGS_PER_USER : 10),
      }));
      return apply(list, (account, added) => {
        const now = replace ? new Set<string>() : tagsOf(account);
        added.forEach((t) => now.add(t));
        if (now.size > MAX_TAGS_PER_USER) throw new Fail(90100, 'a user has at most 100 tags');
        tags.set(account, now);
      });
    },
    remove_tag(body: Body): Body {
      const list = entries(body.UserTags, 'UserTags').map((e) => ({ ...e, value: tagValues(e.value, 100) }));
      return apply(list, (account, removed) => removed.forEach((t) => tags.get(account)?.delete(t)));
    },
    clear_all_tags(body: Body): Body {
      const list = accountList(body.To_Account).map((account) => ({ account, value: null }));
      return apply(list, (account) => tags.delete(account));
    },
    get_attr_name: (): Body => ({
      AttrNames: Object.fromEntries(names.flatMap((n, slot) => (n ? [[String(slot), n]] : []))),
      AttrTypes: Object.fromEntries(names.flatMap((n, slot) => (n ? [[String(slot), 0]] : []))),
    }),
    set_attr_name(body: Body): Body {
      if (!isBody(body.AttrNames)) throw new Fail(90100, 'AttrNames is required');
      for (const [slot, name] of Object.entries(body.AttrNames)) {
        const index = Number(slot);
        if (!/^\d$/.test(slot) || !nonEmpty(name) || Buffer.byteLength(name) > MAX_ATTRIBUTE_BYTES)
          throw new Fail(90033, `slot ${slot}: a name of 1 to 50 bytes in slots 0 to 9`);
        const at = names.indexOf(name);
        if (at >= 0 && at !== index) throw new Fail(90033, `attrName:${name} already exists at index:${at}`);
        names[index] = name;
      }
      return {};
    },
    get_attr(body: Body): Body {
      const accounts = accountList(body.To_Account);
      return {
        UserAttrs: accounts
          .filter(exists)
          .map((a) => ({ To_Account: a, Attrs: Object.fromEntries(attrs.get(a) ?? new Map<string, string>()) })),
        ...errorList(accounts.filter((a) => !exists(a))),
      };
    },
    set_attr(body: Body): Body {
      const list = entries(body.UserAttrs, 'UserAttrs').map((e) => ({ ...e, value: attrValues(e.value) }));
      return apply(list, (account, values) => {
        for (const [name, value] of Object.entries(values)) attrsOf(account).set(name, value);
      });
    },
    remove_attr(body: Body): Body {
      const list = entries(body.UserAttrs, 'UserAttrs').map((e) => {
        if (!isStringList(e.value)) throw new Fail(90100, 'Attrs must be an array of attribute names');
        return { ...e, value: e.value };
      });
      return apply(list, (account, removed) => removed.forEach((name) => attrs.get(account)?.delete(name)));
    },
  };

  /** Every account the emulator keeps tags or attributes of. */
  const known = () => [...new Set([...tags.keys(), ...attrs.keys()])];

  function matches(account: string, c: Condition): boolean {
    const mine = tags.get(account) ?? new Set<string>();
    const values = attrs.get(account);
    if (!c.tagsAnd.every((t) => mine.has(t))) return false;
    if (c.tagsOr.length && !c.tagsOr.some((t) => mine.has(t))) return false;
    // The documented reading: (A or B) and not (C and D).
    if (c.tagsNot.length && c.tagsNot.every((t) => mine.has(t))) return false;
    return Object.entries(c.attrs).every(([name, value]) => values?.get(name) === value);
  }

  return {
    answers,
    /** Whom a push reaches: everyone (traceable for any user; callbacks for the known accounts), or the matches. */
    audienceOf(condition: Condition | undefined): { recipients: string[] | null; notify: string[] } {
      if (!condition) return { recipients: null, notify: known() };
      const unknown = Object.keys(condition.attrs).find((name) => !names.includes(name));
      if (unknown) throw new Fail(90033, `attrName:${unknown} is not set`);
      const reached = known().filter((account) => matches(account, condition));
      return { recipients: reached, notify: reached };
    },
  };
}
export type Audience = ReturnType<typeof createAudience>;
