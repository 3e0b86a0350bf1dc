// Bar charts over categories (vendor channels) with uPlot: the funnel by vendor as nested bars, each stage
// inside the one before, and loss by stage × vendor as bars side by side.
import uPlot from 'uplot';
import { h } from './dom.js';
import { count } from './format.js';

export interface BarSeries {
  label: string;
  values: number[];
  /** A CSS colour. */
  color: string;
  /** Share of a category's width (0–1). */
  width: number;
  /** -1: left of the category's centre, 0: centred, 1: right of it. */
  align?: -1 | 0 | 1;
}

/**
 * A chart of `series` over `categories`, sized to its container and redrawn when that resizes. The canvas is
 * labelled for screen readers; the figures are in the table beside each chart.
 */
export function barChart(title: string, categories: string[], series: BarSeries[], height = 260): HTMLElement {
  const box = h('figure', { class: 'chart', role: 'img', 'aria-label': title }, h('figcaption', null, title));
  if (categories.length === 0) {
    box.append(h('p', { class: 'empty' }, 'Nothing to show in this window.'));
    return box;
  }
  const plotArea = h('div', { class: 'plot' });
  box.append(plotArea);
  const x = categories.map((_, i) => i);
  const opts: uPlot.Options = {
    width: 600,
    height,
    legend: { live: false },
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    scales: {
      x: { time: false, range: [-0.5, categories.length - 0.5] },
      y: { range: (_u, _min, max) => [0, niceMax(max)] },
    },
    axes: [
      {
        splits: () => x,
        values: (_u, splits) => splits.map((i) => categories[i] ?? ''),
        gap: 6,
        grid: { show: false },
        stroke: '#4b5563',
      },
      {
        values: (_u, splits) => splits.map((v) => count(v)),
        size: 64,
        stroke: '#4b5563',
        grid: { stroke: '#e5e7eb', width: 1 },
      },
    ],
    series: [
      {},
      ...series.map((s): uPlot.Series => ({
        label: s.label,
        fill: s.color,
        stroke: s.color,
        width: 0,
        points: { show: false },
        value: (_u, v) => count(v),
        paths: uPlot.paths.bars!({ size: [s.width, Infinity], align: s.align ?? 0, gap: 0 }),
      })),
    ],
  };
  const plot = new uPlot(opts, [x, ...series.map((s) => s.values)], plotArea);
  const resize = () => {
    const width = Math.max(260, plotArea.clientWidth);
    if (width !== plot.width) plot.setSize({ width, height });
  };
  new ResizeObserver(resize).observe(plotArea);
  return box;
}

/** A round top for the y axis, so the largest bar does not touch the frame. */
function niceMax(max: number | null): number {
  if (!max || max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  return Math.ceil((max * 1.05) / step) * step;
}

export interface LineSeries {
  label: string;
  /** One value per day; null where the day was not recorded. */
  values: (number | null)[];
  color: string;
}

/**
 * Figures per day as lines over `days` (YYYY-MM-DD). The days are the upstream's days (TIM_UTC_OFFSET), drawn as
 * calendar days: uPlot reads the timestamps in UTC, so a day is never shifted by the browser's own zone.
 */
export function dailyChart(title: string, days: string[], series: LineSeries[], height = 240): HTMLElement {
  const box = h('figure', { class: 'chart', role: 'img', 'aria-label': title }, h('figcaption', null, title));
  const plotArea = h('div', { class: 'plot' });
  box.append(plotArea);
  const x = days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
  const opts: uPlot.Options = {
    width: 600,
    height,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    cursor: { drag: { x: false, y: false } },
    scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, niceMax(max)] } },
    axes: [
      { stroke: '#4b5563', grid: { show: false } },
      {
        values: (_u, splits) => splits.map((v) => count(v)),
        size: 64,
        stroke: '#4b5563',
        grid: { stroke: '#e5e7eb', width: 1 },
      },
    ],
    series: [
      { value: (_u, ts) => (ts == null ? '' : (days[x.indexOf(ts)] ?? '')) },
      ...series.map((s): uPlot.Series => ({
        label: s.label,
        stroke: s.color,
        width: 2,
        spanGaps: false,
        points: { show: days.length <= 62, size: 5 },
        value: (_u, v) => count(v),
      })),
    ],
  };
  const plot = new uPlot(opts, [x, ...series.map((s) => s.values)] as uPlot.AlignedData, plotArea);
  const resize = () => {
    const width = Math.max(260, plotArea.clientWidth);
    if (width !== plot.width) plot.setSize({ width, height });
  };
  new ResizeObserver(resize).observe(plotArea);
  return box;
}
