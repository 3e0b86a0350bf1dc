// The Recipients view (/tasks/{taskId}/recipients?result=…&class=…&after=…): who got a task's push and who did
// not, from the push callbacks the gateway keeps: counts by result and by cause as chips that filter, one page of
// recipients with each device's channel, stage, code and what it means, and the CSV of the list as filtered.
import {
  DashboardRecipientsDocument,
  type DashboardRecipientsQuery,
  type LossClass,
  type RecipientFilter,
  type TraceResult,
} from '../../gql/graphql.js';
import { request } from '../api.js';
import { fill, h, link } from '../dom.js';
import { CLASS_NAMES, RESULT_NAMES, count, time } from '../format.js';
import { errorBox, historyOff, loading, type View } from './common.js';
import {
  PAGE_SIZE,
  channelOf,
  codeOf,
  downloadLink,
  pager,
  stageOf,
  trailOf,
  type RecipientNode,
} from './recipient-list.js';

type Task = DashboardRecipientsQuery['task'];

/** The filter in the address: one result and one cause at most, as the chips set them. */
interface Picked {
  result?: TraceResult;
  class?: LossClass;
  /** A value in the address the gateway would not know. */
  problem?: string;
}

function pickedOf(url: URL): Picked {
  const result = url.searchParams.get('result') ?? '';
  const cause = url.searchParams.get('class') ?? '';
  const picked: Picked = {};
  if (Object.hasOwn(RESULT_NAMES, result)) picked.result = result as TraceResult;
  else if (result) picked.problem = `“${result}” is not a result; the chips below show the ones there are.`;
  if (Object.hasOwn(CLASS_NAMES, cause)) picked.class = cause as LossClass;
  else if (cause) picked.problem = `“${cause}” is not a cause; the chips below show the ones there are.`;
  return picked;
}

export function recipientsView(taskId: string, url: URL): View {
  const picked = pickedOf(url);
  const trail = trailOf(url);
  const base = `/tasks/${encodeURIComponent(taskId)}/recipients`;
  const filter: RecipientFilter = {
    ...(picked.result ? { result: [picked.result] } : {}),
    ...(picked.class ? { class: [picked.class] } : {}),
  };
  const body = h('div', { 'aria-busy': 'true' }, loading('Reading the recipients the push callbacks reported…'));
  const el = h(
    'div',
    null,
    h('p', { class: 'breadcrumb' }, link(`/tasks/${encodeURIComponent(taskId)}`, `← Task ${taskId}`)),
    h('h1', null, 'Recipients of ', h('code', null, taskId)),
    h(
      'p',
      { class: 'lead' },
      'Who got this push and who did not, from Tencent’s push callbacks as they arrive: each recipient’s best ' +
        'result over its devices, and for a failed device its code and what it means. No quota is used.',
    ),
    picked.problem ? h('p', { class: 'error', role: 'alert' }, picked.problem) : null,
    body,
  );
  void request(DashboardRecipientsDocument, { taskId, filter, first: PAGE_SIZE, after: trail.at(-1) })
    .then(({ data, errors }) =>
      fill(body, errorBox(errors), data ? content(data.task, picked, base, url, trail) : null),
    )
    .catch((error: unknown) => fill(body, historyOff(error) ? offNote() : errorBox(error)))
    .finally(() => body.removeAttribute('aria-busy'));
  return { title: `Recipients of ${taskId}`, el };
}

const offNote = () =>
  h(
    'p',
    { class: 'empty', 'data-history': 'off' },
    'This gateway keeps no recipients: they live in its history, and it runs with HISTORY_ENABLED=false.',
  );

