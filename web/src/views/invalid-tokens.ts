// The Invalid tokens view (/invalid-tokens?platform=…&after=…): the recipients with a device whose token a vendor
// rejected, newest first, a page at a time, by channel, with its CSV: the list of tokens to drop.
import { DashboardInvalidTokensDocument, type PushPlatform } from '../../gql/graphql.js';
import { request } from '../api.js';
import { fill, h, link } from '../dom.js';
import { count, platform, time } from '../format.js';
import { errorBox, historyOff, loading, type View } from './common.js';
import { PAGE_SIZE, channelOf, codeOf, downloadLink, pager, trailOf, type RecipientNode } from './recipient-list.js';

/** The channels a token comes from: the vendors' (an online device has none). */
const CHANNELS: PushPlatform[] = ['APNS', 'FCM', 'HUAWEI', 'HONOR', 'XIAOMI', 'OPPO', 'VIVO', 'MEIZU'];

export function invalidTokensView(url: URL, navigate: (to: string) => void): View {
  const given = url.searchParams.get('platform') ?? '';
  const channel = CHANNELS.find((c) => c === given);
  const trail = trailOf(url);
  const select = h(
    'select',
    { id: 'it-platform', name: 'platform' },
    h('option', { value: '' }, platform(null)),
    ...CHANNELS.map((c) => h('option', { value: c, selected: c === channel }, platform(c))),
  );
  const form = h(
    'form',
    { class: 'inline-form', 'aria-label': 'Channel' },
    h('label', { for: 'it-platform' }, 'Channel'),
    select,
    h('button', { type: 'submit' }, 'Show'),
    given && !channel ? h('p', { class: 'error', role: 'alert' }, `“${given}” is not a channel: all are shown.`) : null,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    navigate(select.value ? `/invalid-tokens?platform=${select.value}` : '/invalid-tokens');
  });
  const body = h('div', { 'aria-busy': 'true' }, loading('Reading the rejected tokens…'));
  const el = h(
    'div',
    null,
    h('h1', null, 'Invalid tokens'),
    h(
      'p',
      { class: 'lead' },
      'Recipients whose device token a vendor rejected, newest first, from the push callbacks: the app was removed ' +
        'or the token replaced. Stop sending to these tokens and drop them; the gateway never deletes anything itself.',
    ),
    form,
    body,
  );
  const platforms = channel ? [channel] : undefined;
  void request(DashboardInvalidTokensDocument, { platform: platforms, first: PAGE_SIZE, after: trail.at(-1) })
    .then(({ data, errors }) => {
      const list = data?.invalidTokens;
      if (!list) return fill(body, errorBox(errors));
      const exportHref = `/exports/invalid-tokens.csv${channel ? `?platform=${channel}` : ''}`;
      fill(
        body,
        errorBox(errors),
        h(
          'div',
          { class: 'list-head' },
          h(
            'p',
            { 'data-field': 'matching' },
            h('strong', null, count(list.totalCount)),
            ` recipient(s) with a rejected token${channel ? ` on ${platform(channel)}` : ''}.`,
          ),
          list.totalCount ? downloadLink(exportHref, 'Download CSV') : null,
        ),
        list.edges.length
          ? table(
              list.edges.map((e) => e.node),
              channel,
            )
          : h('p', { class: 'empty' }, 'No vendor has rejected a token of a recipient the gateway keeps.'),
        pager(url, trail, list),
      );
    })
    .catch((error: unknown) =>
      fill(
        body,
        historyOff(error)
          ? h(
              'p',
              { class: 'empty', 'data-history': 'off' },
              'This gateway keeps no recipients (HISTORY_ENABLED=false).',
            )
          : errorBox(error),
      ),
    )
    .finally(() => body.removeAttribute('aria-busy'));
  return { title: 'Invalid tokens', el };
}

/** One row per rejected device (of the channel asked for): a recipient may have more than one. */
function table(recipients: RecipientNode[], channel: PushPlatform | undefined): HTMLElement {
  const head = ['Account', 'Task or push', 'Channel', 'Code', 'Last event'];
  return h(
    'table',
    { class: 'invalid-tokens' },
    h('thead', null, h('tr', null, ...head.map((label) => h('th', { scope: 'col' }, label)))),
    h(
      'tbody',
      null,
      ...recipients.flatMap((r) =>
        r.devices
          .filter((d) => d.diagnosis?.class === 'TOKEN_INVALID' && (!channel || d.platform === channel))
          .map((d) =>
            h(
              'tr',
              { 'data-account': r.account, 'data-platform': d.platform },
              h(
                'th',
                { scope: 'row', 'data-label': 'Account' },
                link(
                  r.taskId
                    ? `/troubleshoot?task=${encodeURIComponent(r.taskId)}&users=${encodeURIComponent(r.account)}`
                    : `/troubleshoot?push=${encodeURIComponent(r.pushId ?? '')}`,
                  r.account,
                ),
              ),
              h('td', { 'data-label': 'Task or push' }, subjectOf(r)),
              h('td', { 'data-label': 'Channel', 'data-field': 'channel' }, channelOf(d)),
              h('td', { 'data-label': 'Code', 'data-field': 'code' }, codeOf(d)),
              h('td', { 'data-label': 'Last event' }, h('time', { datetime: r.lastEventAt }, time(r.lastEventAt))),
            ),
          ),
      ),
    ),
  );
}

/** A task links to its recipients with dead tokens; an ordinary push to its trace. */
const subjectOf = (r: RecipientNode): HTMLElement =>
  r.taskId
    ? h(
        'span',
        null,
        'Task ',
        link(`/tasks/${encodeURIComponent(r.taskId)}/recipients?class=TOKEN_INVALID`, h('code', null, r.taskId)),
      )
    : h('span', null, 'Push ', h('code', null, r.pushId ?? '—'));
