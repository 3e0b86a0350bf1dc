// The Task view (/tasks/{taskId}): headline funnel, funnel by vendor and loss by stage × vendor (charts), the
// largest reasons with diagnosis and remedy, live progress from the push callbacks, and the daily trend; links to
// its recipients and to Troubleshoot.
import {
  DashboardProgressDocument,
  DashboardTaskDocument,
  type DashboardDiagnosisFragment,
  type DashboardProgressFiguresFragment,
  type DashboardTaskQuery,
  type PushPlatform,
  type TimeRange,
} from '../../gql/graphql.js';
import { request, subscribe } from '../api.js';
import { barChart } from '../charts.js';
import { fill, h, link } from '../dom.js';
import { CLASS_NAMES, FAILED_STAGE_NAMES, STAGE_NAMES, count, platform, share, time } from '../format.js';
import { pushedTask } from '../task-sources.js';
import { taskAlertsBanner } from './alerts.js';
import { errorBox, figure, loading, shareBar, type View } from './common.js';
import { dailyTrend } from './daily-trend.js';

type Summary = NonNullable<DashboardTaskQuery['task']['summary']>;

const DAY = 86_400_000;

export function taskView(taskId: string, url: URL, navigate: (to: string) => void): View {
  const picked = rangeOf(url);
  const body = h('div', { 'aria-busy': 'true' }, loading('Asking Tencent for this task’s loss and statistics…'));
  const live = liveSection(taskId);
  const pushed = pushedTask(taskId);
  const el = h(
    'div',
    null,
    h('h1', null, 'Task ', h('code', null, taskId)),
    pushed?.title ? h('p', { class: 'lead' }, pushed.title) : null,
    h(
      'p',
      { class: 'actions-row' },
      link(`/tasks/${encodeURIComponent(taskId)}/recipients`, 'Recipients: who got it, who did not, and why →'),
      link(`/troubleshoot?task=${encodeURIComponent(taskId)}`, 'Troubleshoot recipients of this task →'),
    ),
    taskAlertsBanner(taskId),
    pushed?.failedAccounts.length ? failedAccounts(pushed.failedAccounts) : null,
    // Just pushed from this tab: its progress comes first; for any other task, the settled figures do.
    pushed ? live.el : null,
    rangePicker(taskId, picked, navigate),
    body,
    pushed ? null : live.el,
  );
  const range: TimeRange | undefined = picked.range;
  void request(DashboardTaskDocument, { taskId, range })
    .then(({ data, errors }) => {
      const task = data?.task;
      if (task?.live) live.update(task.live);
      fill(body, errorBox(errors), task?.summary ? summaryView(task.summary) : null, dailyTrend(taskId));
    })
    .catch((error: unknown) => fill(body, errorBox(error)))
    .finally(() => body.removeAttribute('aria-busy'));
  return { title: `Task ${taskId}`, el, dispose: live.dispose };
}

/** The window in the address (?from=YYYY-MM-DD&to=YYYY-MM-DD, days inclusive, local time); none: the default. */
function rangeOf(url: URL): { from: string; to: string; range?: TimeRange; problem?: string } {
  const from = url.searchParams.get('from') ?? '';
  const to = url.searchParams.get('to') ?? '';
  if (!from || !to) return { from, to };
  const start = new Date(`${from}T00:00:00`);
  const end = new Date(new Date(`${to}T00:00:00`).getTime() + DAY);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || end <= start)
    return { from, to, problem: 'The window must end on or after the day it starts.' };
  if (end.getTime() - start.getTime() > 7 * DAY)
    return { from, to, problem: 'Tencent keeps loss figures for windows of at most 7 days: pick 7 days or fewer.' };
  return { from, to, range: { from: start.toISOString(), to: end.toISOString() } };
}

function rangePicker(
  taskId: string,
  picked: { from: string; to: string; problem?: string },
  navigate: (to: string) => void,
): HTMLElement {
  const from = h('input', { type: 'date', id: 'range-from', name: 'from', value: picked.from });
  const to = h('input', { type: 'date', id: 'range-to', name: 'to', value: picked.to });
  const form = h(
    'form',
    { class: 'inline-form range', 'aria-label': 'Window' },
    h('label', { for: 'range-from' }, 'From'),
    from,
    h('label', { for: 'range-to' }, 'to'),
    to,
    h('button', { type: 'submit' }, 'Show window'),
    picked.from || picked.to ? link(`/tasks/${encodeURIComponent(taskId)}`, 'Last 7 days') : null,
    picked.problem ? h('p', { class: 'error', role: 'alert' }, picked.problem) : null,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = from.value && to.value ? `?from=${from.value}&to=${to.value}` : '';
    navigate(`/tasks/${encodeURIComponent(taskId)}${query}`);
  });
  return form;
}

