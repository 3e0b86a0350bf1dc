// Alerts: rules (a condition over the callbacks or the daily quota, webhooks to tell), the alerts they raised with
// their deliveries, the firing alerts of a task, and a subscription to their changes. Reading needs stats:read,
// writing rules alerts:write. Webhook URLs are read back masked; secrets never. No upstream call.
import DataLoader from 'dataloader';
import {
  ALERT_STATES,
  DELIVERY_STATUSES,
  WEBHOOK_FORMATS,
  formatThreshold,
  maskUrl,
  type AlertCursor,
  type AlertRow,
  type Alerts,
  type AlertStore,
  type CodeDetail,
  type Condition,
  type DeliveryRow,
  type RuleInput,
  type RuleRow,
  type StoredChannel,
} from '../alerts/index.js';
import { HistoryUnavailableError } from '../history/errors.js';
import { PushPlatform, builder, type Context } from './builder.js';
import { LossClass } from './diagnosis.js';
import { Task } from './task.js';
import { decodeCursor, encodeCursor, keysetPage, pageSize } from './cursor.js';
import { badInput, requireId } from './validate.js';

const WebhookFormat = builder.enumType('WebhookFormat', {
  description:
    "A webhook's message shape: GENERIC JSON (signed in x-timpush-signature with a secret), a Slack incoming webhook, a WeCom (企业微信) group robot, a DingTalk (钉钉) custom robot, a Feishu/Lark (飞书) custom bot.",
  values: WEBHOOK_FORMATS,
});
const AlertState = builder.enumType('AlertState', {
  description: 'FIRING while its condition holds; RESOLVED once it stopped.',
  values: ALERT_STATES,
});
const AlertDeliveryStatus = builder.enumType('AlertDeliveryStatus', {
  description:
    'PENDING: not tried yet; SENDING: a send is under way; DELIVERED: the receiver took it; RETRYING: failed, tried again later (with a doubling wait); FAILED: given up after ALERT_DELIVERY_ATTEMPTS.',
  values: DELIVERY_STATUSES,
});

// ---- Inputs ----

const LossRateConditionInput = builder.inputType('LossRateConditionInput', {
  description:
    'Failed ÷ attempted devices over a sliding window of push callbacks: all pushes, or one task, one channel, one class of failure.',
  fields: (t) => ({
    above: t.float({ required: true, description: 'A share from 0 to 1: 0.05 holds above 5%.' }),
    minEvents: t.int({ defaultValue: 100, description: 'Devices attempted in the window before it can hold.' }),
    windowMinutes: t.int({ defaultValue: 60, description: '1 to 1440.' }),
    taskId: t.id(),
    platform: t.field({ type: PushPlatform }),
    class: t.field({ type: LossClass, description: 'Counts only failures of this class.' }),
  }),
});
const NewCodeConditionInput = builder.inputType('NewCodeConditionInput', {
  description:
    'A vendor code failing on a channel for the first time (the first CONFIG failure on APNs is usually an expired certificate). Holds while such a code was first seen within windowMinutes.',
  fields: (t) => ({
    platform: t.field({ type: PushPlatform }),
    class: t.field({ type: LossClass }),
    windowMinutes: t.int({ defaultValue: 60, description: '1 to 1440.' }),
  }),
});
const SilenceConditionInput = builder.inputType('SilenceConditionInput', {
  description:
    'A push went out through the gateway `minutes` ago or more (within the last day) and no callback arrived since: the callback pipeline is down.',
  fields: (t) => ({ minutes: t.int({ required: true, description: '1 to 1440.' }) }),
});
const QuotaConditionInput = builder.inputType('QuotaConditionInput', {
  description: "Today's all-user, tag and attribute pushes (Query.pushQuota) running out.",
  fields: (t) => ({ remainingBelow: t.int({ required: true, description: 'Holds while fewer are left.' }) }),
});
const AlertConditionInput = builder.inputType('AlertConditionInput', {
  description: 'Exactly one of these.',
  fields: (t) => ({
    lossRate: t.field({ type: LossRateConditionInput }),
    newCode: t.field({ type: NewCodeConditionInput }),
    silence: t.field({ type: SilenceConditionInput }),
    quota: t.field({ type: QuotaConditionInput }),
  }),
});
const WebhookInput = builder.inputType('WebhookInput', {
  fields: (t) => ({
    url: t.string({
      required: true,
      description:
        "http(s). Refused when its host resolves to a loopback, private or link-local address, unless listed in ALERT_WEBHOOK_HOSTS. On update, the masked URL read back from the rule keeps that channel's URL (and its secret unless `secret` is given).",
    }),
    format: t.field({ type: WebhookFormat, defaultValue: 'GENERIC' }),
    secret: t.string({
      description:
        'GENERIC: signs the body (x-timpush-signature: sha256=<hex HMAC-SHA256>); DINGTALK and FEISHU: their robots\u2019 signing secret. SLACK and WECOM take none. Never read back; "" removes it on update.',
    }),
  }),
});
const AlertChannelInput = builder.inputType('AlertChannelInput', {
  fields: (t) => ({ webhook: t.field({ type: WebhookInput, required: true }) }),
});
const AlertRuleInput = builder.inputType('AlertRuleInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: '1 to 100 characters.' }),
    condition: t.field({ type: AlertConditionInput, required: true }),
    channels: t.field({ type: [AlertChannelInput], required: true, description: 'At most 10.' }),
    cooldownMinutes: t.int({
      defaultValue: 60,
      description: 'After a firing, the condition holding again within this long sends nothing (0 to 10080).',
    }),
    enabled: t.boolean({
      defaultValue: true,
      description: 'False pauses the rule (its firing alert resolves quietly).',
    }),
  }),
});

