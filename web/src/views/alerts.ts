// The Alerts view (/alerts): alerts firing now with what to do and how each channel was told, the rules (create,
// edit, pause, delete), and the latest resolved alerts; kept current by the alerts subscription. Also the banner
// the Task view shows while an alert concerning the task fires. Webhook URLs come back masked and secrets never:
// editing a rule sends the masked URL back, which keeps the channel.
import '../../alerts.css';
import {
  DashboardAlertChangesDocument,
  DashboardAlertsDocument,
  DashboardCreateAlertRuleDocument,
  DashboardDeleteAlertRuleDocument,
  DashboardTaskAlertsDocument,
  DashboardUpdateAlertRuleDocument,
  type AlertRuleInput,
  type DashboardAlertFragment,
  type DashboardAlertRuleFragment,
  type LossClass,
  type PushPlatform,
  type WebhookFormat,
} from '../../gql/graphql.js';
import { request, subscribe } from '../api.js';
import { fill, h, link } from '../dom.js';
import { CLASS_NAMES, platform, share, time } from '../format.js';
import { errorBox, loading, type View } from './common.js';

type Rule = DashboardAlertRuleFragment;
type Alert = DashboardAlertFragment;
type Kind = 'lossRate' | 'newCode' | 'silence' | 'quota';

const KIND_NAMES: Record<Kind, string> = {
  lossRate: 'Loss rate above a share',
  newCode: 'A vendor code seen for the first time',
  silence: 'No callback after a push',
  quota: "Today's push quota running out",
};
const FORMATS: WebhookFormat[] = ['GENERIC', 'SLACK', 'WECOM', 'DINGTALK', 'FEISHU'];
const FORMAT_NAMES: Record<WebhookFormat, string> = {
  GENERIC: 'JSON (generic)',
  SLACK: 'Slack',
  WECOM: 'WeCom 企业微信',
  DINGTALK: 'DingTalk 钉钉',
  FEISHU: 'Feishu / Lark 飞书',
};
const PLATFORMS: PushPlatform[] = ['APNS', 'FCM', 'HUAWEI', 'HONOR', 'XIAOMI', 'OPPO', 'VIVO', 'MEIZU', 'UNKNOWN'];
const CLASSES = Object.keys(CLASS_NAMES) as LossClass[];

export function alertsView(url: URL): View {
  const focus = url.searchParams.get('alert');
  const firing = h('section', { 'aria-labelledby': 'firing-title', 'aria-busy': 'true' });
  const rules = h('section', { 'aria-labelledby': 'rules-title' });
  const editor = h('section', { 'aria-labelledby': 'editor-title', hidden: true });
  const past = h('section', { 'aria-labelledby': 'past-title' });
  const el = h(
    'div',
    { class: 'alerts-view' },
    h('h1', null, 'Alerts'),
    h(
      'p',
      { class: 'lead' },
      "Rules watch the push callbacks and today's push quota, and tell your chat rooms once when delivery breaks and once when it recovers.",
    ),
    firing,
    rules,
    editor,
    past,
  );
  fill(firing, h('h2', { id: 'firing-title' }, 'Firing now'), loading('Loading the alerts…'));

  let current: Rule[] = [];
  let focused = false;

  async function reload(): Promise<void> {
    try {
      const { data, errors } = await request(DashboardAlertsDocument, {});
      current = data?.alertRules ?? [];
      const now = (data?.firing.edges ?? []).map((e) => e.node);
      const before = (data?.past.edges ?? []).map((e) => e.node);
      fill(
        firing,
        h('h2', { id: 'firing-title' }, 'Firing now'),
        errorBox(errors),
        now.length ? now.map(alertCard) : h('p', { class: 'empty', 'data-field': 'none-firing' }, 'Nothing is firing.'),
      );
      fill(rules, h('h2', { id: 'rules-title' }, 'Rules'), rulesTable(current, { edit, pause, remove }), newButton());
      fill(
        past,
        h('h2', { id: 'past-title' }, 'Past alerts'),
        before.length ? before.map(alertCard) : h('p', { class: 'empty' }, 'No alert has resolved yet.'),
      );
    } catch (error) {
      fill(firing, h('h2', { id: 'firing-title' }, 'Firing now'), errorBox(error));
    }
    firing.removeAttribute('aria-busy');
    if (focus && !focused) {
      const card = el.querySelector<HTMLElement>(`[data-alert="${CSS.escape(focus)}"]`);
      if (card) {
        focused = true;
        card.classList.add('focused');
        card.scrollIntoView({ block: 'center' });
      }
    }
  }

  const newButton = () => {
    const button = h('button', { type: 'button', class: 'primary', 'data-action': 'new-rule' }, 'New rule');
    button.addEventListener('click', () => openEditor(undefined));
    return h('p', { class: 'actions-row' }, button);
  };

  function openEditor(rule: Rule | undefined): void {
    editor.hidden = false;
    fill(
      editor,
      h('h2', { id: 'editor-title' }, rule ? `Edit “${rule.name}”` : 'New rule'),
      ruleForm(rule, {
        save: async (input) => {
          if (rule) await request(DashboardUpdateAlertRuleDocument, { id: rule.id, input });
          else await request(DashboardCreateAlertRuleDocument, { input });
          editor.hidden = true;
          fill(editor);
          await reload();
        },
        cancel: () => {
          editor.hidden = true;
          fill(editor);
        },
      }),
    );
    editor.querySelector<HTMLInputElement>('input')?.focus();
  }

  function edit(rule: Rule): void {
    openEditor(rule);
  }

  async function pause(rule: Rule): Promise<void> {
    await request(DashboardUpdateAlertRuleDocument, {
      id: rule.id,
      input: { ...inputOf(rule), enabled: !rule.enabled },
    });
    await reload();
  }

  async function remove(rule: Rule): Promise<void> {
    if (!confirm(`Delete the rule “${rule.name}” and its alerts?`)) return;
    await request(DashboardDeleteAlertRuleDocument, { id: rule.id });
    await reload();
  }

  void reload();
  // Every change anywhere (a firing, a resolution, a delivery's outcome) reloads, at most twice a second.
  let pending: ReturnType<typeof setTimeout> | undefined;
  const stop = subscribe(
    DashboardAlertChangesDocument,
    {},
    () => {
      pending ??= setTimeout(() => {
        pending = undefined;
        void reload();
      }, 500);
    },
    () => undefined, // the lists stay as last read; reloading the page reads them again
  );
  return {
    title: 'Alerts',
    el,
    dispose: () => {
      stop();
      clearTimeout(pending);
    },
  };
}

