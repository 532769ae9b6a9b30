import { el } from '../../dom/el.js';
import type { Histogram } from '../../api/api-types.js';
import { dragRange, xAt, type TimeRange } from '../../state/histogram-range.js';

const svgNs = 'http://www.w3.org/2000/svg';
const width = 1000;
const height = 100;

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
): SVGElementTagNameMap[K] {
  const node = document.createElementNS(svgNs, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  return node;
}

function label(ms: number, spanMs: number): string {
  const iso = new Date(ms).toISOString();
  return spanMs > 20 * 86_400_000
    ? iso.slice(5, 10)
    : spanMs > 86_400_000
      ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}`
      : iso.slice(11, 16);
}

/**
 * The events over time as SVG bars (UTC). Dragging across it selects a range and calls onZoom with it;
 * the page sets since/until and reloads. The chart scales to its box (viewBox), and the drag maps the
 * pointer through the box's pixel width.
 */
export function histogram(data: Histogram, onZoom: (range: TimeRange) => void): HTMLElement {
  const range: TimeRange = { since: Date.parse(data.since), until: Date.parse(data.until) };
  const span = range.until - range.since;
  const max = Math.max(1, ...data.buckets.map((b) => b.count));
  const total = data.buckets.reduce((n, b) => n + b.count, 0);
  const chart = svg('svg', {
    viewBox: `0 0 ${width} ${height}`,
    preserveAspectRatio: 'none',
    class: 'histogram-chart',
    role: 'img',
    'aria-label': `Events over time: ${total} events from ${data.since} to ${data.until}`,
  });
  const plot = height - 1;
  for (const bucket of data.buckets) {
    const start = Date.parse(bucket.start);
    const x0 = xAt(start, width, range);
    const x1 = xAt(Math.min(start + data.bucketMs, range.until), width, range);
    const h = bucket.count === 0 ? 0 : Math.max(1, (bucket.count / max) * (plot - 4));
    const bar = svg('rect', { class: 'bar', x: x0, y: plot - h, width: Math.max(0.5, x1 - x0 - 0.5), height: h });
    const tip = svg('title', {});
    tip.textContent = `${bucket.start}: ${bucket.count}`;
    bar.append(tip);
    chart.append(bar);
  }
  chart.append(svg('line', { class: 'axis', x1: 0, x2: width, y1: plot + 0.5, y2: plot + 0.5 }));
  const selection = svg('rect', { class: 'selection', x: 0, y: 0, width: 0, height: plot, visibility: 'hidden' });
  chart.append(selection);

  let startX: number | null = null;
  const localX = (event: PointerEvent) => {
    const box = chart.getBoundingClientRect();
    return { x: Math.min(box.width, Math.max(0, event.clientX - box.left)), w: box.width };
  };
  chart.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    startX = localX(event).x;
    chart.setPointerCapture(event.pointerId);
  });
  chart.addEventListener('pointermove', (event) => {
    if (startX === null) return;
    const { x, w } = localX(event);
    const scale = width / Math.max(1, w);
    selection.setAttribute('x', String(Math.min(startX, x) * scale));
    selection.setAttribute('width', String(Math.abs(x - startX) * scale));
    selection.setAttribute('visibility', 'visible');
  });
  const end = (event: PointerEvent) => {
    if (startX === null) return;
    const { x, w } = localX(event);
    const from = startX;
    startX = null;
    selection.setAttribute('visibility', 'hidden');
    const zoom = dragRange(from, x, w, range);
    if (zoom) onZoom(zoom);
  };
  chart.addEventListener('pointerup', end);
  chart.addEventListener('pointercancel', () => {
    startX = null;
    selection.setAttribute('visibility', 'hidden');
  });

  return el(
    'figure',
    { class: 'histogram' },
    chart,
    el(
      'div',
      { class: 'ticks', attrs: { 'aria-hidden': 'true' } },
      ...[0, 1, 2, 3, 4].map((i) => el('span', {}, label(range.since + (span * i) / 4, span))),
    ),
    el(
      'figcaption',
      {},
      `${total} events, ${data.since.slice(0, 16).replace('T', ' ')} – ${data.until.slice(0, 16).replace('T', ' ')} UTC; drag across the chart to zoom.`,
    ),
  );
}