type RuleArgs = typeof AlertRuleInput.$inferInput;

// ---- Output types ----

type LossRate = Extract<Condition, { kind: 'lossRate' }>;
const LossRateCondition = builder.objectRef<LossRate>('LossRateCondition').implement({
  fields: (t) => ({
    above: t.exposeFloat('above'),
    minEvents: t.exposeInt('minEvents'),
    windowMinutes: t.exposeInt('windowMinutes'),
    taskId: t.exposeID('taskId', { nullable: true }),
    platform: t.expose('platform', { type: PushPlatform, nullable: true }),
    class: t.expose('class', { type: LossClass, nullable: true }),
  }),
});
type NewCode = Extract<Condition, { kind: 'newCode' }>;
const NewCodeCondition = builder.objectRef<NewCode>('NewCodeCondition').implement({
  fields: (t) => ({
    platform: t.expose('platform', { type: PushPlatform, nullable: true }),
    class: t.expose('class', { type: LossClass, nullable: true }),
    windowMinutes: t.exposeInt('windowMinutes'),
  }),
});
const SilenceCondition = builder
  .objectRef<Extract<Condition, { kind: 'silence' }>>('SilenceCondition')
  .implement({ fields: (t) => ({ minutes: t.exposeInt('minutes') }) });
const QuotaCondition = builder
  .objectRef<Extract<Condition, { kind: 'quota' }>>('QuotaCondition')
  .implement({ fields: (t) => ({ remainingBelow: t.exposeInt('remainingBelow') }) });

const only = <K extends Condition['kind']>(c: Condition, kind: K) =>
  c.kind === kind ? (c as Extract<Condition, { kind: K }>) : null;

const AlertCondition = builder.objectRef<Condition>('AlertCondition').implement({
  description: 'The one condition of a rule: the field that is not null.',
  fields: (t) => ({
    lossRate: t.field({ type: LossRateCondition, nullable: true, resolve: (c) => only(c, 'lossRate') }),
    newCode: t.field({ type: NewCodeCondition, nullable: true, resolve: (c) => only(c, 'newCode') }),
    silence: t.field({ type: SilenceCondition, nullable: true, resolve: (c) => only(c, 'silence') }),
    quota: t.field({ type: QuotaCondition, nullable: true, resolve: (c) => only(c, 'quota') }),
    summary: t.string({ description: 'The threshold in words.', resolve: (c) => formatThreshold(c) }),
  }),
});

