// The Push form's parts: whom it reaches (accounts, tags, attributes or everyone, the last confirmed), the vendor
// options (collapsed, each saying what it does), when it goes, and today's quota of all-user and tag pushes.
import {
  DashboardPushQuotaDocument,
  type AndroidNotificationInput,
  type ApnsNotificationInput,
  type AudienceInput,
} from '../../gql/graphql.js';
import { request } from '../api.js';
import { fill, h } from '../dom.js';
import { count, time } from '../format.js';
import { splitIds } from '../task-sources.js';

type Control = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

export const field = (id: string, label: string, control: Control, hint?: string) =>
  h('div', { class: 'field' }, h('label', { for: id }, label), control, hint ? h('p', { class: 'hint' }, hint) : null);

const text = (id: string, name: string) => h('input', { id, name, autocomplete: 'off' });
const select = (id: string, values: readonly string[]) =>
  h(
    'select',
    { id, name: id },
    h('option', { value: '' }, 'as set in the console'),
    ...values.map((v) => h('option', { value: v }, v)),
  );

/** Who the push reaches: the accounts listed, or an audience (everyone, tags, attributes) for sendPush. */
export type Recipients = { toAccounts: string[] } | { audience: AudienceInput };

const AUDIENCES = [
  ['users', 'Accounts'],
  ['tags', 'Tags'],
  ['attributes', 'Attributes'],
  ['everyone', 'Everyone'],
] as const;
type AudienceKind = (typeof AUDIENCES)[number][0];

const tags = (value: string) => splitIds(value);

/** "level=gold" lines (or commas) as attribute name/value pairs. */
function attributes(value: string): { name: string; value: string }[] {
  return value
    .split(/[\n,]+/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf('=');
      return at < 0 ? { name: line, value: '' } : { name: line.slice(0, at).trim(), value: line.slice(at + 1).trim() };
    });
}

export function audienceFields() {
  const to = h('textarea', { id: 'push-to', name: 'toAccounts', required: true, rows: 3 });
  const and = text('push-tags-and', 'tagsAnd');
  const or = text('push-tags-or', 'tagsOr');
  const not = text('push-tags-not', 'tagsNot');
  const attrs = h('textarea', { id: 'push-attributes', name: 'attributes', rows: 2 });
  const confirm = h('input', { id: 'push-everyone-confirm', type: 'checkbox' });
  const radios = AUDIENCES.map(([value, label]) =>
    h(
      'label',
      { class: 'choice' },
      h('input', { type: 'radio', name: 'audience', value, checked: value === 'users' }),
      ` ${label}`,
    ),
  );
  const sections: Record<AudienceKind, HTMLElement> = {
    users: field('push-to', 'To accounts', to, '1–500 user ids, with commas, spaces or new lines between them.'),
    tags: h(
      'div',
      { class: 'stack' },
      field('push-tags-and', 'With all of these tags', and),
      field('push-tags-or', 'With any of these tags', or),
      field('push-tags-not', 'Leaving out users with these tags', not, 'Up to 10 tags a list, each up to 50 bytes.'),
    ),
    attributes: field(
      'push-attributes',
      'With these attribute values',
      attrs,
      'One name=value a line, e.g. level=gold.',
    ),
    everyone: h(
      'div',
      { class: 'field check warning' },
      confirm,
      h('label', { for: 'push-everyone-confirm' }, 'Yes, push to every user of the app'),
    ),
  };
  const chosen = (): AudienceKind =>
    (radios.map((r) => r.querySelector('input')!).find((r) => r.checked)?.value as AudienceKind) ?? 'users';
  // Only the shown part is required: a hidden required field would block the form without saying why.
  const sync = () => {
    const kind = chosen();
    for (const [name, section] of Object.entries(sections)) section.hidden = name !== kind;
    to.required = kind === 'users';
    confirm.required = kind === 'everyone';
  };
  radios.forEach((r) => r.addEventListener('change', sync));
  sync();
  const el = h(
    'fieldset',
    { class: 'audience' },
    h('legend', null, 'Who gets it'),
    h('div', { class: 'choices', role: 'radiogroup' }, ...radios),
    ...Object.values(sections),
  );
  return {
    el,
    chosen,
    /** Tags, attributes and everyone count against the daily quota; accounts do not. */
    read(): Recipients {
      switch (chosen()) {
        case 'users':
          return { toAccounts: splitIds(to.value) };
        case 'tags':
          return { audience: { tagsAnd: tags(and.value), tagsOr: tags(or.value), tagsNot: tags(not.value) } };
        case 'attributes':
          return { audience: { attributes: attributes(attrs.value) } };
        case 'everyone':
          return { audience: { all: true } };
      }
    },
  };
}

/** The set values only: what is left empty stays as configured in the console. */
function set<T extends Record<string, unknown>>(values: T): T | null {
  const out = Object.fromEntries(Object.entries(values).filter(([, v]) => v !== '' && v !== null && v !== undefined));
  return Object.keys(out).length ? (out as T) : null;
}

