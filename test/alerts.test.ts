// Alerts over HTTP: rules written through GraphQL, push callbacks posted to the real webhook, the evaluator firing
// and resolving, and a local receiver reading each format's body and signature; cooldown, retries after a
// failing receiver, a slow receiver, redirects and private addresses refused, scopes, secrets never read back,
// rules kept across a restart, and the subscription. PostgreSQL (and the lifecycle on PGlite too).
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { ALERTS_LOCK } from '../src/alerts/evaluator.js';
import { dingtalkSign, feishuSign } from '../src/alerts/formats.js';
import { capturedLog, startStack, subscribeSse, type Stack } from './helpers.js';
import { createPgDatabase, type TestDatabase } from './history-helpers.js';
import {
  CALLBACK_TOKEN,
  CREATE,
  UPDATE,
  alertsEnv,
  alertsOf,
  apnsRecipients,
  event,
  lossRule,
  postCallbacks,
  startReceiver,
  until,
  type AlertNode,
  type Received,
  type Receiver,
} from './alert-helpers.js';

const SECRET = 'alert-signing-secret-0123';
type Rule = { id: string; channels: { webhook: { url: string; format: string; signed: boolean } }[] };
const create = async (stack: Stack, input: unknown) =>
  (await stack.data<{ createAlertRule: Rule }>(CREATE, { input })).createAlertRule;
const webhook = (url: string, format = 'GENERIC', secret?: string) => ({ webhook: { url, format, secret } });
const firingOf = async (stack: Stack, ruleId: string) =>
  (await alertsOf(stack)).find((a) => a.rule.id === ruleId && a.state === 'FIRING');

