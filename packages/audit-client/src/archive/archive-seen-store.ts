import type { DirectoryAudit } from '../events/directory-audit.js';
import type { SeenStore } from '../polling/seen-store.js';
import { toUtcDateTime } from '../events/utc-date-time.js';
import { listArchiveParts, utcDayOfMs } from './archive-layout.js';
import { readArchivePart } from './read-archive-part.js';

export interface ArchiveSeenStoreOptions {
  /** The archive root written by ArchiveWriter. */
  dir: string;
  /** The earliest activityDateTime (epoch ms) the caller will fetch; days before its UTC day are not loaded. */
  sinceMs: number;
}

/** Epoch ms of an activityDateTime; an unreadable one sorts last, so `forget` never drops its id. */
function timeOf(event: DirectoryAudit): number {
  const ms = Date.parse(toUtcDateTime(event.activityDateTime));
  return Number.isNaN(ms) ? Number.POSITIVE_INFINITY : ms;
}

/**
 * A SeenStore whose truth is the part files on disk: `open` loads the id of every event archived on
 * the UTC day of `sinceMs` or later. Because parts are durable before the watermark is saved, a crash
 * between the two never makes a rerun write an event twice. Memory holds the ids (with their event
 * time) of the days loaded plus those marked since, less what `forget` drops: call it as windows move
 * forward, so memory follows the window and not the whole export.
 */
export class ArchiveSeenStore implements SeenStore {
  readonly #times: Map<string, number>;

  private constructor(times: Map<string, number>) {
    this.#times = times;
  }

  static async open(options: ArchiveSeenStoreOptions): Promise<ArchiveSeenStore> {
    if (typeof options?.dir !== 'string' || options.dir.trim() === '') {
      throw new TypeError('ArchiveSeenStore.open: `dir` must be a non-empty directory path.');
    }
    if (!Number.isFinite(options.sinceMs)) {
      throw new RangeError('ArchiveSeenStore.open: `sinceMs` must be an epoch time in milliseconds.');
    }
    const times = new Map<string, number>();
    for (const file of await listArchiveParts(options.dir, { fromDay: utcDayOfMs(options.sinceMs) })) {
      for await (const audit of readArchivePart(file)) times.set(audit.id, timeOf(audit));
    }
    return new ArchiveSeenStore(times);
  }

  /** How many ids are known. */
  get size(): number {
    return this.#times.size;
  }

  /**
   * Drops the ids of events before `beforeMs`. Windows only move forward: once no later window can
   * start before `beforeMs` (the next window's `from`), those ids can never come back from Graph.
   * Returns how many were dropped. The part files still hold them, so a rerun that starts earlier
   * loads them again.
   */
  forget(beforeMs: number): number {
    let dropped = 0;
    for (const [id, at] of this.#times) {
      if (at < beforeMs) {
        this.#times.delete(id);
        dropped++;
      }
    }
    return dropped;
  }

  /** Events whose id is neither archived nor repeated earlier in `events`, in order. */
  async filterUnseen(events: DirectoryAudit[]): Promise<DirectoryAudit[]> {
    const batch = new Set<string>();
    const unseen: DirectoryAudit[] = [];
    for (const event of events) {
      if (this.#times.has(event.id) || batch.has(event.id)) continue;
      batch.add(event.id);
      unseen.push(event);
    }
    return unseen;
  }

  /** Records ids the caller has archived. */
  async markSeen(events: DirectoryAudit[]): Promise<void> {
    for (const event of events) this.#times.set(event.id, timeOf(event));
  }
}