/** ?result=…&class=… of a filter, as the view's address and the export take it; empty for none. */
function queryOf(picked: Picked): string {
  const query = new URLSearchParams();
  if (picked.result) query.set('result', picked.result);
  if (picked.class) query.set('class', picked.class);
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** The filter in words, e.g. Failed, a device failed for “Dead token”. */
const described = (picked: Picked): string =>
  [picked.result && RESULT_NAMES[picked.result], picked.class && `a device failed for “${CLASS_NAMES[picked.class]}”`]
    .filter(Boolean)
    .join(', ');

/** The view's address with this filter, at its first page. */
const addressOf = (base: string, picked: Picked): string => base + queryOf(picked);

function content(task: Task, picked: Picked, base: string, url: URL, trail: string[]): HTMLElement {
  const summary = task.recipientSummary;
  if (summary.total === 0)
    return h(
      'p',
      { class: 'empty' },
      'No recipient of this task has been reported yet. The push callbacks report each one within seconds of a ' +
        'push, once they are set up for the app in the Chat console; a task pushed before that has none.',
    );
  const list = task.recipients;
  const exportHref = `/exports/tasks/${encodeURIComponent(task.id)}/recipients.csv${queryOf(picked)}`;
  const filtered = picked.result || picked.class;
  return h(
    'div',
    null,
    chips(summary, picked, base),
    h(
      'div',
      { class: 'list-head' },
      h(
        'p',
        { 'data-field': 'matching' },
        h('strong', null, count(list.totalCount)),
        filtered ? ` of ${count(summary.total)} recipients: ${described(picked)}. ` : ' recipients. ',
        filtered ? link(base, 'Clear the filter') : null,
        h('span', { class: 'sub' }, 'An account opens Troubleshoot: each of its devices’ stages, asked of Tencent.'),
      ),
      downloadLink(exportHref, filtered ? 'Download CSV of these' : 'Download CSV'),
    ),
    list.edges.length
      ? table(
          task.id,
          list.edges.map((e) => e.node),
        )
      : h('p', { class: 'empty' }, 'No recipient matches this filter. ', link(base, 'Show them all')),
    pager(url, trail, list),
  );
}

/** A count as a link that sets the filter; the one that is on says so, and clicking it again takes it off. */
const chip = (label: string, n: number, on: boolean, href: string, data: Record<string, string>) =>
  h(
    'a',
    { href, 'data-nav': '', class: 'chip', 'aria-current': on ? 'true' : null, ...data },
    h('span', null, label),
    ' ',
    h('span', { class: 'chip-count' }, count(n)),
  );

function chips(summary: Task['recipientSummary'], picked: Picked, base: string): HTMLElement {
  const byResult = summary.byResult.map((r) => {
    const on = picked.result === r.result;
    const href = addressOf(base, { ...picked, result: on ? undefined : r.result });
    return chip(RESULT_NAMES[r.result], r.count, on, href, { 'data-result': r.result });
  });
  const byClass = summary.byClass.map((c) => {
    const on = picked.class === c.class;
    const href = addressOf(base, { ...picked, class: on ? undefined : c.class });
    return chip(CLASS_NAMES[c.class], c.count, on, href, { 'data-class': c.class });
  });
  const all = chip('All', summary.total, !picked.result, addressOf(base, { class: picked.class }), {
    'data-result': 'ALL',
  });
  return h(
    'div',
    { class: 'chip-groups' },
    h(
      'div',
      { class: 'chips', role: 'group', 'aria-labelledby': 'by-result' },
      h('span', { id: 'by-result', class: 'chips-label' }, 'By result'),
      all,
      ...byResult,
    ),
    byClass.length
      ? h(
          'div',
          { class: 'chips', role: 'group', 'aria-labelledby': 'by-class' },
          h('span', { id: 'by-class', class: 'chips-label' }, 'A device failed for'),
          ...byClass,
        )
      : null,
  );
}

/** One tbody per recipient: its account and result span the rows of its devices. */
function table(taskId: string, recipients: RecipientNode[]): HTMLElement {
  const head = ['Account', 'Result', 'Device', 'Code', 'What it means'];
  return h(
    'table',
    { class: 'recipients' },
    h('thead', null, h('tr', null, ...head.map((label) => h('th', { scope: 'col' }, label)))),
    ...recipients.map((r) => recipientRows(taskId, r)),
  );
}

function recipientRows(taskId: string, r: RecipientNode): HTMLElement {
  const span = Math.max(1, r.devices.length);
  const who = [
    h(
      'th',
      { scope: 'rowgroup', rowspan: span, 'data-label': 'Account' },
      link(
        `/troubleshoot?task=${encodeURIComponent(taskId)}&users=${encodeURIComponent(r.account)}`,
        h('span', { 'data-field': 'account' }, r.account),
      ),
    ),
    h(
      'td',
      { rowspan: span, 'data-label': 'Result' },
      h(
        'div',
        null,
        h('span', { class: `outcome ${r.result.toLowerCase()}`, 'data-field': 'result' }, RESULT_NAMES[r.result]),
        h('time', { class: 'sub', datetime: r.lastEventAt }, time(r.lastEventAt)),
      ),
    ),
  ];
  const rows = r.devices.map((d, i) =>
    h(
      'tr',
      { class: 'device-row', 'data-platform': d.platform, 'data-status': d.status },
      i === 0 ? who : null,
      h('td', { 'data-label': 'Device' }, h('div', null, channelOf(d), h('span', { class: 'sub' }, stageOf(d)))),
      // A device that did not fail has no code to explain: its cells stay empty (and hidden on a phone).
      d.status === 'FAILURE'
        ? [
            h('td', { 'data-label': 'Code', 'data-field': 'code' }, codeOf(d)),
            h('td', { 'data-label': 'What it means', 'data-field': 'meaning' }, meaningOf(d)),
          ]
        : [
            h('td', { class: 'none', 'data-label': 'Code' }, '—'),
            h('td', { class: 'none', 'data-label': 'What it means' }, '—'),
          ],
    ),
  );
  return h(
    'tbody',
    { 'data-account': r.account, 'data-result': r.result },
    rows.length ? rows : h('tr', null, who, h('td', { colspan: 3 }, 'No device reported.')),
  );
}

function meaningOf(d: RecipientNode['devices'][number]): HTMLElement | string {
  const dx = d.diagnosis;
  if (!dx) return 'Not diagnosed.';
  return h(
    'div',
    { class: `diagnosis class-${dx.class.toLowerCase()}` },
    h('span', { class: 'badge' }, CLASS_NAMES[dx.class]),
    h('span', { class: dx.meaning ? 'meaning' : 'meaning muted' }, dx.meaning ?? 'Not in the knowledge base yet.'),
    dx.remedy ? h('span', { class: 'sub remedy' }, h('strong', null, 'What to do: '), dx.remedy) : null,
  );
}