describe('alerts on PostgreSQL', () => {
  let database: TestDatabase;
  let stack: Stack;
  let receiver: Receiver;
  // The history's clock (signals' minutes, pushes' times, the evaluator): real time, moved on by the tests.
  let offset = 0;
  const captured = capturedLog();

  beforeAll(async () => {
    database = await createPgDatabase();
    receiver = await startReceiver();
    stack = await startStack({
      env: alertsEnv(database.url, { ALERT_WEBHOOK_TIMEOUT_MS: '1000' }),
      log: captured.log,
      history: { now: () => Date.now() + offset },
    });
    await stack.gateway.runtime.history!.ready;
  });
  afterAll(async () => {
    await stack?.close();
    await receiver?.close();
    await database?.drop();
  });

  it('fires once with each format in its documented shape, then resolves with one message each', async () => {
    const o = receiver.origin;
    const rule = await create(
      stack,
      lossRule('APNs failing', [
        webhook(`${o}/generic`, 'GENERIC', SECRET),
        webhook(`${o}/slack/T000/B000/XXXXSECRETTOKEN`, 'SLACK'),
        webhook(`${o}/wecom?key=wecom-secret-key`, 'WECOM'),
        webhook(`${o}/dingtalk?access_token=ding-token`, 'DINGTALK', 'SECding'),
        webhook(`${o}/feishu/open-apis/bot/v2/hook/feishu-hook-id`, 'FEISHU', 'feishu-secret'),
      ]),
    );
    // Read back masked: no token, no secret.
    for (const c of rule.channels) expect(c.webhook.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/…#[0-9a-f]{8}$/);
    expect(rule.channels.map((c) => c.webhook.signed)).toEqual([true, false, false, true, true]);

    // 4 of 10 devices refused: 40% > 20%.
    expect(await postCallbacks(stack, apnsRecipients('task-formats', 10, 4))).toBe(200);
    await until(() => receiver.at('/feishu/open-apis/bot/v2/hook/feishu-hook-id').length === 1);
    await until(() => receiver.received.length >= 5);
    const [alert] = (await alertsOf(stack)).filter((a) => a.rule.id === rule.id);
    expect(alert).toMatchObject({ state: 'FIRING', value: 0.4, threshold: 0.2, windowMinutes: 60 });
    expect(alert!.tasks).toEqual([{ id: 'task-formats' }]);
    expect(alert!.codes[0]).toMatchObject({ platform: 'APNS', code: 403, class: 'CONFIG', count: 4 });
    expect(alert!.remedy).toBeTruthy();

    const [generic] = receiver.at('/generic');
    const body = JSON.parse(generic!.body) as Record<string, unknown>;
    expect(body).toMatchObject({
      id: `${alert!.id}:FIRING:0`,
      state: 'FIRING',
      rule: { id: rule.id, name: 'APNs failing', condition: 'lossRate' },
      alert: { id: alert!.id, resolvedAt: null },
      value: 0.4,
      threshold: 0.2,
      window: { minutes: 60 },
      url: `https://push.example.com/alerts?alert=${alert!.id}`,
      taskIds: ['task-formats'],
    });
    expect(generic!.headers['x-timpush-signature']).toBe(
      `sha256=${createHmac('sha256', SECRET).update(generic!.body).digest('hex')}`,
    );

    const slack = JSON.parse(receiver.at('/slack/T000/B000/XXXXSECRETTOKEN')[0]!.body) as {
      text: string;
      blocks: { type: string; text?: { type: string; text: string } }[];
    };
    expect(slack.text).toMatch(/^\[FIRING\] APNs failing: 40\.0% of 10 devices failed/);
    expect(slack.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
    expect(slack.blocks[1]!.text).toMatchObject({ type: 'mrkdwn' });

    const wecom = JSON.parse(receiver.at('/wecom')[0]!.body) as { msgtype: string; markdown: { content: string } };
    expect(wecom.msgtype).toBe('markdown');
    expect(wecom.markdown.content).toMatch(/^\*\*\[<font color="warning">FIRING<\/font>\] APNs failing\*\*/);
    expect(wecom.markdown.content).toContain('What to do:');

    const ding = receiver.at('/dingtalk')[0]!;
    const dingBody = JSON.parse(ding.body) as { msgtype: string; markdown: { title: string; text: string } };
    expect(dingBody).toMatchObject({ msgtype: 'markdown', markdown: { title: '[FIRING] APNs failing' } });
    const query = new URL(ding.url, 'http://x').searchParams;
    expect(query.get('access_token')).toBe('ding-token');
    expect(query.get('sign')).toBe(dingtalkSign('SECding', Number(query.get('timestamp'))));

    const feishu = JSON.parse(receiver.at('/feishu/open-apis/bot/v2/hook/feishu-hook-id')[0]!.body) as {
      timestamp: string;
      sign: string;
      msg_type: string;
      content: { post: { zh_cn: { title: string; content: { tag: string }[][] } } };
    };
    expect(feishu.msg_type).toBe('post');
    expect(feishu.content.post.zh_cn.title).toBe('[FIRING] APNs failing');
    expect(feishu.content.post.zh_cn.content.at(-1)![0]!.tag).toBe('a');
    expect(feishu.sign).toBe(feishuSign('feishu-secret', Number(feishu.timestamp)));

    // Still holding: nothing more is sent over several evaluations.
    await sleep(2_500);
    expect(receiver.received).toHaveLength(5);

    // 40 more delivered devices: 4 of 50 is 8%, under the threshold.
    expect(await postCallbacks(stack, apnsRecipients('task-formats', 40, 0, 'ok'))).toBe(200);
    await until(() => receiver.received.length >= 10);
    const [resolved] = (await alertsOf(stack)).filter((a) => a.rule.id === rule.id);
    expect(resolved).toMatchObject({ id: alert!.id, state: 'RESOLVED' });
    expect(resolved!.resolvedAt).not.toBeNull();
    const again = JSON.parse(receiver.at('/generic')[1]!.body) as { id: string; state: string };
    expect(again).toMatchObject({ id: `${alert!.id}:RESOLVED:0`, state: 'RESOLVED' });
    await until(async () => {
      const [a] = (await alertsOf(stack)).filter((x) => x.rule.id === rule.id);
      return a!.deliveries.length === 10 && a!.deliveries.every((d) => d.status === 'DELIVERED' && d.attempts === 1);
    });
    await sleep(1_500);
    expect(receiver.received).toHaveLength(10);
    await stack.data(`mutation ($id: ID!) { deleteAlertRule(id: $id) }`, { id: rule.id });
  }, 60_000);

  it('sends nothing again within the cooldown; fires again after it', async () => {
    receiver.received.length = 0;
    const task = 'task-cooldown';
    const rule = await create(
      stack,
      lossRule('Cooling', [webhook(`${receiver.origin}/cool`)], {
        condition: { lossRate: { above: 0.2, minEvents: 5, windowMinutes: 5, taskId: task } },
        cooldownMinutes: 30,
      }),
    );
    expect(await postCallbacks(stack, apnsRecipients(task, 10, 5, 'a'))).toBe(200);
    await until(() => receiver.at('/cool').length === 1);
    expect(await postCallbacks(stack, apnsRecipients(task, 60, 0, 'b'))).toBe(200);
    await until(() => receiver.at('/cool').length === 2); // resolved
    // Holding again within the cooldown: no alert, no message.
    expect(await postCallbacks(stack, apnsRecipients(task, 60, 60, 'c'))).toBe(200);
    await sleep(3_000);
    expect(receiver.at('/cool')).toHaveLength(2);
    expect((await alertsOf(stack)).filter((a) => a.rule.id === rule.id)).toHaveLength(1);
    // 31 minutes on (the window is 5): new failures fire a new alert.
    offset += 31 * 60_000;
    await postCallbacks(stack, apnsRecipients(task, 10, 10, 'd'));
    await until(() => receiver.at('/cool').length === 3);
    const alerts = (await alertsOf(stack)).filter((a) => a.rule.id === rule.id);
    expect(alerts.map((a) => a.state)).toEqual(['FIRING', 'RESOLVED']);
    expect(JSON.parse(receiver.at('/cool')[2]!.body)).toMatchObject({ state: 'FIRING', value: 1 });
    await stack.data(`mutation ($id: ID!) { deleteAlertRule(id: $id) }`, { id: rule.id });
  }, 60_000);

  it('retries a failing receiver with backoff and records the attempts', async () => {
    receiver.answer((r, n) => (r.path === '/flaky' && n <= 2 ? { status: 500, body: 'down' } : {}));
    const rule = await create(stack, {
      name: 'Quota',
      condition: { quota: { remainingBelow: 1000 } },
      channels: [webhook(`${receiver.origin}/flaky`)],
    });
    await until(() => receiver.at('/flaky').length === 3, 20_000);
    const flaky = receiver.at('/flaky');
    // The same message each time, the second wait longer than the first.
    expect(new Set(flaky.map((r) => (JSON.parse(r.body) as { id: string }).id)).size).toBe(1);
    expect(flaky[2]!.at - flaky[1]!.at).toBeGreaterThan(flaky[1]!.at - flaky[0]!.at);
    const alert = await until(async () => {
      const a = await firingOf(stack, rule.id);
      return a?.deliveries[0]?.status === 'DELIVERED' && a;
    });
    expect(alert.deliveries[0]).toMatchObject({ attempts: 3, error: null });
    expect(alert).toMatchObject({ value: 100, threshold: 1000 });
    receiver.answer(() => ({}));
    await stack.data(`mutation ($id: ID!) { deleteAlertRule(id: $id) }`, { id: rule.id });
  }, 40_000);

  it('gives a slow receiver its timeout while the other channels are told at once; follows no redirect', async () => {
    receiver.answer((r) =>
      r.path === '/slow'
        ? 'hang'
        : r.path === '/moved'
          ? { status: 302, headers: { location: `${receiver.origin}/elsewhere` } }
          : {},
    );
    const rule = await create(stack, {
      name: 'Slow and moved',
      condition: { quota: { remainingBelow: 1000 } },
      channels: [
        webhook(`${receiver.origin}/slow`),
        webhook(`${receiver.origin}/moved`),
        webhook(`${receiver.origin}/fast`),
      ],
    });
    const fast = await until<Received>(() => receiver.at('/fast')[0]);
    const slow = await until<Received>(() => receiver.at('/slow')[0]);
    // Told while the slow one still hangs: channel by channel, the fast one would wait out its 1000 ms timeout.
    expect(fast.at - slow.at).toBeLessThan(1000);
    const alert = await until(async () => {
      const a = await firingOf(stack, rule.id);
      return a && a.deliveries.every((d) => d.status !== 'PENDING' && d.status !== 'SENDING') && a;
    });
    const byIndex = Object.fromEntries(alert.deliveries.map((d) => [d.channelIndex, d]));
    expect(byIndex[0]).toMatchObject({ status: 'RETRYING', error: 'no answer within 1000 ms' });
    expect(byIndex[1]).toMatchObject({ status: 'RETRYING', error: 'answered 302; redirects are not followed' });
    expect(byIndex[2]).toMatchObject({ status: 'DELIVERED', attempts: 1 });
    expect(receiver.at('/elsewhere')).toHaveLength(0);
    receiver.answer(() => ({}));
    await stack.data(`mutation ($id: ID!) { deleteAlertRule(id: $id) }`, { id: rule.id });
  }, 30_000);

  it('fires on a vendor code never seen before on its channel, with what to do', async () => {
    const rule = await create(stack, {
      name: 'New vivo code',
      condition: { newCode: { platform: 'VIVO' } },
      channels: [webhook(`${receiver.origin}/new-code`)],
    });
    await postCallbacks(stack, [event('task-new-code', 'v1', 7, 1, 10070, 'quota exceeded')]);
    await until(() => receiver.at('/new-code').length === 1);
    const body = JSON.parse(receiver.at('/new-code')[0]!.body) as { summary: string; codes: { code: number }[] };
    expect(body.summary).toMatch(/first seen in the last 60 min: VIVO 10070/);
    expect(body.codes[0]!.code).toBe(10070);
    const alert = (await firingOf(stack, rule.id))!;
    expect(alert.tasks).toEqual([{ id: 'task-new-code' }]);
    // The same code again is not new.
    await postCallbacks(stack, [event('task-new-code', 'v2', 7, 1, 10070, 'quota exceeded')]);
    await sleep(1_500);
    expect(receiver.at('/new-code')).toHaveLength(1);
    await stack.data(`mutation ($id: ID!) { deleteAlertRule(id: $id) }`, { id: rule.id });
  }, 30_000);

  it('fires when pushes went out and no callback followed, and resolves when one arrives', async () => {
    const rule = await create(stack, {
      name: 'Callbacks silent',
      condition: { silence: { minutes: 2 } },
      channels: [webhook(`${receiver.origin}/silence`)],
    });
    const sent = await stack.data<{ sendBatchPush: { taskId: string } }>(
      `mutation { sendBatchPush(input: { fromAccount: "admin", toAccounts: ["s1"], title: "t" }) { taskId } }`,
    );
    await stack.gateway.runtime.history!.pushesRecorded();
    offset += 3 * 60_000;
    await until(() => receiver.at('/silence').length === 1);
    const fired = JSON.parse(receiver.at('/silence')[0]!.body) as { summary: string; taskIds: string[] };
    expect(fired.summary).toMatch(/^no push callback since task .+ was pushed 3 min ago$/);
    expect(fired.taskIds).toEqual([sent.sendBatchPush.taskId]);
    await postCallbacks(stack, [event(sent.sendBatchPush.taskId, 's1', 1, 1)]);
    await until(() => receiver.at('/silence').length === 2);
    expect(JSON.parse(receiver.at('/silence')[1]!.body)).toMatchObject({ state: 'RESOLVED' });
    await stack.data(`mutation ($id: ID!) { deleteAlertRule(id: $id) }`, { id: rule.id });
  }, 30_000);

  it('tells subscribers as alerts fire and resolve, and pausing resolves quietly', async () => {
    const sub = await subscribeSse<{ alerts: { id: string; state: string; rule: { name: string } } }>(
      stack.url,
      `subscription { alerts { id state rule { name } } }`,
    );
    try {
      const rule = await create(stack, {
        name: 'Watched',
        condition: { quota: { remainingBelow: 1000 } },
        channels: [webhook(`${receiver.origin}/watched`)],
      });
      const fired = await sub.until((d) => d.alerts.rule.name === 'Watched' && d.alerts.state === 'FIRING');
      await until(() => receiver.at('/watched').length === 1);
      const input = { name: 'Watched', condition: { quota: { remainingBelow: 1000 } }, channels: [], enabled: false };
      await stack.data(UPDATE, { id: rule.id, input });
      const resolved = await sub.until((d) => d.alerts.state === 'RESOLVED');
      expect(resolved.alerts.id).toBe(fired.alerts.id);
      await sleep(1_500);
      expect(receiver.at('/watched')).toHaveLength(1);
      await stack.data(`mutation ($id: ID!) { deleteAlertRule(id: $id) }`, { id: rule.id });
    } finally {
      sub.close();
    }
  }, 30_000);

  it('keeps a channel (its URL and secret) given back masked, and never reads a secret or token back', async () => {
    const rule = await create(
      stack,
      lossRule('Masked', [webhook(`${receiver.origin}/hook/TOKEN123`, 'GENERIC', SECRET)]),
    );
    const masked = rule.channels[0]!.webhook.url;
    const input = lossRule('Renamed', [{ webhook: { url: masked, format: 'GENERIC' } }]);
    const updated = (await stack.data<{ updateAlertRule: Rule }>(UPDATE, { id: rule.id, input })).updateAlertRule;
    expect(updated.channels[0]!.webhook).toEqual({ url: masked, format: 'GENERIC', signed: true });
    const text = (await stack.gql(`{ alertRules { id name channels { webhook { url format signed } } } }`)).text;
    expect(text).toContain('Renamed');
    expect(text).not.toContain('TOKEN123');
    expect(text).not.toContain(SECRET);
    await stack.data(`mutation ($id: ID!) { deleteAlertRule(id: $id) }`, { id: rule.id });
  });

  it('refuses bad input clearly, with no effect', async () => {
    const before = (await stack.data<{ alertRules: unknown[] }>(`{ alertRules { id } }`)).alertRules.length;
    const bad: [unknown, RegExp, string][] = [
      [
        lossRule('Two', [], { condition: { quota: { remainingBelow: 1 }, silence: { minutes: 5 } } }),
        /exactly one of lossRate, newCode, silence, quota \(got 2\)/,
        'input.condition',
      ],
      [
        lossRule('Pct', [], { condition: { lossRate: { above: 5 } } }),
        /share from 0 to 1/,
        'input.condition.lossRate.above',
      ],
      [lossRule('', []), /1 to 100 characters/, 'input.name'],
      [
        lossRule('Slack secret', [webhook(`${receiver.origin}/s`, 'SLACK', 'x')]),
        /SLACK webhooks take no secret/,
        'input.channels[0].webhook.secret',
      ],
      [
        lossRule('Not http', [webhook('ftp://example.com/x')]),
        /must be an http or https URL/,
        'input.channels[0].webhook.url',
      ],
      [
        lossRule('Window', [], { condition: { lossRate: { above: 0.1, windowMinutes: 0 } } }),
        /from 1 to 1440/,
        'input.condition.lossRate.windowMinutes',
      ],
    ];
    for (const [input, message, argument] of bad) {
      const r = await stack.gql(CREATE, { input });
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
      expect(r.errors![0]!.message).toMatch(message);
    }
    const unknown = await stack.gql(`mutation { deleteAlertRule(id: "no-such-rule") }`);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await stack.data<{ alertRules: unknown[] }>(`{ alertRules { id } }`)).alertRules).toHaveLength(before);
  });

  it('logs no webhook token or secret, whatever happened above', () => {
    const text = captured.lines.map((line) => JSON.stringify(line)).join('\n');
    expect(text).toContain('alerts: message delivered');
    for (const secret of [
      SECRET,
      'XXXXSECRETTOKEN',
      'wecom-secret-key',
      'ding-token',
      'SECding',
      'feishu-hook-id',
      'TOKEN123',
    ])
      expect(text).not.toContain(secret);
  });

  it.each([
    ['a private address', 'http://10.1.2.3/secret-path'],
    ['the link-local metadata address', 'http://169.254.169.254/secret-path/meta-data'],
    ['an IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]:8080/secret-path'],
    ['a unique-local IPv6 address', 'http://[fd00::1]/secret-path'],
    ['localhost, not listed', 'http://localhost:9/secret-path'],
  ])('refuses a webhook to %s unless ALERT_WEBHOOK_HOSTS lists it', async (_, url) => {
    const r = await stack.gql(CREATE, { input: lossRule('Inside', [webhook(url)]) });
    expect(r.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'input.channels[0].webhook.url',
    });
    expect(r.errors![0]!.message).toMatch(/loopback, private, link-local or otherwise non-public address/);
    expect(r.errors![0]!.message).not.toContain('secret-path');
  });
});