export function vendorFields() {
  const c = {
    xiaomiChannelId: text('push-xiaomi-channel', 'xiaomiChannelId'),
    oppoChannelId: text('push-oppo-channel', 'oppoChannelId'),
    oppoCategory: text('push-oppo-category', 'oppoCategory'),
    vivoClassification: select('push-vivo-classification', ['SYSTEM', 'OPERATIONAL']),
    vivoCategory: text('push-vivo-category', 'vivoCategory'),
    huaweiCategory: text('push-huawei-category', 'huaweiCategory'),
    huaweiImportance: select('push-huawei-importance', ['NORMAL', 'LOW']),
    honorImportance: select('push-honor-importance', ['NORMAL', 'LOW']),
    googleChannelId: text('push-google-channel', 'googleChannelId'),
    googlePriority: select('push-google-priority', ['HIGH', 'NORMAL']),
    apnsSound: text('push-apns-sound', 'apnsSound'),
    apnsInterruptionLevel: select('push-apns-interruption', ['ACTIVE', 'PASSIVE', 'TIME_SENSITIVE', 'CRITICAL']),
  };
  const el = h(
    'details',
    { id: 'push-vendor', class: 'vendor-options' },
    h('summary', null, 'Vendor options'),
    h(
      'p',
      { class: 'hint' },
      'Channels and categories decide whether a vendor treats the push as a message or as marketing, which it caps per device and day.',
    ),
    field(
      'push-xiaomi-channel',
      'Xiaomi channel',
      c.xiaomiChannelId,
      'A channel registered with Xiaomi, e.g. for messages.',
    ),
    field('push-oppo-channel', 'OPPO channel', c.oppoChannelId, 'A channel registered with OPPO.'),
    field(
      'push-oppo-category',
      'OPPO category',
      c.oppoCategory,
      'IM, ACCOUNT, ORDER…: private messages are not capped as marketing.',
    ),
    field(
      'push-vivo-classification',
      'vivo classification',
      c.vivoClassification,
      'SYSTEM messages are not capped per day; OPERATIONAL ones are.',
    ),
    field('push-vivo-category', 'vivo category', c.vivoCategory, 'IM, ORDER…: must agree with the classification.'),
    field(
      'push-huawei-category',
      'Huawei category',
      c.huaweiCategory,
      'IM, VOIP, SUBSCRIPTION…: without one, Huawei caps the push as marketing.',
    ),
    field('push-huawei-importance', 'Huawei importance', c.huaweiImportance, 'LOW messages arrive silently.'),
    field('push-honor-importance', 'HONOR importance', c.honorImportance, 'LOW messages arrive silently.'),
    field('push-google-channel', 'FCM channel', c.googleChannelId, 'The Android notification channel on FCM devices.'),
    field(
      'push-google-priority',
      'FCM priority',
      c.googlePriority,
      'HIGH wakes the device; FCM may lower it if the app rarely shows one.',
    ),
    field('push-apns-sound', 'APNs sound', c.apnsSound, 'A sound file of the app, with its suffix (e.g. ding.caf).'),
    field(
      'push-apns-interruption',
      'APNs interruption level',
      c.apnsInterruptionLevel,
      'TIME_SENSITIVE breaks through Focus; CRITICAL needs an entitlement from Apple.',
    ),
  );
  return {
    el,
    read(): { android: AndroidNotificationInput | null; apns: ApnsNotificationInput | null } {
      const v = (control: Control) => control.value.trim();
      return {
        android: set({
          xiaomiChannelId: v(c.xiaomiChannelId),
          oppoChannelId: v(c.oppoChannelId),
          oppoCategory: v(c.oppoCategory),
          vivoClassification: v(c.vivoClassification) as AndroidNotificationInput['vivoClassification'],
          vivoCategory: v(c.vivoCategory),
          huaweiCategory: v(c.huaweiCategory),
          huaweiImportance: v(c.huaweiImportance) as AndroidNotificationInput['huaweiImportance'],
          honorImportance: v(c.honorImportance) as AndroidNotificationInput['honorImportance'],
          googleChannelId: v(c.googleChannelId),
          googlePriority: v(c.googlePriority) as AndroidNotificationInput['googlePriority'],
        }),
        apns: set({
          sound: v(c.apnsSound),
          interruptionLevel: v(c.apnsInterruptionLevel) as ApnsNotificationInput['interruptionLevel'],
        }),
      };
    },
  };
}

export function scheduleFields() {
  const later = h('input', { id: 'push-later', type: 'checkbox' });
  const at = h('input', { id: 'push-at', name: 'at', type: 'datetime-local', step: 1 });
  const when = field('push-at', 'Push at', at, 'In your browser’s time zone; Tencent sends it then.');
  const sync = () => {
    when.hidden = !later.checked;
    at.required = later.checked;
  };
  later.addEventListener('change', sync);
  sync();
  return {
    el: h(
      'div',
      { class: 'stack' },
      h('div', { class: 'field check' }, later, h('label', { for: 'push-later' }, 'Send later')),
      when,
    ),
    /** The time to push at, or null for now. */
    read: (): string | null => (later.checked && at.value ? new Date(at.value).toISOString() : null),
  };
}

/** Today's all-user, tag and attribute pushes left, from the gateway's count; read again after each push. */
export function quotaLine() {
  const el = h('p', { class: 'quota', 'aria-live': 'polite' });
  const refresh = () =>
    request(DashboardPushQuotaDocument, {}).then(
      ({ data }) => {
        const q = data?.pushQuota;
        if (!q || q.remaining == null)
          return fill(el, 'Today’s quota of all-user and tag pushes cannot be read just now.');
        fill(
          el,
          'All-user, tag and attribute pushes left today: ',
          h('strong', { 'data-field': 'quota-remaining' }, count(q.remaining)),
          ` of ${count(q.dailyLimit)}; the count starts again at ${time(q.resetsAt)}.`,
        );
      },
      () => fill(el),
    );
  void refresh();
  return { el, refresh };
}
