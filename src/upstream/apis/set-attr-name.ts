// set_attr_name: names the app's attribute slots; the n-th name goes to slot n, slots past the list keep theirs.
// A name already in another slot is refused by the upstream (an attribute cannot move). A write: never retried.
import type { Json } from '../decode.js';
import type { WireAttrNamesAnswer } from './get-attr-name.js';
import type { WriteApi } from './types.js';

export const setAttrName: WriteApi<readonly string[], void> = {
  name: 'set_attr_name',
  kind: 'write',
  rate: 100,
  body: (names): Pick<WireAttrNamesAnswer, 'AttrNames'> & Json => ({
    AttrNames: Object.fromEntries(names.map((name, slot) => [String(slot), name])),
  }),
  decode: () => undefined,
};
