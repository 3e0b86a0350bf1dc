// The Tasks view (/): each task's funnel sendable → sent → delivered → clicked and its loss rate.
import { DashboardTasksDocument, type DashboardTasksQuery } from '../../gql/graphql.js';
import { request } from '../api.js';
import { fill, h, link } from '../dom.js';
import { count, share, time } from '../format.js';
import { recentSource, splitIds, typedIdsSource, type TaskListSource, type TaskRow } from '../task-sources.js';
import { errorBox, loading, shareBar, type View } from './common.js';

type TaskFigures = DashboardTasksQuery['tasks'][number];

export function tasksView(url: URL, navigate: (to: string) => void): View {
  const typed = splitIds(url.searchParams.get('ids') ?? '');
  // Ids typed in win; otherwise the recent pushes through the gateway.
  const source: TaskListSource = typed.length ? typedIdsSource(typed) : recentSource();

  const input = h('input', {
    id: 'task-ids',
    name: 'ids',
    value: typed.join(', '),
    placeholder: 'e.g. xxx-yyy-zzz, aaa-bbb-ccc',
    autocomplete: 'off',
  });
  const form = h(
    'form',
    { class: 'inline-form', role: 'search' },
    h('label', { for: 'task-ids' }, 'Task ids'),
    input,
    h('button', { type: 'submit', class: 'primary' }, 'Show'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const ids = splitIds(input.value);
    navigate(ids.length ? `/?ids=${encodeURIComponent(ids.join(','))}` : '/');
  });

  const results = h('section', { 'aria-labelledby': 'list-title', 'aria-busy': 'true' });
  const el = h(
    'div',
    null,
    h('h1', null, 'Tasks'),
    h(
      'p',
      { class: 'lead' },
      'How many of each push reached its recipients: sendable → sent → delivered → clicked, over the last 7 days.',
    ),
    form,
    results,
  );
  fill(results, h('h2', { id: 'list-title' }, source.label), loading('Loading the tasks…'));
  void source.rows().then(async (rows) => {
    if (rows.length === 0) {
      fill(
        results,
        h('h2', { id: 'list-title' }, source.label),
        h(
          'p',
          { class: 'empty' },
          'No task yet. ',
          link('/push', 'Push one'),
          ', or type task ids above (with the emulator, try ',
          link('/?ids=xxx-yyy-zzz,aaa-bbb-ccc', 'the demo tasks'),
          ').',
        ),
      );
      results.removeAttribute('aria-busy');
      return;
    }
    try {
      const { data, errors } = await request(DashboardTasksDocument, { ids: rows.map((r) => r.id) });
      const byId = new Map((data?.tasks ?? []).map((t) => [t.id, t]));
      fill(
        results,
        h('h2', { id: 'list-title' }, source.label),
        errorBox(errors),
        table(rows.map((row) => ({ row, figures: byId.get(row.id) }))),
      );
    } catch (error) {
      fill(results, h('h2', { id: 'list-title' }, source.label), errorBox(error));
    }
    results.removeAttribute('aria-busy');
  });
  return { title: 'Tasks', el };
}

function table(items: { row: TaskRow; figures: TaskFigures | undefined }[]): HTMLElement {
  const head = ['Task', 'Sendable', 'Sent', 'Delivered', 'Clicked', 'Lost', 'Loss rate'];
  return h(
    'table',
    { class: 'tasks' },
    h('thead', null, h('tr', null, ...head.map((label) => h('th', { scope: 'col' }, label)))),
    h(
      'tbody',
      null,
      ...items.map(({ row, figures }) => {
        const stats = figures?.summary?.stats;
        const cell = (label: string, field: string, value: number | undefined) =>
          h('td', { 'data-label': label, 'data-field': field, class: 'num' }, count(value));
        return h(
          'tr',
          { 'data-task': row.id },
          h(
            'th',
            { scope: 'row', 'data-label': 'Task' },
            link(`/tasks/${encodeURIComponent(row.id)}`, row.id),
            row.title ? h('span', { class: 'sub' }, row.title) : null,
            row.sentAt ? h('span', { class: 'sub' }, `pushed ${time(row.sentAt)}`) : null,
          ),
          cell('Sendable', 'sendable', stats?.total),
          cell('Sent', 'sent', stats?.sent),
          cell('Delivered', 'delivered', stats?.delivered),
          cell('Clicked', 'clicked', stats?.clicked),
          cell('Lost', 'lost', figures?.summary?.loss?.total),
          h(
            'td',
            { 'data-label': 'Loss rate', class: 'num loss-rate' },
            h('span', { 'data-field': 'lossRate' }, share(figures?.summary?.lossRate)),
            shareBar(figures?.summary?.lossRate, 'loss'),
          ),
        );
      }),
    ),
  );
}
