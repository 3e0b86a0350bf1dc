// get_attr_name: the app's attribute names, by slot ("0" to "9"). One question with no key; never cached.
import type { Json } from '../decode.js';
import type { ReadApi, Untrusted } from './types.js';

export interface WireAttrNamesAnswer {
  /** Slot "0".."9" → name. */
  AttrNames: Record<string, string>;
  /** Slot → 0 (UserID attribute) or 1 (RegistrationID attribute). */
  AttrTypes?: Record<string, number>;
}

/** The slots an app has. */
export const ATTRIBUTE_SLOTS = 10;

export const getAttrName: ReadApi<'names', string[]> = {
  name: 'get_attr_name',
  kind: 'read',
  rate: 100,
  keyId: () => 'names',
  body: (): Json => ({}),
  split: (answer: Untrusted<WireAttrNamesAnswer>) => [{ AttrNames: answer.AttrNames }],
  decode(part) {
    const names = part.AttrNames;
    if (typeof names !== 'object' || names === null) return [];
    return Object.entries(names as Record<string, unknown>)
      .filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== '')
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([, name]) => name);
  },
  ttlMs: () => 0,
};
