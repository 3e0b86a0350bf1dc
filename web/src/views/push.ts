// The Push form (/push): sendBatchPush under an idempotency key, then the new task's page with live progress.
import { DashboardSendPushDocument } from '../../gql/graphql.js';
import { GatewayError, request } from '../api.js';
import { fill, h } from '../dom.js';
import { rememberPushed, splitIds } from '../task-sources.js';
import { errorBox, type View } from './common.js';

/** A fresh key: random, and works outside secure contexts too (crypto.randomUUID needs one). */
function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return `dash-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function pushView(navigate: (to: string) => void): View {
  const field = (id: string, label: string, control: HTMLInputElement | HTMLTextAreaElement, hint?: string) =>
    h(
      'div',
      { class: 'field' },
      h('label', { for: id }, label),
      control,
      hint ? h('p', { class: 'hint' }, hint) : null,
    );
  const from = h('input', {
    id: 'push-from',
    name: 'fromAccount',
    required: true,
    value: 'administrator',
    autocomplete: 'off',
  });
  const to = h('textarea', { id: 'push-to', name: 'toAccounts', required: true, rows: 3 });
  const title = h('input', { id: 'push-title', name: 'title', autocomplete: 'off' });
  const description = h('textarea', { id: 'push-description', name: 'description', rows: 2 });
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

  const form = h(
    'form',
    { class: 'stack-form push-form' },
    field('push-from', 'From account', from),
    field('push-to', 'To accounts', to, '1–500 user ids, with commas, spaces or new lines between them.'),
    field('push-title', 'Title', title),
    field('push-description', 'Text', description),
    field('push-data-id', 'Data id', dataId, 'Your own id for this push (up to 64 bytes): push callbacks carry it.'),
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
    const accounts = splitIds(to.value);
    submit.disabled = true;
    fill(outcome, h('p', { role: 'status' }, 'Pushing…'));
    const input = {
      fromAccount: from.value.trim(),
      toAccounts: accounts,
      title: title.value.trim() || null,
      description: description.value.trim() || null,
      dataId: dataId.value.trim() || null,
      idempotencyKey: key.value.trim(),
      offlinePush: offline.checked,
    };
    request(DashboardSendPushDocument, { input })
      .then(({ data }) => {
        const sent = data!.sendBatchPush;
        rememberPushed({
          id: sent.taskId,
          title: input.title ?? input.description,
          sentAt: new Date().toISOString(),
          recipientCount: accounts.length,
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
      .finally(() => (submit.disabled = false));
  });

  const el = h(
    'div',
    null,
    h('h1', null, 'Push'),
    h(
      'p',
      { class: 'lead' },
      'Push a notification to some accounts. Its page opens next, with progress as Tencent reports each device.',
    ),
    form,
  );
  return { title: 'Push', el };
}
