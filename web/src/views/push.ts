// The Push form (/push): to accounts (sendBatchPush), to tags, attributes or everyone (sendPush, within today's
// quota), now or later (schedulePush), always under an idempotency key; then the new task's page with live
// progress, or, for a scheduled push, when it will go.
import {
  DashboardSchedulePushDocument,
  DashboardSendAudiencePushDocument,
  DashboardSendPushDocument,
} from '../../gql/graphql.js';
import { GatewayError, request } from '../api.js';
import { fill, h } from '../dom.js';
import { time } from '../format.js';
import { rememberPushed } from '../task-sources.js';
import { errorBox, type View } from './common.js';
import { audienceFields, field, quotaLine, scheduleFields, vendorFields, type Recipients } from './push-fields.js';

/** A fresh key: random, and works outside secure contexts too (crypto.randomUUID needs one). */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `dash-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

interface Common {
  fromAccount: string;
  title: string | null;
  description: string | null;
  ext: string | null;
  dataId: string | null;
  idempotencyKey: string;
  offlinePush: boolean;
}

/** Sends the push its recipients and time call for; answers where to go next, or what to say. */
async function send(
  recipients: Recipients,
  at: string | null,
  input: Common & ReturnType<ReturnType<typeof vendorFields>['read']>,
): Promise<
  { taskId: string; failedAccounts: { account: string; errorCode: number }[] } | { scheduledAt: string; id: string }
> {
  if (at) {
    const { data } = await request(DashboardSchedulePushDocument, { input: { ...input, ...recipients, at } });
    return { id: data!.schedulePush.id, scheduledAt: data!.schedulePush.scheduledPush?.at ?? at };
  }
  if ('audience' in recipients) {
    const { data } = await request(DashboardSendAudiencePushDocument, { input: { ...input, ...recipients } });
    return { taskId: data!.sendPush.taskId, failedAccounts: [] };
  }
  const { data } = await request(DashboardSendPushDocument, { input: { ...input, ...recipients } });
  return data!.sendBatchPush;
}

export function pushView(navigate: (to: string) => void): View {
  const from = h('input', {
    id: 'push-from',
    name: 'fromAccount',
    required: true,
    value: 'administrator',
    autocomplete: 'off',
  });
  const title = h('input', { id: 'push-title', name: 'title', autocomplete: 'off' });
  const description = h('textarea', { id: 'push-description', name: 'description', rows: 2 });
  const ext = h('input', { id: 'push-ext', name: 'ext', autocomplete: 'off' });
  const dataId = h('input', { id: 'push-data-id', name: 'dataId', autocomplete: 'off', maxlength: 64 });
  const key = h('input', {
    id: 'push-key',
    name: 'idempotencyKey',
    required: true,
    value: newKey(),
    autocomplete: 'off',
  });
  const offline = h('input', { id: 'push-offline', name: 'offlinePush', type: 'checkbox', checked: true });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Push');
  const newKeyButton = h('button', { type: 'button' }, 'New key');
  newKeyButton.addEventListener('click', () => (key.value = newKey()));
  const outcome = h('div', { 'aria-live': 'polite' });
  const audience = audienceFields();
  const vendor = vendorFields();
  const schedule = scheduleFields();
  const quota = quotaLine();

  const form = h(
    'form',
    { class: 'stack-form push-form' },
    field('push-from', 'From account', from),
    audience.el,
    field('push-title', 'Title', title),
    field('push-description', 'Text', description),
    field('push-ext', 'Ext', ext, 'Passed to the app as it is, e.g. {"screen":"chat"} to open a screen; keep it JSON.'),
    field('push-data-id', 'Data id', dataId, 'Your own id for this push (up to 64 bytes): push callbacks carry it.'),
    vendor.el,
    schedule.el,
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'push-key' }, 'Idempotency key'),
      h('div', { class: 'with-button' }, key, newKeyButton),
      h(
        'p',
        { class: 'hint' },
        'Sending the form again with the same key never pushes twice: the gateway answers with the first result.',
      ),
    ),
    h('div', { class: 'field check' }, offline, h('label', { for: 'push-offline' }, 'Also push to offline devices')),
    h('div', { class: 'actions' }, submit),
    outcome,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const recipients = audience.read();
    const at = schedule.read();
    const input = {
      fromAccount: from.value.trim(),
      title: title.value.trim() || null,
      description: description.value.trim() || null,
      ext: ext.value.trim() || null,
      dataId: dataId.value.trim() || null,
      idempotencyKey: key.value.trim(),
      offlinePush: offline.checked,
      ...vendor.read(),
    };
    submit.disabled = true;
    fill(outcome, h('p', { role: 'status' }, at ? 'Scheduling…' : 'Pushing…'));
    send(recipients, at, input)
      .then((sent) => {
        if ('scheduledAt' in sent)
          return fill(
            outcome,
            h(
              'p',
              { role: 'status', class: 'done' },
              `Scheduled: it goes at ${time(sent.scheduledAt)} (scheduled push ${sent.id}).`,
            ),
          );
        rememberPushed({
          id: sent.taskId,
          title: input.title ?? input.description,
          sentAt: new Date().toISOString(),
          recipientCount: 'toAccounts' in recipients ? recipients.toAccounts.length : null,
          dataId: input.dataId,
          failedAccounts: sent.failedAccounts,
        });
        navigate(`/tasks/${encodeURIComponent(sent.taskId)}`);
      })
      .catch((error: unknown) => {
        const unknown = error instanceof GatewayError && error.code === 'PUSH_OUTCOME_UNKNOWN';
        fill(
          outcome,
          errorBox(error),
          unknown ? h('p', null, 'Use “New key” only once you know it did not go out.') : null,
        );
      })
      .finally(() => {
        submit.disabled = false;
        void quota.refresh();
      });
  });

  const el = h(
    'div',
    null,
    h('h1', null, 'Push'),
    h(
      'p',
      { class: 'lead' },
      'Push a notification to some accounts, to tagged users or to everyone, now or later. Its page opens next, with progress as Tencent reports each device.',
    ),
    quota.el,
    form,
  );
  return { title: 'Push', el };
}
