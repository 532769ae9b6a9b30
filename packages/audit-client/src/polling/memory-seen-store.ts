import type { DirectoryAudit } from '../events/directory-audit.js';
import type { SeenStore } from './seen-store.js';

export interface MemorySeenStoreOptions {
  /**
   * Ids whose activityDateTime is more than this behind the newest one seen are forgotten. Must be
   * at least the poll overlap: a later window re-reads only events within the overlap of its
   * watermark, which is never behind the newest event seen. Default 1 h (twice the default overlap).
   */
  horizonMs?: number;
}

/**
 * Seen ids in memory, pruned by event time so memory stays bounded however long the poller runs.
 * Forgets everything on restart: pair it with a durable store when a rerun must not re-deliver.
 */
export class MemorySeenStore implements SeenStore {
  private readonly seen = new Map<string, number>();
  private readonly horizonMs: number;
  private newest = Number.NEGATIVE_INFINITY;
  private pruneAtSize = 1024;

  constructor(options: MemorySeenStoreOptions = {}) {
    this.horizonMs = options.horizonMs ?? 60 * 60_000;
    if (!(this.horizonMs >= 0)) throw new RangeError('horizonMs must be a non-negative number of milliseconds');
  }

  /** How many ids are remembered now. */
  get size(): number {
    return this.seen.size;
  }

  async filterUnseen(events: DirectoryAudit[]): Promise<DirectoryAudit[]> {
    const batch = new Set<string>();
    return events.filter((event) => {
      if (this.seen.has(event.id) || batch.has(event.id)) return false;
      batch.add(event.id);
      return true;
    });
  }

  async markSeen(events: DirectoryAudit[]): Promise<void> {
    for (const event of events) {
      const time = Date.parse(event.activityDateTime);
      // An unreadable time is kept until the horizon passes the newest readable one.
      const at = Number.isNaN(time) ? this.newest : time;
      this.seen.set(event.id, at);
      if (at > this.newest) this.newest = at;
    }
    if (this.seen.size >= this.pruneAtSize) this.prune();
  }

  /** Forgets ids older than the horizon; runs by itself as the store grows (amortised O(1) per id). */
  prune(): void {
    const cutoff = this.newest - this.horizonMs;
    for (const [id, at] of this.seen) if (!(at >= cutoff)) this.seen.delete(id);
    this.pruneAtSize = Math.max(1024, this.seen.size * 2);
  }
}