function summaryView(summary: Summary): HTMLElement {
  const stats = summary.stats;
  const loss = summary.loss;
  return h(
    'div',
    null,
    loss ? h('p', { class: 'window' }, `Window: ${time(loss.from)} – ${time(loss.to)}`) : null,
    h(
      'dl',
      { class: 'figures', 'aria-label': 'Funnel' },
      figure('Sendable', count(stats?.total), 'sendable'),
      figure('Sent', count(stats?.sent), 'sent'),
      figure('Delivered', count(stats?.delivered), 'delivered'),
      figure('Clicked', count(stats?.clicked), 'clicked'),
      figure('Lost', count(loss?.total), 'lost'),
      figure('Loss rate', share(summary.lossRate), 'lossRate'),
    ),
    h('div', { class: 'charts' }, funnelChart(summary), lossChart(summary)),
    channelTable(summary),
    reasons(summary.topReasons),
  );
}

const COLORS = {
  sendable: '#cbd5e1',
  sent: '#60a5fa',
  delivered: '#16a34a',
  clicked: '#7c3aed',
  before: '#f59e0b',
  after: '#dc2626',
};

function funnelChart(summary: Summary): HTMLElement {
  const rows = summary.stats?.byPlatform ?? [];
  const names = rows.map((r) => platform(r.platform));
  return barChart('Funnel by channel: sendable, sent, delivered, clicked', names, [
    { label: 'Sendable', values: rows.map((r) => r.total), color: COLORS.sendable, width: 0.8 },
    { label: 'Sent', values: rows.map((r) => r.sent), color: COLORS.sent, width: 0.6 },
    { label: 'Delivered', values: rows.map((r) => r.delivered), color: COLORS.delivered, width: 0.42 },
    { label: 'Clicked', values: rows.map((r) => r.clicked), color: COLORS.clicked, width: 0.24 },
  ]);
}

function lossChart(summary: Summary): HTMLElement {
  const buckets = summary.loss?.byPlatform ?? [];
  const platforms = [...new Set(buckets.map((b) => b.platform ?? 'UNKNOWN'))] as PushPlatform[];
  const sum = (p: PushPlatform, stage: 'READY_TO_SEND' | 'POST_SEND_DELIVERED') =>
    buckets.filter((b) => (b.platform ?? 'UNKNOWN') === p && b.stage === stage).reduce((n, b) => n + b.count, 0);
  return barChart('Lost by stage and channel', platforms.map(platform), [
    {
      label: `Lost ${STAGE_NAMES.READY_TO_SEND}`,
      values: platforms.map((p) => sum(p, 'READY_TO_SEND')),
      color: COLORS.before,
      width: 0.38,
      align: -1,
    },
    {
      label: `Lost ${STAGE_NAMES.POST_SEND_DELIVERED}`,
      values: platforms.map((p) => sum(p, 'POST_SEND_DELIVERED')),
      color: COLORS.after,
      width: 0.38,
      align: 1,
    },
  ]);
}

function channelTable(summary: Summary): HTMLElement {
  const receipts = new Set(
    (summary.stats?.byPlatform ?? []).filter((p) => p.deliveryNeedsReceipts).map((p) => p.platform),
  );
  return h(
    'section',
    { 'aria-labelledby': 'channels-title' },
    h('h2', { id: 'channels-title' }, 'By channel'),
    h(
      'table',
      { class: 'channels' },
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          ...['Channel', 'Sendable', 'Delivered', 'Lost', 'Loss rate'].map((label) => h('th', { scope: 'col' }, label)),
        ),
      ),
      h(
        'tbody',
        null,
        ...summary.byPlatform.map((p) =>
          h(
            'tr',
            { 'data-platform': p.platform },
            h(
              'th',
              { scope: 'row', 'data-label': 'Channel' },
              platform(p.platform),
              receipts.has(p.platform)
                ? h(
                    'span',
                    { class: 'sub' },
                    'Delivered counts need vendor receipts configured; without them they stay far too low.',
                  )
                : null,
            ),
            h('td', { class: 'num', 'data-label': 'Sendable', 'data-field': 'sendable' }, count(p.sendable)),
            h('td', { class: 'num', 'data-label': 'Delivered', 'data-field': 'delivered' }, count(p.delivered)),
            h('td', { class: 'num', 'data-label': 'Lost', 'data-field': 'lost' }, count(p.lost)),
            h(
              'td',
              { class: 'num loss-rate', 'data-label': 'Loss rate' },
              h('span', { 'data-field': 'lossRate' }, share(p.lossRate)),
              shareBar(p.lossRate, 'loss'),
            ),
          ),
        ),
      ),
    ),
  );
}

