// What the Recipients and Invalid tokens views share: pages by cursor kept in the address, the CSV download of
// the list as filtered, and how a recipient's device reads.
import type { DashboardRecipientFragment } from '../../gql/graphql.js';
import { download } from '../api.js';
import { fill, h, link } from '../dom.js';
import { FAILED_STAGE_NAMES, RESULT_NAMES, count, platform } from '../format.js';
import { errorBox } from './common.js';

export type RecipientNode = DashboardRecipientFragment;
export type DeviceNode = RecipientNode['devices'][number];

/** Recipients a page. */
export const PAGE_SIZE = 50;

/**
 * The cursors of the pages before this one, from ?after=c1,c2: the last is where this page starts. The gateway
 * pages forward only, so the address keeps them all; Previous drops the last, and a bookmark of page 3 still
 * goes back to page 2.
 */
export const trailOf = (url: URL): string[] => (url.searchParams.get('after') ?? '').split(',').filter(Boolean);

/** A page of a connection, as the pager reads it. */
interface Page {
  totalCount: number;
  edges: readonly unknown[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Previous and next page links, and which recipients of how many this page shows. */
export function pager(url: URL, trail: string[], page: Page): HTMLElement {
  const to = (cursors: string[]) => {
    const next = new URL(url);
    if (cursors.length) next.searchParams.set('after', cursors.join(','));
    else next.searchParams.delete('after');
    return next.pathname + next.search;
  };
  const first = trail.length * PAGE_SIZE + 1;
  const { hasNextPage, endCursor } = page.pageInfo;
  return h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    trail.length ? link(to(trail.slice(0, -1)), '← Previous') : null,
    h(
      'span',
      { class: 'muted', 'data-field': 'range' },
      page.edges.length
        ? `Recipients ${count(first)}–${count(first + page.edges.length - 1)} of ${count(page.totalCount)}`
        : '',
    ),
    hasNextPage && endCursor ? link(to([...trail, endCursor]), 'Next →') : null,
  );
}

/**
 * A link to an export that downloads it with the dashboard's credential (see api.ts download); its address is
 * the export's own, to copy for curl.
 */
export function downloadLink(href: string, label: string): HTMLElement {
  const a = h('a', { href, class: 'button', download: '' }, label);
  const status = h('span', { role: 'status', class: 'muted' });
  const problem = h('div');
  a.addEventListener('click', (event) => {
    event.preventDefault();
    if (a.getAttribute('aria-disabled')) return;
    a.setAttribute('aria-disabled', 'true');
    fill(status, 'Preparing the file…');
    fill(problem);
    download(href)
      .then(() => fill(status, 'Downloaded.'))
      .catch((error: unknown) => {
        fill(status);
        fill(problem, errorBox(error));
      })
      .finally(() => a.removeAttribute('aria-disabled'));
  });
  return h('div', { class: 'download' }, a, status, problem);
}

/** Its channel, as the dashboard names it; an online device of a vendor's channel says so. */
export const channelOf = (d: DeviceNode): string =>
  platform(d.platform) + (d.eventType === 'ONLINE' && d.platform !== 'UNKNOWN' ? ' (online)' : '');

/** How far the device got, or where it failed. */
export const stageOf = (d: DeviceNode): string =>
  d.status === 'FAILURE'
    ? `Failed ${FAILED_STAGE_NAMES[d.stage]}`
    : { SENT: 'Sent', DELIVERED: RESULT_NAMES.DELIVERED, CLICKED: RESULT_NAMES.CLICKED }[d.stage];

/** A failed device's code and the vendor's text beside it. */
export const codeOf = (d: DeviceNode): HTMLElement =>
  h('span', null, h('code', null, String(d.errorCode)), d.errorInfo ? h('span', { class: 'sub' }, d.errorInfo) : null);
