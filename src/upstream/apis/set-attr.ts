// set_attr: sets attribute values of up to 100 accounts a call (names set first with set_attr_name).
// A write: never retried (setting the same values again is harmless).
import type { Json } from '../decode.js';
import type { AccountFailure, AttributeChange } from '../model.js';
import { decodeErrorList, type WireAccountError } from './accounts-wire.js';
import type { WireUserAttrs } from './get-attr.js';
import type { Untrusted, WriteApi } from './types.js';

export interface WireSetAttrRequest {
  UserAttrs: WireUserAttrs[];
}

export const setAttr: WriteApi<AttributeChange, AccountFailure[]> = {
  name: 'set_attr',
  kind: 'write',
  rate: 100,
  body: ({ users }): WireSetAttrRequest & Json => ({
    UserAttrs: users.map((u) => ({
      To_Account: u.account,
      Attrs: Object.fromEntries(u.attributes.map((a) => [a.name, a.value])),
    })),
  }),
  decode: (answer: Untrusted<{ ErrorList: WireAccountError[] }>) => decodeErrorList(answer.ErrorList),
};