const WebhookChannel = builder.objectRef<StoredChannel>('WebhookChannel').implement({
  fields: (t) => ({
    url: t.string({
      description:
        'Masked: the origin and a fingerprint of the whole URL (its path and query hold tokens). Given back on update, it keeps this URL.',
      resolve: (c) => maskUrl(c.url),
    }),
    format: t.field({ type: WebhookFormat, resolve: (c) => c.format }),
    signed: t.boolean({ description: 'Whether it has a secret (never read back).', resolve: (c) => c.secret !== null }),
  }),
});
const AlertChannel = builder.objectRef<StoredChannel>('AlertChannel').implement({
  fields: (t) => ({ webhook: t.field({ type: WebhookChannel, resolve: (c) => c }) }),
});

const AlertCode = builder.objectRef<CodeDetail>('AlertCode').implement({
  description: 'A vendor code behind an alert, with what the knowledge base says of it.',
  fields: (t) => ({
    platform: t.expose('platform', { type: PushPlatform }),
    code: t.exposeInt('code'),
    info: t.exposeString('info'),
    class: t.expose('class', { type: LossClass }),
    count: t.exposeInt('count', { nullable: true, description: 'Failed devices with it in the window (loss rate).' }),
    meaning: t.exposeString('meaning', { nullable: true }),
    remedy: t.exposeString('remedy', { nullable: true }),
  }),
});

export const AlertRule = builder.objectRef<RuleRow>('AlertRule');
export const Alert = builder.objectRef<AlertRow>('Alert');

const AlertDelivery = builder.objectRef<DeliveryRow>('AlertDelivery').implement({
  description: 'One message of an alert (its firing or its resolution) to one channel, and its attempts.',
  fields: (t) => ({
    channel: t.field({
      type: AlertChannel,
      description: 'The channel as the rule held it when the message was made.',
      resolve: (d) => d.target,
    }),
    channelIndex: t.exposeInt('channel', { description: "The channel's place in the rule's channels." }),
    event: t.field({
      type: AlertState,
      description: 'Which message: the firing or the resolution.',
      resolve: (d) => d.event,
    }),
    status: t.field({ type: AlertDeliveryStatus, resolve: (d) => d.status }),
    attempts: t.exposeInt('attempts'),
    at: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the last attempt ended.',
      resolve: (d) => d.at,
    }),
    error: t.exposeString('error', { nullable: true, description: 'Why the last attempt failed.' }),
    nextAttemptAt: t.field({
      type: 'DateTime',
      nullable: true,
      resolve: (d) => (d.status === 'RETRYING' || d.status === 'PENDING' ? d.nextAt : null),
    }),
  }),
});

// ---- Reads ----

function alertsOf(ctx: Context): Alerts {
  if (!ctx.alerts) throw new HistoryUnavailableError('this gateway keeps no alerts (HISTORY_ENABLED=false)', true);
  return ctx.alerts;
}
const storeOf = (ctx: Context): Promise<AlertStore> => alertsOf(ctx).store();

/** Per request: rules, firing alerts and deliveries read once for every alert and rule of the answer. */
const requestLoaders = new WeakMap<object, ReturnType<typeof makeLoaders>>();
function makeLoaders(ctx: Context) {
  const byId = <T extends { id: string }>(rows: T[], ids: readonly string[]) => {
    const map = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  };
  return {
    rule: new DataLoader<string, RuleRow | null>(async (ids) => byId(await (await storeOf(ctx)).rulesByIds(ids), ids)),
    deliveries: new DataLoader<string, DeliveryRow[]>(async (ids) => {
      const rows = await (await storeOf(ctx)).deliveries(ids);
      return ids.map((id) => rows.filter((d) => d.alertId === id));
    }),
    firing: new DataLoader<string, AlertRow | null>(async (ruleIds) => {
      const rows = await (await storeOf(ctx)).firingOf(ruleIds);
      return ruleIds.map((id) => rows.find((a) => a.ruleId === id) ?? null);
    }),
  };
}
const loaders = (ctx: Context) => {
  let l = requestLoaders.get(ctx);
  if (!l) requestLoaders.set(ctx, (l = makeLoaders(ctx)));
  return l;
};

