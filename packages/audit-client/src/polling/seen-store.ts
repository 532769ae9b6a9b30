import type { DirectoryAudit } from '../events/directory-audit.js';

/**
 * Remembers which event ids were delivered, so overlapping windows and repeated records deliver
 * each event once. Dedup is by `id` only: one admin action can emit several records that share a
 * correlationId.
 */
export interface SeenStore {
  /** The events not delivered yet, in input order; an id repeated within `events` is kept once. */
  filterUnseen(events: DirectoryAudit[]): Promise<DirectoryAudit[]>;
  /** Records delivery; call only after the events reached the sink. */
  markSeen(events: DirectoryAudit[]): Promise<void>;
}
