// The dashboard's entry: the layout, and one view per address (/, /tasks/{id}, /tasks/{id}/recipients,
// /troubleshoot, /push, /invalid-tokens, /alerts), navigated without reloading; the browser's back and forward
// buttons work, and every view can be bookmarked.
import 'uplot/dist/uPlot.min.css';
import '../styles.css';
import { signOut, signedIn } from './auth.js';
import { fill, h } from './dom.js';
import { alertsView } from './views/alerts.js';
import type { View } from './views/common.js';
import { invalidTokensView } from './views/invalid-tokens.js';
import { pushView } from './views/push.js';
import { recipientsView } from './views/recipients.js';
import { taskView } from './views/task.js';
import { tasksView } from './views/tasks.js';
import { troubleshootView } from './views/troubleshoot.js';

const main = document.getElementById('view')!;
let current: View | undefined;

function viewFor(url: URL): View {
  const task = /^\/tasks\/([^/]+)\/?$/.exec(url.pathname);
  if (task) return taskView(decodeURIComponent(task[1]!), url, navigate);
  const recipients = /^\/tasks\/([^/]+)\/recipients\/?$/.exec(url.pathname);
  if (recipients) return recipientsView(decodeURIComponent(recipients[1]!), url);
  if (url.pathname === '/troubleshoot') return troubleshootView(url, navigate);
  if (url.pathname === '/push') return pushView(navigate);
  if (url.pathname === '/invalid-tokens') return invalidTokensView(url, navigate);
  if (url.pathname === '/alerts') return alertsView(url);
  if (url.pathname === '/') return tasksView(url, navigate);
  return {
    title: 'Not found',
    el: h('div', null, h('h1', null, 'Nothing here'), h('p', null, 'This address is not a view.')),
  };
}

function render(focus: boolean): void {
  current?.dispose?.();
  const url = new URL(location.href);
  current = viewFor(url);
  document.title = `${current.title} · timpush`;
  fill(main, current.el);
  for (const a of document.querySelectorAll<HTMLAnchorElement>('header nav a[data-nav]')) {
    const section =
      a.pathname === '/' ? url.pathname === '/' || url.pathname.startsWith('/tasks/') : url.pathname === a.pathname;
    if (section) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  // Keyboard and screen-reader users land on the new view, as after a page load.
  if (focus) main.focus();
  renderSession();
}

export function navigate(to: string): void {
  history.pushState(null, '', to);
  render(true);
}

function renderSession(): void {
  const slot = document.getElementById('session')!;
  if (!signedIn()) return fill(slot);
  const out = h('button', { type: 'button', class: 'link' }, 'Sign out');
  out.addEventListener('click', () => {
    signOut();
    render(false);
  });
  fill(slot, out);
}

// Links inside the dashboard change the view in place; others (GraphiQL, sources) load as usual.
document.addEventListener('click', (event) => {
  const a = (event.target as Element).closest?.('a');
  if (!a || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
  if (a.origin !== location.origin || a.target || !a.hasAttribute('data-nav')) return;
  event.preventDefault();
  navigate(a.pathname + a.search);
});
addEventListener('popstate', () => render(true));
render(false);
