/** The time range a histogram shows, epoch ms, both ends included. */
export interface TimeRange {
  since: number;
  until: number;
}

/** Narrowest range a drag selects; a click (or a tiny drag) is not a zoom. */
export const minZoomMs = 60_000;
/** Drags shorter than this many pixels are clicks. */
export const minDragPx = 4;

/** The time at horizontal position `x` of a chart `width` pixels wide showing `range`, clamped to it. */
export function timeAt(x: number, width: number, range: TimeRange): number {
  if (width <= 0) return range.since;
  const f = Math.min(1, Math.max(0, x / width));
  return range.since + f * (range.until - range.since);
}

/** The x of time `t` in a chart of `width` pixels showing `range`. */
export function xAt(t: number, width: number, range: TimeRange): number {
  const span = range.until - range.since;
  return span <= 0 ? 0 : ((t - range.since) / span) * width;
}

/**
 * The range a drag from x0 to x1 selects (either direction), rounded outwards to whole seconds; null
 * when the drag is a click or narrower than a minute (no zoom).
 */
export function dragRange(x0: number, x1: number, width: number, range: TimeRange): TimeRange | null {
  if (Math.abs(x1 - x0) < minDragPx) return null;
  const a = timeAt(Math.min(x0, x1), width, range);
  const b = timeAt(Math.max(x0, x1), width, range);
  const since = Math.floor(a / 1000) * 1000;
  const until = Math.ceil(b / 1000) * 1000;
  if (until - since < minZoomMs) return null;
  return { since, until };
}

/** ISO-8601 UTC without milliseconds when they are zero: what since/until hold after a zoom. */
export function isoSeconds(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