AlertRule.implement({
  description:
    'A condition watched every ALERT_EVAL_INTERVAL_SECONDS, and the webhooks told when it starts and stops holding.',
  fields: (t) => ({
    id: t.exposeID('id'),
    name: t.exposeString('name'),
    condition: t.field({ type: AlertCondition, resolve: (r) => r.condition }),
    channels: t.field({ type: [AlertChannel], resolve: (r) => r.channels }),
    cooldownMinutes: t.exposeInt('cooldownMinutes'),
    enabled: t.exposeBoolean('enabled'),
    createdAt: t.field({ type: 'DateTime', resolve: (r) => r.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (r) => r.updatedAt }),
    firing: t.field({
      type: Alert,
      nullable: true,
      description: 'Its alert while the condition holds.',
      resolve: (r, _, ctx) => loaders(ctx).firing.load(r.id),
    }),
  }),
});

Alert.implement({
  description:
    "A rule's condition held from firedAt (to resolvedAt): measured, explained, and told to the rule's channels.",
  fields: (t) => ({
    id: t.exposeID('id'),
    rule: t.field({
      type: AlertRule,
      resolve: async (a, _, ctx) => {
        const rule = await loaders(ctx).rule.load(a.ruleId);
        if (!rule) throw new HistoryUnavailableError('the rule of this alert was deleted meanwhile');
        return rule;
      },
    }),
    state: t.field({ type: AlertState, resolve: (a) => a.state }),
    value: t.exposeFloat('value', {
      description:
        'What was measured when it fired: a share from 0 to 1 (loss rate), new codes, minutes of silence, pushes left.',
    }),
    threshold: t.exposeFloat('threshold'),
    windowMinutes: t.int({ nullable: true, resolve: (a) => a.detail.windowMinutes }),
    summary: t.string({ description: 'What was measured, in words.', resolve: (a) => a.detail.summary }),
    remedy: t.string({ nullable: true, description: 'What to do first.', resolve: (a) => a.detail.remedy }),
    codes: t.field({ type: [AlertCode], resolve: (a) => a.detail.codes ?? [] }),
    tasks: t.field({
      type: [Task],
      description: 'The tasks it concerns: its rule\u2019s task, or those with most failures or the last push.',
      resolve: (a) => a.taskIds.map((id) => ({ id })),
    }),
    firedAt: t.field({ type: 'DateTime', resolve: (a) => a.firedAt }),
    resolvedAt: t.field({ type: 'DateTime', nullable: true, resolve: (a) => a.resolvedAt }),
    deliveries: t.field({ type: [AlertDelivery], resolve: (a, _, ctx) => loaders(ctx).deliveries.load(a.id) }),
  }),
});

const AlertConnection = builder.connectionObject({ type: Alert, name: 'AlertConnection' }, { name: 'AlertEdge' });

const cursorOf = (a: AlertRow) => encodeCursor([a.firedAt.toISOString(), a.id]);

function afterOf(cursor: string): AlertCursor {
  const [firedAt, id] = decodeCursor(cursor, 'alerts', 2, [0]);
  return { firedAt: new Date(firedAt!), id: id! };
}