function reasons(list: Summary['topReasons']): HTMLElement {
  return h(
    'section',
    { 'aria-labelledby': 'reasons-title' },
    h('h2', { id: 'reasons-title' }, 'Why they were lost, and what to do'),
    list.length === 0
      ? h('p', { class: 'empty' }, 'Nothing was lost in this window.')
      : h(
          'ol',
          { class: 'reasons' },
          ...list.map((r) =>
            h(
              'li',
              { class: 'reason', 'data-code': r.errorCode },
              h(
                'div',
                { class: 'reason-head' },
                h('strong', { class: 'reason-count', 'data-field': 'count' }, count(r.count)),
                h(
                  'span',
                  { class: 'muted' },
                  ` lost (${share(r.share)}) ${STAGE_NAMES[r.stage]} on ${platform(r.platform)}`,
                ),
                shareBar(r.share, 'loss'),
              ),
              h(
                'p',
                { class: 'code' },
                'Code ',
                h('code', null, r.errorCode),
                r.errorInfo ? h('span', null, ' ', h('code', null, r.errorInfo)) : null,
              ),
              diagnosisView(r.diagnosis),
            ),
          ),
        ),
  );
}

export function diagnosisView(d: DashboardDiagnosisFragment | null | undefined): HTMLElement | null {
  if (!d) return null;
  return h(
    'div',
    { class: `diagnosis class-${d.class.toLowerCase()}` },
    h(
      'p',
      null,
      h('span', { class: 'badge' }, CLASS_NAMES[d.class]),
      d.retryable ? h('span', { class: 'badge soft' }, 'worth retrying') : null,
      d.pruneToken ? h('span', { class: 'badge soft' }, 'drop this token') : null,
    ),
    d.meaning
      ? h('p', { class: 'meaning' }, d.meaning)
      : h('p', { class: 'meaning muted' }, 'This code is not in the knowledge base yet.'),
    d.remedy ? h('p', { class: 'remedy' }, h('strong', null, 'What to do: '), d.remedy) : null,
    d.source
      ? h('p', { class: 'source' }, h('a', { href: d.source, rel: 'noreferrer', target: '_blank' }, 'Source'))
      : null,
  );
}

function failedAccounts(list: { account: string; errorCode: number; errorInfo?: string | null }[]): HTMLElement {
  return h(
    'div',
    { class: 'error', role: 'note' },
    h('p', null, `${count(list.length)} account(s) were refused when this was pushed:`),
    h(
      'ul',
      null,
      ...list.map((a) =>
        h('li', null, h('code', null, a.account), ` — ${a.errorCode}${a.errorInfo ? ` ${a.errorInfo}` : ''}`),
      ),
    ),
  );
}

/** Live counters from the push callbacks: shown at once, then updated as the subscription sends them. */
function liveSection(taskId: string) {
  const figures = h('dl', { class: 'figures live', 'aria-label': 'Live progress' });
  const status = h('p', { class: 'muted', role: 'status' }, 'Listening for push callbacks…');
  const reasonsBox = h('div');
  const el = h(
    'section',
    { class: 'live-section', 'aria-labelledby': 'live-title' },
    h('h2', { id: 'live-title' }, h('span', { class: 'pulse', 'aria-hidden': 'true' }), 'Live progress'),
    h(
      'p',
      { class: 'hint' },
      'Counted from Tencent’s push callbacks as they arrive: immediate, and a lower bound until the figures below settle.',
    ),
    figures,
    status,
    reasonsBox,
  );
  let seen = false;
  const update = (p: DashboardProgressFiguresFragment) => {
    seen = true;
    // Until the first callback, one line instead of four zeros.
    figures.hidden = p.updatedAt === null && p.sent + p.delivered + p.clicked + p.failed === 0;
    fill(
      figures,
      figure('Sent', count(p.sent), 'live-sent'),
      figure('Delivered', count(p.delivered), 'live-delivered'),
      figure('Clicked', count(p.clicked), 'live-clicked'),
      figure('Failed', count(p.failed), 'live-failed'),
    );
    fill(
      status,
      p.updatedAt ? `Last event ${time(p.updatedAt)}` : 'No push callback for this task yet; listening for them.',
    );
    fill(
      reasonsBox,
      p.topReasons.length
        ? h(
            'ul',
            { class: 'live-reasons' },
            ...p.topReasons
              .slice(0, 5)
              .map((r) =>
                h(
                  'li',
                  null,
                  h('strong', null, count(r.count)),
                  ` failed ${FAILED_STAGE_NAMES[r.stage]} on ${platform(r.platform)}: code `,
                  h('code', null, String(r.errorCode)),
                  r.diagnosis.remedy ? h('span', { class: 'muted' }, ` — ${r.diagnosis.remedy}`) : null,
                ),
              ),
          )
        : null,
    );
  };
  update({ taskId, sent: 0, delivered: 0, clicked: 0, failed: 0, updatedAt: null, byPlatform: [], topReasons: [] });
  seen = false;
  const dispose = subscribe(
    DashboardProgressDocument,
    { taskId },
    ({ data, errors }) => {
      if (data) update(data.taskProgress);
      if (errors.length) fill(status, errorBox(errors));
    },
    (error) => fill(status, errorBox(error) ?? (seen ? 'Reconnecting…' : '')),
  );
  return { el, update, dispose };
}
