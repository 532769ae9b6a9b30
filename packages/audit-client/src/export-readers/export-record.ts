import type { DirectoryAudit } from '../events/directory-audit.js';

/** One directoryAudit read from an export, with where it came from. */
export interface ExportRecord {
  /** The raw record; `activityDateTime` is always in the `Z` form, whatever offset the file used. */
  audit: DirectoryAudit;
  /** The tenant the envelope names (Azure Monitor `record.tenantId`); pass it to `normalize()`. */
  tenant?: string;
  file: string;
  /** 1-based line for JSONL input; absent for items of a whole JSON document. */
  line?: number;
}