builder.queryFields((t) => ({
  alertRules: t.field({
    type: [AlertRule],
    description: 'Every alert rule, oldest first.',
    resolve: async (_, __, ctx) => (await storeOf(ctx)).rules(),
  }),
  alerts: t.field({
    type: AlertConnection,
    description: 'Alerts, newest first: all, or those FIRING or RESOLVED.',
    args: {
      state: t.arg({ type: AlertState }),
      first: t.arg.int({ defaultValue: 20, description: '1 to 100.' }),
      after: t.arg.string({ description: 'The endCursor of the previous page.' }),
    },
    resolve: async (_, { state, first, after }, ctx) => {
      const n = pageSize(first, 20, 100);
      const cursor = after ? afterOf(after) : undefined;
      const rows = await (await storeOf(ctx)).alerts({ state: state ?? undefined, limit: n + 1, after: cursor });
      return keysetPage(rows, n, after, cursorOf, (row) => row);
    },
  }),
}));

builder.objectField(Task, 'alerts', (t) =>
  t.field({
    type: [Alert],
    nullable: true,
    description: 'The firing alerts that concern this task; null when the gateway keeps no alerts.',
    authScopes: { statsRead: true },
    resolve: async (task, _, ctx) => (ctx.alerts ? (await ctx.alerts.store()).firingForTask(task.id) : null),
  }),
);

builder.subscriptionField('alerts', (t) =>
  t.field({
    type: Alert,
    description: 'Each alert as it changes: fired, resolved, a delivery tried (from whichever replica evaluates).',
    subscribe: async (_root, _args, ctx) => {
      const alerts = alertsOf(ctx);
      const store = await alerts.store();
      const changes = alerts.changes();
      return (async function* () {
        for await (const id of changes) {
          const [row] = await store.alertsByIds([id]).catch(() => []);
          if (row) yield row;
        }
      })();
    },
    resolve: (row: AlertRow) => row,
  }),
);

// ---- Writes ----

const MAX_CHANNELS = 10;
const MAX_NAME = 100;
const MAX_URL = 2048;
const MAX_SECRET = 256;

function intIn(value: number | null | undefined, fallback: number, min: number, max: number, argument: string): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < min || n > max) throw badInput(`${argument} must be from ${min} to ${max}`, argument);
  return n;
}

function conditionOf(input: RuleArgs['condition']): Condition {
  const given = Object.entries(input).filter(([, v]) => v != null);
  if (given.length !== 1)
    throw badInput(
      `input.condition must hold exactly one of lossRate, newCode, silence, quota (got ${given.length})`,
      'input.condition',
    );
  const at = (field: string) => `input.condition.${given[0]![0]}.${field}`;
  if (input.lossRate) {
    const c = input.lossRate;
    if (!(c.above >= 0 && c.above < 1))
      throw badInput(`${at('above')} must be a share from 0 to 1 (0.05 is 5%)`, at('above'));
    return {
      kind: 'lossRate',
      above: c.above,
      minEvents: intIn(c.minEvents, 100, 1, 1_000_000_000, at('minEvents')),
      windowMinutes: intIn(c.windowMinutes, 60, 1, 1440, at('windowMinutes')),
      taskId: c.taskId != null ? requireId(c.taskId, at('taskId')) : null,
      platform: c.platform ?? null,
      class: c.class ?? null,
    };
  }
  if (input.newCode)
    return {
      kind: 'newCode',
      platform: input.newCode.platform ?? null,
      class: input.newCode.class ?? null,
      windowMinutes: intIn(input.newCode.windowMinutes, 60, 1, 1440, at('windowMinutes')),
    };
  if (input.silence) return { kind: 'silence', minutes: intIn(input.silence.minutes, 0, 1, 1440, at('minutes')) };
  return { kind: 'quota', remainingBelow: intIn(input.quota!.remainingBelow, 0, 1, 1_000_000, at('remainingBelow')) };
}

