import type { AuditWindow } from '../graph/audit-window.js';
import type { CheckpointStore } from './checkpoint-store.js';
import type { DirectoryAudit } from '../events/directory-audit.js';
import { AuditClientError } from '../errors/audit-client-error.js';
import type { GraphAuditReader } from '../graph/graph-audit-reader.js';
import {
  defaultPollWindowOptions,
  planWindow,
  pollWindowOptionsSchema,
  type PollWindowOptions,
} from './poll-window.js';
import type { SeenStore } from './seen-store.js';

export interface PollResult {
  window: AuditWindow;
  pages: number;
  /** Records received, repeats included. */
  fetched: number;
  /** New events handed to the sink. */
  delivered: number;
  /** Records dropped as already delivered (overlap re-reads, repeats across pages). */
  duplicates: number;
  /**
   * Set when retention made events unreachable: events after the old watermark and before this
   * time were never read. Raise it as a gap.
   */
  clampedFrom?: number;
}

export interface PollWindowRunOptions {
  reader: GraphAuditReader;
  checkpoint: CheckpointStore;
  seen: SeenStore;
  /** Receives each page's new events, in order. Must be durable when it resolves (queued, written). */
  sink: (events: DirectoryAudit[]) => Promise<void>;
  now: number;
  window?: PollWindowOptions;
  signal?: AbortSignal;
}

/** Drops repeats of an id inside one page, whatever the store does. */
function uniqueById(events: DirectoryAudit[]): DirectoryAudit[] {
  const ids = new Set<string>();
  return events.filter((event) => !ids.has(event.id) && (ids.add(event.id), true));
}

/**
 * One poll: plan the window from the watermark, read every page, and per page filter the seen ids →
 * sink → mark seen (a crash in between re-delivers rather than loses). Only after the whole window
 * was read does the watermark move to its end; any error leaves it where it was. Undefined when
 * there is nothing to read yet.
 */
export async function pollWindow(options: PollWindowRunOptions): Promise<PollResult | undefined> {
  const windowOptions = options.window ?? defaultPollWindowOptions;
  const checked = pollWindowOptionsSchema.safeParse(windowOptions);
  if (!checked.success) {
    const problems = checked.error.issues.map((i) => `${i.path.map(String).join('.')}: ${i.message}`);
    throw new AuditClientError('AC_ERR_OPTIONS_INVALID', `Invalid poll window options: ${problems.join('; ')}.`);
  }
  const watermark = await options.checkpoint.getWatermark();
  const window = planWindow(watermark, options.now, windowOptions);
  if (!window) return undefined;

  const result: PollResult = { window, pages: 0, fetched: 0, delivered: 0, duplicates: 0 };
  // The plan itself skipped events when retention passed the watermark (or the first run's lookback).
  const wanted = watermark ?? options.now - windowOptions.initialLookbackMs;
  if (window.from > wanted) result.clampedFrom = window.from;

  const pages = options.reader.readPages(window, {
    ...(options.signal ? { signal: options.signal } : {}),
    onClamp: (from) => {
      result.clampedFrom = from;
    },
  });
  for await (const page of pages) {
    result.pages++;
    result.fetched += page.events.length;
    const fresh = await options.seen.filterUnseen(uniqueById(page.events));
    result.duplicates += page.events.length - fresh.length;
    if (fresh.length === 0) continue;
    await options.sink(fresh);
    await options.seen.markSeen(fresh);
    result.delivered += fresh.length;
  }
  await options.checkpoint.setWatermark(window.to);
  return result;
}
