// Troubleshoot (/troubleshoot?task={taskId}&users={id,id} or ?push={pushId}): each device's stage timeline with
// its outcome and diagnosis, for many users at once; each user appears as soon as Tencent answers for them.
import {
  DashboardPushTracesDocument,
  DashboardTracesDocument,
  type DashboardInstanceFragment,
  type DashboardTracesQuery,
} from '../../gql/graphql.js';
import { request, stream } from '../api.js';
import { fill, h, link } from '../dom.js';
import { RESULT_NAMES, TRACE_STAGE_NAMES, count, platform, time } from '../format.js';
import { splitIds } from '../task-sources.js';
import { errorBox, loading, type View } from './common.js';
import { diagnosisView } from './task.js';

export function troubleshootView(url: URL, navigate: (to: string) => void): View {
  const taskId = url.searchParams.get('task')?.trim() ?? '';
  const pushId = url.searchParams.get('push')?.trim() ?? '';
  const users = splitIds(url.searchParams.get('users') ?? '');

  const taskInput = h('input', { id: 'ts-task', name: 'task', value: taskId, autocomplete: 'off' });
  const usersInput = h('textarea', { id: 'ts-users', name: 'users', rows: 2 });
  usersInput.value = users.join(', ');
  const pushInput = h('input', { id: 'ts-push', name: 'push', value: pushId, autocomplete: 'off' });
  const form = h(
    'form',
    { class: 'stack-form' },
    h(
      'fieldset',
      null,
      h('legend', null, 'A task and its recipients'),
      h('label', { for: 'ts-task' }, 'Task id'),
      taskInput,
      h('label', { for: 'ts-users' }, 'User ids (commas, spaces or new lines between them)'),
      usersInput,
    ),
    h(
      'fieldset',
      null,
      h('legend', null, 'Or an ordinary push'),
      h('label', { for: 'ts-push' }, 'Push id (MsgID)'),
      pushInput,
    ),
    h('button', { type: 'submit', class: 'primary' }, 'Trace'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const ids = splitIds(usersInput.value);
    if (pushInput.value.trim()) navigate(`/troubleshoot?push=${encodeURIComponent(pushInput.value.trim())}`);
    else
      navigate(
        `/troubleshoot?task=${encodeURIComponent(taskInput.value.trim())}&users=${ids.map(encodeURIComponent).join(',')}`,
      );
  });

  const results = h('section', { 'aria-labelledby': 'ts-results', 'aria-live': 'polite' });
  const el = h(
    'div',
    null,
    h('h1', null, 'Troubleshoot'),
    h(
      'p',
      { class: 'lead' },
      'Where a push stopped on each device of a user: every stage with its time, outcome and, for a failure, what it means and what to do.',
    ),
    form,
    results,
  );
  const abort = new AbortController();
  if (pushId) tracePush(pushId, results);
  else if (taskId && users.length) traceUsers(taskId, users, results, abort.signal);
  else if (taskId || users.length)
    fill(results, h('p', { class: 'empty' }, 'Give a task id and at least one user id.'));
  return { title: 'Troubleshoot', el, dispose: () => abort.abort() };
}

function traceUsers(taskId: string, users: string[], results: HTMLElement, signal: AbortSignal): void {
  const heading = h('h2', { id: 'ts-results' }, 'Task ', link(`/tasks/${encodeURIComponent(taskId)}`, taskId));
  fill(results, heading, loading(`Asking Tencent for ${count(users.length)} user(s), about one a second…`));
  void stream(
    DashboardTracesDocument,
    { taskId, userIds: users },
    ({ data, errors, hasNext }) => {
      const traces = data?.task.traces ?? [];
      const arrived = traces.filter((t) => t !== undefined).length;
      fill(
        results,
        heading,
        errorBox(errors),
        h('div', { class: 'users' }, ...traces.map((t, i) => (t ? userCard(t) : missingUser(users[i] ?? '')))),
        hasNext ? loading(`${count(users.length - arrived)} more to come…`) : null,
      );
    },
    signal,
  ).catch((error: unknown) => fill(results, heading, errorBox(error)));
}

function tracePush(pushId: string, results: HTMLElement): void {
  const heading = h('h2', { id: 'ts-results' }, 'Push ', h('code', null, pushId));
  fill(results, heading, loading('Asking Tencent for this push…'));
  request(DashboardPushTracesDocument, { pushId })
    .then(({ data, errors }) => {
      const devices = data?.push.traces ?? [];
      fill(
        results,
        heading,
        errorBox(errors),
        devices.length
          ? h('div', { class: 'devices' }, ...devices.map(deviceView))
          : h('p', { class: 'empty' }, 'Tencent has no device for this push.'),
      );
    })
    .catch((error: unknown) => fill(results, heading, errorBox(error)));
}

const missingUser = (userId: string): HTMLElement =>
  h(
    'article',
    { class: 'user failed-user' },
    h('h3', null, userId),
    h('p', { class: 'muted' }, 'No trace for this user: see the error above.'),
  );

type UserTrace = NonNullable<NonNullable<DashboardTracesQuery['task']['traces']>[number]>;

function userCard(trace: UserTrace): HTMLElement {
  return h(
    'article',
    { class: 'user', 'data-user': trace.userId },
    h(
      'h3',
      null,
      trace.userId,
      ' ',
      h(
        'span',
        { class: `outcome ${trace.outcome.toLowerCase()}`, 'data-result': trace.outcome },
        RESULT_NAMES[trace.outcome],
      ),
    ),
    trace.instances.length
      ? h('div', { class: 'devices' }, ...trace.instances.map(deviceView))
      : h('p', { class: 'muted' }, 'Tencent shows no device for this user and task.'),
  );
}

function deviceView(d: DashboardInstanceFragment): HTMLElement {
  const about = [d.deviceModel, [d.system, d.systemVersion].filter(Boolean).join(' ')].filter(Boolean).join(', ');
  return h(
    'div',
    { class: 'device', 'data-instance': d.instanceId },
    h(
      'h4',
      null,
      platform(d.platform),
      d.eventType === 'ONLINE' ? ' (online)' : '',
      ' ',
      h(
        'span',
        { class: `outcome ${d.outcome.result.toLowerCase()}`, 'data-result': d.outcome.result },
        RESULT_NAMES[d.outcome.result],
      ),
    ),
    h(
      'p',
      { class: 'muted' },
      about || 'Device not described',
      d.notificationEnabled ? '' : ' · notifications turned off',
      d.recentlyActive ? '' : ' · not recently active',
    ),
    h(
      'ol',
      { class: 'timeline' },
      ...d.stages.map((s) =>
        h(
          'li',
          { class: s.status === 'SUCCESS' ? 'ok' : 'failed' },
          h('span', { class: 'marker', 'aria-hidden': 'true' }, s.status === 'SUCCESS' ? '✓' : '✕'),
          h('span', { class: 'stage' }, TRACE_STAGE_NAMES[s.stage]),
          h('span', { class: 'visually-hidden' }, s.status === 'SUCCESS' ? ' succeeded' : ' failed'),
          h('time', { datetime: s.eventTime ?? '' }, time(s.eventTime)),
          s.status === 'FAILURE'
            ? h(
                'p',
                { class: 'code' },
                'Code ',
                h('code', null, String(s.errorCode)),
                s.errorInfo ? ` ${s.errorInfo}` : '',
              )
            : null,
          s.status === 'FAILURE' && s.stage === d.outcome.failedStage ? diagnosisView(d.outcome.diagnosis) : null,
        ),
      ),
    ),
  );
}