/** A rule as the form and the pause button send it back: masked URLs keep their channels, secrets are left out. */
function inputOf(rule: Rule): AlertRuleInput {
  const c = rule.condition;
  return {
    name: rule.name,
    cooldownMinutes: rule.cooldownMinutes,
    enabled: rule.enabled,
    channels: rule.channels.map(({ webhook }) => ({ webhook: { url: webhook.url, format: webhook.format } })),
    condition: c.lossRate
      ? { lossRate: c.lossRate }
      : c.newCode
        ? { newCode: c.newCode }
        : c.silence
          ? { silence: c.silence }
          : { quota: { remainingBelow: c.quota?.remainingBelow ?? 1 } },
  };
}

function rulesTable(
  rules: Rule[],
  act: { edit(r: Rule): void; pause(r: Rule): Promise<void>; remove(r: Rule): Promise<void> },
) {
  if (rules.length === 0)
    return h('p', { class: 'empty' }, 'No rule yet: make one to be told when delivery breaks (see docs/alerts.md).');
  const button = (label: string, action: string, run: () => void | Promise<void>) => {
    const b = h('button', { type: 'button', class: 'link', 'data-action': action }, label);
    b.addEventListener('click', () => void run());
    return b;
  };
  return h(
    'table',
    { class: 'alert-rules' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ...['Rule', 'Condition', 'Channels', 'Cooldown', 'State', ''].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      null,
      ...rules.map((rule) =>
        h(
          'tr',
          { 'data-rule': rule.id },
          h('th', { scope: 'row', 'data-label': 'Rule' }, rule.name),
          h('td', { 'data-label': 'Condition' }, conditionText(rule)),
          h(
            'td',
            { 'data-label': 'Channels' },
            rule.channels.length
              ? rule.channels.map(({ webhook }) =>
                  h(
                    'span',
                    { class: 'sub' },
                    `${FORMAT_NAMES[webhook.format]} · ${webhook.url}${webhook.signed ? ' · signed' : ''}`,
                  ),
                )
              : h('span', { class: 'sub' }, 'none (dashboard and subscription only)'),
          ),
          h('td', { 'data-label': 'Cooldown' }, `${rule.cooldownMinutes} min`),
          h(
            'td',
            { 'data-label': 'State', 'data-field': 'rule-state' },
            rule.enabled ? h('span', { class: 'badge on' }, 'Watching') : h('span', { class: 'badge off' }, 'Paused'),
          ),
          h(
            'td',
            { class: 'rule-actions' },
            button('Edit', 'edit', () => act.edit(rule)),
            button(rule.enabled ? 'Pause' : 'Resume', 'pause', () => act.pause(rule)),
            button('Delete', 'delete', () => act.remove(rule)),
          ),
        ),
      ),
    ),
  );
}