describe('alerts across a restart and a change of settings', () => {
  it('keeps rules; checks the resolved address again at send time', async () => {
    const database = await createPgDatabase();
    const receiver = await startReceiver();
    // The first gateway only writes the rule: the evaluators' lock is held here, so it never evaluates (and
    // never sends) it, however its first evaluation and the rule's creation interleave.
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    await holder.query('select pg_advisory_lock($1)', [ALERTS_LOCK]);
    const first = await startStack({ env: alertsEnv(database.url, { ALERT_EVAL_INTERVAL_SECONDS: '3600' }) });
    let second: Stack | undefined;
    try {
      await first.gateway.runtime.history!.ready;
      const rule = await create(first, {
        name: 'Survives',
        condition: { quota: { remainingBelow: 1000 } },
        channels: [webhook(`${receiver.origin}/kept`, 'GENERIC', SECRET)],
      });
      await first.close();
      await holder.end();
      // The same database, but 127.0.0.1 is no longer listed: the webhook is refused when it would be sent.
      second = await startStack({ env: alertsEnv(database.url, { ALERT_WEBHOOK_HOSTS: '' }) });
      const rules = (
        await second.data<{ alertRules: Rule[] }>(`{ alertRules { id channels { webhook { url format signed } } } }`)
      ).alertRules;
      expect(rules).toEqual([{ id: rule.id, channels: rule.channels }]);
      const alert = await until<AlertNode>(async () => {
        const a = await firingOf(second!, rule.id);
        return a?.deliveries[0]?.status === 'RETRYING' && a;
      });
      expect(alert.deliveries[0]!.error).toMatch(/^refused: the URL reaches a loopback, private, link-local/);
      expect(receiver.received).toHaveLength(0);
    } finally {
      await first.close().catch(() => undefined);
      await holder.end().catch(() => undefined);
      await second?.close();
      await receiver.close();
      await database.drop();
    }
  }, 60_000);
});

