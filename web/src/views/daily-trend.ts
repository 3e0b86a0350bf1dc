// The Task view's daily trend: what the gateway recorded of this task per day (sent, delivered, clicked, lost),
// over 30, 90 or 365 days, from its database: no upstream call, and days older than Tencent keeps.
import { DashboardDailyDocument, type DashboardDailyQuery } from '../../gql/graphql.js';
import { request } from '../api.js';
import { dailyChart } from '../charts.js';
import { fill, h } from '../dom.js';
import { count, time } from '../format.js';
import { errorBox, historyOff, loading } from './common.js';

type Day = DashboardDailyQuery['task']['daily'][number];

const SPANS = [30, 90, 365] as const;
const DAY = 86_400_000;

const COLORS = { sent: '#60a5fa', delivered: '#16a34a', clicked: '#7c3aed', lost: '#dc2626' };

/** YYYY-MM-DD of a UTC day. */
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The trend section for a task; it loads itself, and again when another span is picked. */
export function dailyTrend(taskId: string): HTMLElement {
  const body = h('div', { 'aria-live': 'polite' });
  const picker = h(
    'select',
    { id: 'trend-span', name: 'span' },
    ...SPANS.map((n) => h('option', { value: String(n) }, `Last ${n} days`)),
  );
  const load = () => {
    const span = Number(picker.value);
    // Up to tomorrow (UTC): the upstream's day (UTC+8 by default) may already be tomorrow in UTC.
    const to = iso(Date.now() + DAY);
    const from = iso(Date.now() + DAY - (span - 1) * DAY);
    fill(body, loading('Reading the recorded days…'));
    body.setAttribute('aria-busy', 'true');
    void request(DashboardDailyDocument, { taskId, from, to })
      .then(({ data, errors }) => fill(body, errorBox(errors), data ? trend(data.task.daily, from, to) : null))
      .catch((error: unknown) => fill(body, historyOff(error) ? offNote() : errorBox(error)))
      .finally(() => body.removeAttribute('aria-busy'));
  };
  picker.addEventListener('change', load);
  load();
  return h(
    'section',
    { class: 'trend', 'aria-labelledby': 'trend-title' },
    h('h2', { id: 'trend-title' }, 'Day by day'),
    h(
      'p',
      { class: 'lead' },
      'From the days this gateway recorded: kept beyond the 7 days (loss) and 30 days (statistics) Tencent keeps. ',
      h('label', { for: 'trend-span' }, 'Show '),
      picker,
    ),
    body,
  );
}

const offNote = () =>
  h(
    'p',
    { class: 'empty', 'data-history': 'off' },
    'This gateway keeps no daily records (it runs with HISTORY_ENABLED=false), so there is no day-by-day trend.',
  );

function trend(days: readonly Day[], from: string, to: string): HTMLElement {
  if (days.length === 0)
    return h(
      'p',
      { class: 'empty' },
      'No day recorded yet. Tasks pushed through the gateway are followed from their push; others with the trackTask mutation.',
    );
  // Every calendar day of the span, so gaps (days not recorded) show as gaps.
  const all: string[] = [];
  for (let ms = Date.parse(`${from}T00:00:00Z`); ms <= Date.parse(`${to}T00:00:00Z`); ms += DAY) all.push(iso(ms));
  const byDay = new Map(days.map((d) => [d.day, d]));
  const first = all.findIndex((d) => byDay.has(d));
  const shown = all.slice(Math.max(0, first));
  const series = (label: string, color: string, pick: (d: Day) => number | null | undefined) => ({
    label,
    color,
    values: shown.map((day) => {
      const d = byDay.get(day);
      return d ? (pick(d) ?? null) : null;
    }),
  });
  return h(
    'div',
    null,
    dailyChart('Per day: sent, delivered, clicked and lost', shown, [
      series('Sent', COLORS.sent, (d) => d.stats?.sent),
      series('Delivered', COLORS.delivered, (d) => d.stats?.delivered),
      series('Clicked', COLORS.clicked, (d) => d.stats?.clicked),
      series('Lost', COLORS.lost, (d) => d.loss?.total),
    ]),
    table([...days].reverse()),
  );
}

function table(days: readonly Day[]): HTMLElement {
  const head = ['Day', 'Sendable', 'Sent', 'Delivered', 'Clicked', 'Lost', 'Recorded'];
  return h(
    'table',
    { class: 'daily' },
    h('thead', null, h('tr', null, ...head.map((label) => h('th', { scope: 'col' }, label)))),
    h(
      'tbody',
      null,
      ...days.map((d) => {
        const cell = (label: string, field: string, value: number | null | undefined) =>
          h('td', { 'data-label': label, 'data-field': field, class: 'num' }, count(value));
        return h(
          'tr',
          { 'data-day': d.day },
          h('th', { scope: 'row', 'data-label': 'Day' }, d.day),
          cell('Sendable', 'sendable', d.stats?.total),
          cell('Sent', 'sent', d.stats?.sent),
          cell('Delivered', 'delivered', d.stats?.delivered),
          cell('Clicked', 'clicked', d.stats?.clicked),
          cell('Lost', 'lost', d.loss?.total),
          h('td', { 'data-label': 'Recorded' }, d.settled ? 'final' : `open day, as of ${time(d.observedAt)}`),
        );
      }),
    ),
  );
}
