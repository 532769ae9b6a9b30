import type { AuditWindow } from './audit-window.js';

/**
 * How much of a window one service is read for before the next service's turn, when a reader reads
 * several. Each service is read in ascending time, so the events of the service read second arrive
 * up to one slice behind those of the first: one hour keeps that disorder well inside the evaluator's
 * default lateness (2 h), where a 6-hour catch-up window read service by service would not.
 */
export const serviceSliceMs = 60 * 60_000;

/**
 * A window is cut into at most this many slices: a poll's window spans hours (POLL_MAX_SPAN, 6 h by
 * default), but a caller may ask for years, which must not become a request per hour.
 */
export const maxSlicesPerWindow = 48;

/**
 * `window` cut into consecutive spans of `sliceMs` (longer when that would make more than
 * maxSlicesPerWindow), each inclusive at both ends like the window
 * (Graph `ge` / `le`), so neighbours share their boundary instant: a record at exactly that time is
 * read twice and deduplicated by id, never lost.
 */
export function sliceWindow(window: AuditWindow, sliceMs: number): AuditWindow[] {
  const slices: AuditWindow[] = [];
  const length = Math.max(sliceMs, Math.ceil((window.to - window.from) / maxSlicesPerWindow));
  let from = window.from;
  for (;;) {
    const to = Math.min(window.to, from + length);
    slices.push({ from, to });
    if (to >= window.to) return slices;
    from = to;
  }
}