describe('alerts scopes', () => {
  const READ = 'alerts-read-key-0123456789';
  const WRITE = 'alerts-write-key-0123456789';
  let database: TestDatabase;
  let stack: Stack;
  beforeAll(async () => {
    database = await createPgDatabase();
    stack = await startStack({
      env: alertsEnv(database.url, {
        GATEWAY_ALLOW_ANONYMOUS: 'false',
        GATEWAY_API_KEYS: `${READ}=stats:read,${WRITE}=stats:read+alerts:write`,
      }),
    });
  });
  afterAll(async () => {
    await stack?.close();
    await database?.drop();
  });

  it('writes rules with alerts:write only; reads them with stats:read', async () => {
    const input = { name: 'Scoped', condition: { quota: { remainingBelow: 1 } }, channels: [] };
    const refused = await stack.gql(CREATE, { input }, { 'x-api-key': READ });
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', scope: 'alerts:write' });
    const made = await stack.gql<{ createAlertRule: { id: string } }>(CREATE, { input }, { 'x-api-key': WRITE });
    expect(made.errors).toBeUndefined();
    const id = made.data!.createAlertRule.id;
    const read = await stack.gql<{ alertRules: { id: string }[] }>(`{ alertRules { id } }`, {}, { 'x-api-key': READ });
    expect(read.data!.alertRules).toEqual([{ id }]);
    const del = await stack.gql(`mutation ($id: ID!) { deleteAlertRule(id: $id) }`, { id }, { 'x-api-key': READ });
    expect(del.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('alerts without history', () => {
  it('answer HISTORY_UNAVAILABLE', async () => {
    const stack = await startStack({ env: { TIM_CALLBACK_TOKEN: CALLBACK_TOKEN } });
    try {
      const r = await stack.gql(`{ alertRules { id } }`);
      expect(r.errors?.[0]?.extensions).toMatchObject({ code: 'HISTORY_UNAVAILABLE', historyOff: true });
      const task = await stack.data<{ task: { id: string; alerts: unknown } }>(
        `{ task(id: "t") { id alerts { id } } }`,
      );
      expect(task.task).toEqual({ id: 't', alerts: null });
    } finally {
      await stack.close();
    }
  });
});

describe('alerts on PGlite', () => {
  it('fire and resolve, the signals kept in the ingest transaction', async () => {
    const receiver = await startReceiver();
    const stack = await startStack({
      env: { ...alertsEnv(''), DATABASE_URL: '' },
    });
    try {
      await stack.gateway.runtime.history!.ready;
      const rule = await create(stack, lossRule('Embedded', [webhook(`${receiver.origin}/pglite`)]));
      await postCallbacks(stack, apnsRecipients('task-pglite', 10, 5));
      await until(() => receiver.at('/pglite').length === 1);
      expect((await firingOf(stack, rule.id))!.value).toBe(0.5);
      // A replay changes no device, so no count: 15 more delivered make 5 of 25, 20%, no longer above (counted
      // twice, the replay would keep it at 10 of 35).
      await postCallbacks(stack, apnsRecipients('task-pglite', 10, 5));
      await postCallbacks(stack, apnsRecipients('task-pglite', 15, 0, 'ok'));
      await until(() => receiver.at('/pglite').length === 2);
      expect(JSON.parse(receiver.at('/pglite')[1]!.body)).toMatchObject({ state: 'RESOLVED', value: 0.5 });
    } finally {
      await stack.close();
      await receiver.close();
    }
  }, 60_000);
});
