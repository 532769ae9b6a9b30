import { z } from 'zod';
import type { AuditWindow } from '../graph/audit-window.js';

export interface PollWindowOptions {
  /** How far each window reaches back behind the watermark, to catch events published late. */
  overlapMs: number;
  /** How far behind now a window ends, so most events of the window are already published. */
  delayMs: number;
  /** How long Graph keeps audit events; no window starts earlier. */
  retentionMs: number;
  /** The longest window read in one poll; a longer backlog is read in chunks. */
  maxSpanMs: number;
  /** How far back the very first poll reaches when there is no watermark yet. */
  initialLookbackMs: number;
}

const minute = 60_000;
const hour = 60 * minute;

/** Defaults from Graph's documented latency, retention and throttling (docs/architecture.md, "Poll window"). */
export const defaultPollWindowOptions: PollWindowOptions = Object.freeze({
  // Audit events: 2 min (95th percentile) / 5 min (99th) to appear in Graph; Splunk waits 420 s.
  delayMs: 7 * minute,
  // Microsoft: a record is "typically" created less than 15 min after the event; doubled.
  overlapMs: 30 * minute,
  // B2C keeps audit events for seven days.
  retentionMs: 7 * 24 * hour,
  // Microsoft's throttling guidance: narrow the activityDateTime window and iterate, rather than page faster.
  maxSpanMs: 6 * hour,
  // A first run reads the recent past, not the whole retention; use an export to backfill.
  initialLookbackMs: 1 * hour,
});

/**
 * Planned windows start this far inside retention, so a poll that is slow to reach Graph does not
 * meet the retention 400 (the reader still clamps if it does).
 */
export const retentionSafetyMarginMs = minute;

/**
 * The next window to read, or undefined when there is nothing new yet.
 *
 *   from = (watermark ?? now − initialLookback) − overlap, no earlier than now − retention + margin
 *   to   = min(now − delay, max(from, watermark ?? from) + maxSpan)
 *
 * The end is measured from the watermark, not from `from`: each chunk of a catch-up then advances
 * the watermark by a full maxSpan while still re-reading the overlap, so chunks never leave a gap
 * and always make progress (even when maxSpan ≤ overlap). When retention has passed the watermark,
 * chunks restart at the floor; the events in between are gone (the caller reports the gap).
 * Undefined when to ≤ from, or when to ≤ watermark: such a window could not move the watermark,
 * and the late events it would catch are caught by the next window anyway.
 */
export function planWindow(
  watermark: number | undefined,
  now: number,
  options: PollWindowOptions,
): AuditWindow | undefined {
  const floor = now - options.retentionMs + retentionSafetyMarginMs;
  const base = watermark ?? now - options.initialLookbackMs;
  const from = Math.max(base - options.overlapMs, floor);
  const to = Math.min(now - options.delayMs, Math.max(from, watermark ?? from) + options.maxSpanMs);
  if (to <= from) return undefined;
  if (watermark !== undefined && to <= watermark) return undefined;
  return { from, to };
}

const nonNegative = z.number().finite().nonnegative();

/** Checks PollWindowOptions once at the boundary (apps build them from configuration). */
export const pollWindowOptionsSchema: z.ZodType<PollWindowOptions> = z
  .object({
    overlapMs: nonNegative,
    delayMs: nonNegative,
    retentionMs: z.number().finite().positive(),
    maxSpanMs: z.number().finite().positive(),
    initialLookbackMs: nonNegative,
  })
  .refine((o) => o.delayMs + retentionSafetyMarginMs < o.retentionMs, {
    message: 'delayMs must be well below retentionMs',
    path: ['delayMs'],
  });