function conditionText(rule: Rule): string {
  const c = rule.condition;
  if (c.lossRate) {
    const scope = [
      c.lossRate.taskId ? `task ${c.lossRate.taskId}` : 'all pushes',
      c.lossRate.platform ? platform(c.lossRate.platform) : null,
      c.lossRate.class ? CLASS_NAMES[c.lossRate.class] : null,
    ]
      .filter(Boolean)
      .join(', ');
    return `Loss rate above ${share(c.lossRate.above)} over ${c.lossRate.windowMinutes} min (${scope}; from ${c.lossRate.minEvents} devices)`;
  }
  if (c.newCode)
    return `A code seen for the first time${c.newCode.platform ? ` on ${platform(c.newCode.platform)}` : ''}${c.newCode.class ? ` (${CLASS_NAMES[c.newCode.class]})` : ''}, within ${c.newCode.windowMinutes} min`;
  if (c.silence) return `No callback ${c.silence.minutes} min after a push`;
  return `Fewer than ${c.quota?.remainingBelow ?? '?'} pushes left today`;
}

function alertCard(alert: Alert): HTMLElement {
  return h(
    'article',
    { class: `alert-card ${alert.state === 'FIRING' ? 'firing' : 'resolved'}`, 'data-alert': alert.id },
    h(
      'h3',
      null,
      h(
        'span',
        { class: `badge ${alert.state === 'FIRING' ? 'firing' : 'resolved'}` },
        alert.state === 'FIRING' ? 'Firing' : 'Resolved',
      ),
      ' ',
      alert.rule.name,
    ),
    h('p', { 'data-field': 'summary' }, alert.summary),
    h(
      'p',
      { class: 'muted' },
      `Fired ${time(alert.firedAt)}`,
      alert.resolvedAt ? ` · resolved ${time(alert.resolvedAt)}` : null,
    ),
    alert.state === 'FIRING' && alert.remedy
      ? h('p', { class: 'remedy' }, h('strong', null, 'What to do: '), alert.remedy)
      : null,
    alert.codes.length
      ? h(
          'ul',
          { class: 'alert-codes' },
          ...alert.codes.map((c) =>
            h(
              'li',
              null,
              h('code', null, `${platform(c.platform)} ${c.code}`),
              c.info ? ` ${c.info}` : '',
              ` · ${CLASS_NAMES[c.class]}`,
              c.count !== null ? ` · ${c.count} devices` : '',
              c.meaning ? h('span', { class: 'sub' }, c.meaning) : null,
            ),
          ),
        )
      : null,
    alert.tasks.length
      ? h(
          'p',
          null,
          'Tasks: ',
          ...alert.tasks.flatMap((t, i) => [i ? ', ' : '', link(`/tasks/${encodeURIComponent(t.id)}`, t.id)]),
        )
      : null,
    deliveriesTable(alert),
  );
}

const STATUS_NAMES: Record<Alert['deliveries'][number]['status'], string> = {
  PENDING: 'Waiting',
  SENDING: 'Sending',
  DELIVERED: 'Delivered',
  RETRYING: 'Retrying',
  FAILED: 'Failed',
};

function deliveriesTable(alert: Alert): HTMLElement {
  if (alert.deliveries.length === 0) return h('p', { class: 'sub' }, 'No channel to tell.');
  return h(
    'table',
    { class: 'deliveries' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        ...['Channel', 'Message', 'Status', 'Attempts', 'Last attempt'].map((t) => h('th', { scope: 'col' }, t)),
      ),
    ),
    h(
      'tbody',
      null,
      ...alert.deliveries.map((d) =>
        h(
          'tr',
          { 'data-delivery': `${d.event}:${d.channelIndex}` },
          h('td', { 'data-label': 'Channel' }, `${FORMAT_NAMES[d.channel.webhook.format]} · ${d.channel.webhook.url}`),
          h('td', { 'data-label': 'Message' }, d.event === 'FIRING' ? 'Firing' : 'Resolved'),
          h(
            'td',
            { 'data-label': 'Status', 'data-field': 'delivery-status' },
            h('span', { class: `badge ${d.status.toLowerCase()}` }, STATUS_NAMES[d.status]),
            d.error ? h('span', { class: 'sub' }, d.error) : null,
          ),
          h('td', { 'data-label': 'Attempts', class: 'num' }, String(d.attempts)),
          h('td', { 'data-label': 'Last attempt' }, time(d.at)),
        ),
      ),
    ),
  );
}