/** A channel as given, checked; the masked URL of one of `kept`'s channels keeps that channel's URL and secret. */
async function channelOf(
  input: RuleArgs['channels'][number],
  i: number,
  kept: readonly StoredChannel[],
  alerts: Alerts,
): Promise<StoredChannel> {
  const at = (field: string) => `input.channels[${i}].webhook.${field}`;
  const { url, secret } = input.webhook;
  const format = input.webhook.format ?? 'GENERIC';
  if (secret != null && secret.length > MAX_SECRET)
    throw badInput(`${at('secret')} holds more than ${MAX_SECRET} characters`, at('secret'));
  const previous = kept.find((c) => maskUrl(c.url) === url);
  const keptSecret = secret == null ? (previous?.secret ?? null) : secret === '' ? null : secret;
  if (keptSecret !== null && (format === 'SLACK' || format === 'WECOM'))
    throw badInput(`${at('secret')}: ${format} webhooks take no secret (their URL is the secret)`, at('secret'));
  if (previous) return { url: previous.url, format, secret: keptSecret };
  // The URL itself is never echoed: it may hold a token.
  if (url.length > MAX_URL) throw badInput(`${at('url')} is longer than ${MAX_URL} characters`, at('url'));
  const checked = await alerts.checkUrl(url);
  if (!checked.ok) throw badInput(`${at('url')} ${checked.reason}`, at('url'));
  return { url, format, secret: keptSecret };
}

async function ruleOf(input: RuleArgs, alerts: Alerts, kept: readonly StoredChannel[] = []): Promise<RuleInput> {
  const name = input.name.trim();
  if (name.length < 1 || name.length > MAX_NAME)
    throw badInput(`input.name must hold 1 to ${MAX_NAME} characters`, 'input.name');
  const condition = conditionOf(input.condition);
  if (input.channels.length > MAX_CHANNELS)
    throw badInput(`input.channels holds more than ${MAX_CHANNELS} channels`, 'input.channels');
  const channels: StoredChannel[] = [];
  for (const [i, channel] of input.channels.entries()) channels.push(await channelOf(channel, i, kept, alerts));
  return {
    name,
    condition,
    channels,
    cooldownMinutes: intIn(input.cooldownMinutes, 60, 0, 10_080, 'input.cooldownMinutes'),
    enabled: input.enabled ?? true,
  };
}

const writes = { skipTypeScopes: true, authScopes: { alertsWrite: true } } as const;
const noRule = (id: string) => badInput(`no alert rule has the id ${JSON.stringify(id)}`, 'id');

builder.mutationFields((t) => ({
  createAlertRule: t.field({
    type: AlertRule,
    ...writes,
    description: 'A new rule, evaluated from the next ALERT_EVAL_INTERVAL_SECONDS on. Needs alerts:write.',
    args: { input: t.arg({ type: AlertRuleInput, required: true }) },
    resolve: async (_, { input }, ctx) => {
      const alerts = alertsOf(ctx);
      const rule = await ruleOf(input, alerts);
      return (await alerts.store()).createRule(rule, new Date(ctx.history!.now()));
    },
  }),
  updateAlertRule: t.field({
    type: AlertRule,
    ...writes,
    description:
      "Replaces a rule's name, condition, channels, cooldown and enabled; its alerts stay. A channel given with the masked URL read back keeps its URL. Needs alerts:write.",
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: AlertRuleInput, required: true }) },
    resolve: async (_, { id, input }, ctx) => {
      const alerts = alertsOf(ctx);
      const store = await alerts.store();
      const [current] = await store.rulesByIds([requireId(id, 'id')]);
      if (!current) throw noRule(id);
      const rule = await ruleOf(input, alerts, current.channels);
      const updated = await store.updateRule(id, rule, new Date(ctx.history!.now()));
      if (!updated) throw noRule(id);
      return updated;
    },
  }),
  deleteAlertRule: t.field({
    type: 'ID',
    ...writes,
    description: 'Deletes a rule with its alerts and their deliveries; answers its id. Needs alerts:write.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_, { id }, ctx) => {
      const deleted = await (await storeOf(ctx)).deleteRule(requireId(id, 'id'));
      if (!deleted) throw noRule(id);
      return deleted.id;
    },
  }),
}));
