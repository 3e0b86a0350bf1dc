// get_attr: the attribute values of up to 100 accounts a call; the scheduler puts accounts from every request in
// one call.
import type { UserAttributes } from '../model.js';
import { accountReads, failureOf } from './accounts-wire.js';
import type { ReadApi } from './types.js';

export interface WireUserAttrs {
  To_Account: string;
  /** Name → value. */
  Attrs: Record<string, string>;
}

export const getAttr: ReadApi<string, UserAttributes> = {
  name: 'get_attr',
  kind: 'read',
  rate: 100,
  ...accountReads<UserAttributes, 'UserAttrs'>('UserAttrs'),
  decode(part, account) {
    const attrs = typeof part.Attrs === 'object' && part.Attrs !== null ? Object.entries(part.Attrs) : [];
    return {
      account,
      attributes: attrs
        .filter((e): e is [string, string] => typeof e[1] === 'string')
        .map(([name, value]) => ({ name, value })),
      failure: failureOf(part),
    };
  },
};
