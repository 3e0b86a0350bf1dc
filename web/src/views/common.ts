// Pieces every view uses: headings, errors, loading states, figures.
import { h } from '../dom.js';
import { explain, explainAny } from '../explain.js';
import { GatewayError, type GqlError } from '../api.js';

export interface View {
  /** The page title. */
  title: string;
  el: HTMLElement;
  /** Stops what the view still runs (subscriptions, streams) when another view replaces it. */
  dispose?: () => void;
}

/** An alert with each error explained; field-level errors (partial results) name what they concern. */
export function errorBox(errors: unknown): HTMLElement | null {
  const lines = Array.isArray(errors) ? (errors as GqlError[]).map(explain) : explainAny(errors);
  if (lines.length === 0) return null;
  return h('div', { class: 'error', role: 'alert' }, ...[...new Set(lines)].map((line) => h('p', null, line)));
}

/** The gateway keeps no history (HISTORY_ENABLED=false): a fact about this gateway, not an error to alert. */
export const historyOff = (error: unknown): boolean =>
  error instanceof GatewayError && error.errors.some((e) => e.extensions?.historyOff === true);

export const loading = (what: string): HTMLElement =>
  h('p', { class: 'loading', role: 'status' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), what);

/** One headline figure: a label over a large number. */
export const figure = (label: string, value: string, field: string, note?: string): HTMLElement =>
  h(
    'div',
    { class: 'figure' },
    h('dt', null, label),
    h('dd', { 'data-field': field }, value),
    note ? h('dd', { class: 'note' }, note) : null,
  );

/** A horizontal bar of a share (0–1), drawn by width. */
export function shareBar(value: number | null | undefined, kind: string): HTMLElement {
  const bar = h('span', { class: `bar ${kind}`, 'aria-hidden': 'true' });
  bar.style.width = `${Math.max(0, Math.min(1, value ?? 0)) * 100}%`;
  return h('span', { class: 'bar-track', 'aria-hidden': 'true' }, bar);
}