// ---- The rule form ----

let fields = 0;
/** A labelled control, as the Push form lays them out. */
function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  control.id ||= `alert-field-${++fields}`;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: control.id }, label),
    control,
    hint ? h('p', { class: 'hint' }, hint) : null,
  );
}

const numberInput = (name: string, value: number | undefined, attrs: Record<string, string | number> = {}) =>
  h('input', { type: 'number', name, value: value ?? '', required: true, ...attrs });

function select<T extends string>(name: string, options: [T | '', string][], value: T | null | undefined) {
  const s = h(
    'select',
    { name },
    ...options.map(([v, label]) => h('option', { value: v, selected: v === (value ?? '') }, label)),
  );
  return s;
}

const platformSelect = (name: string, value: PushPlatform | null | undefined) =>
  select<PushPlatform>(
    name,
    [['', 'Any channel'], ...PLATFORMS.map((p): [PushPlatform, string] => [p, platform(p)])],
    value,
  );
const classSelect = (name: string, value: LossClass | null | undefined) =>
  select<LossClass>(name, [['', 'Any class'], ...CLASSES.map((c): [LossClass, string] => [c, CLASS_NAMES[c]])], value);

function channelRow(channel?: Rule['channels'][number]): HTMLElement {
  const row = h(
    'fieldset',
    { class: 'channel-row' },
    h('legend', null, 'Webhook'),
    field(
      'URL',
      h('input', { name: 'url', type: 'text', required: true, value: channel?.webhook.url ?? '', autocomplete: 'off' }),
    ),
    field(
      'Format',
      select<WebhookFormat>(
        'format',
        FORMATS.map((f): [WebhookFormat, string] => [f, FORMAT_NAMES[f]]),
        channel?.webhook.format ?? 'GENERIC',
      ),
    ),
    field(
      'Secret',
      h('input', {
        name: 'secret',
        type: 'password',
        autocomplete: 'new-password',
        placeholder: channel?.webhook.signed ? 'kept unless typed again' : 'optional',
      }),
      'GENERIC signs each body with it; DingTalk and Feishu robots take their signing secret. Never shown again.',
    ),
  );
  const remove = h('button', { type: 'button', class: 'link' }, 'Remove this webhook');
  remove.addEventListener('click', () => row.remove());
  row.append(remove);
  return row;
}

function ruleForm(
  rule: Rule | undefined,
  on: { save(input: AlertRuleInput): Promise<void>; cancel(): void },
): HTMLElement {
  const c = rule?.condition;
  const kind: Kind = c?.newCode ? 'newCode' : c?.silence ? 'silence' : c?.quota ? 'quota' : 'lossRate';
  const kindSelect = select<Kind>(
    'kind',
    (Object.keys(KIND_NAMES) as Kind[]).map((k): [Kind, string] => [k, KIND_NAMES[k]]),
    kind,
  );
  const groups: Record<Kind, HTMLElement> = {
    lossRate: h(
      'div',
      { 'data-kind': 'lossRate' },
      field(
        'Above (%)',
        numberInput('above', c?.lossRate ? c.lossRate.above * 100 : 5, { min: 0, max: 99.99, step: 0.01 }),
      ),
      field('From devices', numberInput('minEvents', c?.lossRate?.minEvents ?? 100, { min: 1 })),
      field('Window (minutes)', numberInput('windowMinutes', c?.lossRate?.windowMinutes ?? 60, { min: 1, max: 1440 })),
      field('Task id', h('input', { name: 'taskId', value: c?.lossRate?.taskId ?? '', placeholder: 'all pushes' })),
      field('Channel', platformSelect('platform', c?.lossRate?.platform)),
      field('Class', classSelect('class', c?.lossRate?.class)),
    ),
    newCode: h(
      'div',
      { 'data-kind': 'newCode' },
      field('Channel', platformSelect('platform', c?.newCode?.platform)),
      field('Class', classSelect('class', c?.newCode?.class)),
      field('Window (minutes)', numberInput('windowMinutes', c?.newCode?.windowMinutes ?? 60, { min: 1, max: 1440 })),
    ),
    silence: h(
      'div',
      { 'data-kind': 'silence' },
      field('Minutes after a push', numberInput('minutes', c?.silence?.minutes ?? 15, { min: 1, max: 1440 })),
    ),
    quota: h(
      'div',
      { 'data-kind': 'quota' },
      field('Fewer pushes left than', numberInput('remainingBelow', c?.quota?.remainingBelow ?? 10, { min: 1 })),
    ),
  };
  const showKind = () => {
    for (const [k, group] of Object.entries(groups)) {
      group.hidden = k !== kindSelect.value;
      // Hidden fields are neither checked nor sent.
      for (const input of group.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select'))
        input.disabled = k !== kindSelect.value;
    }
  };
  kindSelect.addEventListener('change', showKind);
  showKind();

  const channels = h('div', { class: 'channels' }, ...(rule?.channels ?? []).map(channelRow));
  const addChannel = h('button', { type: 'button', class: 'link', 'data-action': 'add-webhook' }, 'Add a webhook');
  addChannel.addEventListener('click', () => channels.append(channelRow()));
  const problem = h('div', { role: 'alert' });
  const save = h('button', { type: 'submit', class: 'primary' }, rule ? 'Save' : 'Create');
  const cancel = h('button', { type: 'button' }, 'Cancel');
  cancel.addEventListener('click', () => on.cancel());

  const form = h(
    'form',
    { class: 'stack-form rule-form' },
    field('Name', h('input', { name: 'name', required: true, maxlength: 100, value: rule?.name ?? '' })),
    field('Condition', kindSelect),
    ...Object.values(groups),
    h('div', { class: 'field' }, h('strong', null, 'Webhooks to tell'), channels, addChannel),
    field(
      'Cooldown (minutes)',
      numberInput('cooldownMinutes', rule?.cooldownMinutes ?? 60, { min: 0, max: 10080 }),
      'After a firing, nothing is sent again for this long.',
    ),
    h(
      'div',
      { class: 'field check' },
      h(
        'label',
        null,
        h('input', { type: 'checkbox', name: 'enabled', checked: rule?.enabled ?? true }),
        ' Watching (unchecked: paused)',
      ),
    ),
    problem,
    h('div', { class: 'actions' }, save, cancel),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    save.disabled = true;
    fill(problem);
    on.save(readForm(form, kindSelect.value as Kind, groups)).catch((error: unknown) => {
      fill(problem, errorBox(error));
      save.disabled = false;
    });
  });
  return form;
}

