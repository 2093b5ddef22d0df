// Bar charts drawn as SVG by the page: horizontal bars for groups (models, agents), stacked
// columns for a series over days. Every bar has a <title>, and every chart a table beside it
// for exact numbers, so nothing is told by colour or length alone.

import { h } from './format.js';

const SVG = (tag, attributes, ...children) => h('svg:' + tag, attributes, ...children);

/**
 * Horizontal bars: one per row, labelled with `label(row)` and `format(value(row))`.
 * `series` stacks several values in one bar: [{ value: row => n, name, className }].
 */
export function hbars(rows, { label, series, format, title }) {
  const width = 720;
  const labelWidth = 220;
  const valueWidth = 110;
  const barHeight = 22;
  const gap = 8;
  const height = Math.max(1, rows.length) * (barHeight + gap) + gap;
  const totals = rows.map((row) => series.reduce((sum, part) => sum + (part.value(row) ?? 0), 0));
  const max = Math.max(...totals, 0) || 1;
  const span = width - labelWidth - valueWidth;
  const svg = SVG('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title, width: '100%' },
    SVG('title', {}, title));
  rows.forEach((row, index) => {
    const y = gap + index * (barHeight + gap);
    svg.append(SVG('text', { x: labelWidth - 8, y: y + barHeight / 2, class: 'label', 'text-anchor': 'end', 'dominant-baseline': 'middle' },
      clip(label(row), 30)));
    let x = labelWidth;
    for (const part of series) {
      const value = part.value(row) ?? 0;
      const length = (value / max) * span;
      if (length > 0) {
        svg.append(SVG('rect', { x, y, width: Math.max(1, length), height: barHeight, class: `bar ${part.className}` },
          SVG('title', {}, `${label(row)} · ${part.name}: ${format(value)}`)));
      }
      x += length;
    }
    svg.append(SVG('text', { x: x + 6, y: y + barHeight / 2, class: 'value', 'dominant-baseline': 'middle' }, format(totals[index])));
  });
  return svg;
}

/** Columns over `rows` in order (oldest first), stacked by `series`, with a few axis labels. */
export function columns(rows, { label, series, format, title }) {
  const width = 1200;
  const height = 220;
  const left = 70;
  const bottom = 28;
  const top = 10;
  const plot = height - bottom - top;
  const totals = rows.map((row) => series.reduce((sum, part) => sum + (part.value(row) ?? 0), 0));
  const max = Math.max(...totals, 0) || 1;
  const step = (width - left - 10) / Math.max(1, rows.length);
  const barWidth = Math.max(2, Math.min(40, step * 0.7));
  const svg = SVG('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': title, width: '100%' },
    SVG('title', {}, title));
  for (const fraction of [0, 0.5, 1]) {
    const y = top + plot - fraction * plot;
    svg.append(SVG('line', { x1: left, x2: width - 10, y1: y, y2: y, class: 'grid' }));
    svg.append(SVG('text', { x: left - 6, y, class: 'label', 'text-anchor': 'end', 'dominant-baseline': 'middle' }, format(max * fraction)));
  }
  const every = Math.ceil(rows.length / 8);
  rows.forEach((row, index) => {
    const x = left + index * step + (step - barWidth) / 2;
    let y = top + plot;
    for (const part of series) {
      const value = part.value(row) ?? 0;
      const length = (value / max) * plot;
      if (length > 0) {
        y -= length;
        svg.append(SVG('rect', { x, y, width: barWidth, height: Math.max(1, length), class: `bar ${part.className}` },
          SVG('title', {}, `${label(row)} · ${part.name}: ${format(value)}`)));
      }
    }
    if (index % every === 0) {
      svg.append(SVG('text', { x: x + barWidth / 2, y: height - 8, class: 'label', 'text-anchor': 'middle' }, label(row)));
    }
  });
  return svg;
}

/** A key naming each series' colour. */
export function key(series) {
  return h('ul', { class: 'legend' }, series.map((part) =>
    h('li', {}, h('span', { class: `swatch ${part.className}`, 'aria-hidden': 'true' }), part.name)));
}

function clip(text, length) {
  const value = String(text ?? '—');
  return value.length > length ? value.slice(0, length - 1) + '…' : value;
}
