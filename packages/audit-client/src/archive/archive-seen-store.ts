import type { DirectoryAudit } from '../directory-audit.js';
import type { SeenStore } from '../seen-store.js';
import { listArchiveParts, utcDayOfMs } from './archive-layout.js';
import { readArchivePart } from './read-archive-part.js';

export interface ArchiveSeenStoreOptions {
  /** The archive root written by ArchiveWriter. */
  dir: string;
  /** The earliest activityDateTime (epoch ms) the caller will fetch; days before its UTC day are not loaded. */
  sinceMs: number;
}

/**
 * A SeenStore whose truth is the part files on disk: `open` loads the id of every event archived on
 * the UTC day of `sinceMs` or later. Because parts are durable before the watermark is saved, a crash
 * between the two never makes a rerun write an event twice. Memory holds the ids of the days loaded
 * plus those marked since.
 */
export class ArchiveSeenStore implements SeenStore {
  readonly #ids: Set<string>;

  private constructor(ids: Set<string>) {
    this.#ids = ids;
  }

  static async open(options: ArchiveSeenStoreOptions): Promise<ArchiveSeenStore> {
    if (typeof options?.dir !== 'string' || options.dir.trim() === '') {
      throw new TypeError('ArchiveSeenStore.open: `dir` must be a non-empty directory path.');
    }
    if (!Number.isFinite(options.sinceMs)) {
      throw new RangeError('ArchiveSeenStore.open: `sinceMs` must be an epoch time in milliseconds.');
    }
    const ids = new Set<string>();
    for (const file of await listArchiveParts(options.dir, { fromDay: utcDayOfMs(options.sinceMs) })) {
      for await (const audit of readArchivePart(file)) ids.add(audit.id);
    }
    return new ArchiveSeenStore(ids);
  }

  /** How many ids are known. */
  get size(): number {
    return this.#ids.size;
  }

  /** Events whose id is neither archived nor repeated earlier in `events`, in order. */
  async filterUnseen(events: DirectoryAudit[]): Promise<DirectoryAudit[]> {
    const batch = new Set<string>();
    const unseen: DirectoryAudit[] = [];
    for (const event of events) {
      if (this.#ids.has(event.id) || batch.has(event.id)) continue;
      batch.add(event.id);
      unseen.push(event);
    }
    return unseen;
  }

  /** Records ids the caller has archived. */
  async markSeen(events: DirectoryAudit[]): Promise<void> {
    for (const event of events) this.#ids.add(event.id);
  }
}