function readForm(form: HTMLFormElement, kind: Kind, groups: Record<Kind, HTMLElement>): AlertRuleInput {
  const group = groups[kind];
  const value = (name: string) =>
    group.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)?.value ?? '';
  const num = (name: string) => Number(value(name));
  const optional = <T extends string>(name: string) => (value(name) || null) as T | null;
  const condition: AlertRuleInput['condition'] =
    kind === 'lossRate'
      ? {
          lossRate: {
            above: num('above') / 100,
            minEvents: num('minEvents'),
            windowMinutes: num('windowMinutes'),
            taskId: value('taskId').trim() || null,
            platform: optional<PushPlatform>('platform'),
            class: optional<LossClass>('class'),
          },
        }
      : kind === 'newCode'
        ? {
            newCode: {
              platform: optional<PushPlatform>('platform'),
              class: optional<LossClass>('class'),
              windowMinutes: num('windowMinutes'),
            },
          }
        : kind === 'silence'
          ? { silence: { minutes: num('minutes') } }
          : { quota: { remainingBelow: num('remainingBelow') } };
  const channels = [...form.querySelectorAll<HTMLFieldSetElement>('.channel-row')].map((row) => {
    const get = (name: string) => row.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${name}"]`)!.value;
    const secret = get('secret');
    return {
      webhook: { url: get('url').trim(), format: get('format') as WebhookFormat, ...(secret ? { secret } : {}) },
    };
  });
  const named = (name: string) => form.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
  return {
    name: named('name').value,
    condition,
    channels,
    cooldownMinutes: Number(named('cooldownMinutes').value),
    enabled: named('enabled').checked,
  };
}

// ---- The Task view's banner ----

/** The firing alerts that concern a task, above its figures; nothing when none (or when the gateway keeps none). */
export function taskAlertsBanner(taskId: string): HTMLElement {
  const banner = h('div', { class: 'alert-banner', hidden: true, role: 'status' });
  void request(DashboardTaskAlertsDocument, { taskId })
    .then(({ data }) => {
      const alerts = data?.task.alerts ?? [];
      if (alerts.length === 0) return;
      banner.hidden = false;
      fill(
        banner,
        ...alerts.map((a) =>
          h(
            'p',
            { 'data-alert': a.id },
            h('span', { class: 'badge firing' }, 'Firing'),
            ' ',
            link(`/alerts?alert=${encodeURIComponent(a.id)}`, a.rule.name),
            `: ${a.summary}`,
            a.remedy ? h('span', { class: 'sub' }, `What to do: ${a.remedy}`) : null,
          ),
        ),
      );
    })
    .catch(() => undefined); // the task's own figures say what is wrong with the gateway
  return banner;
}
