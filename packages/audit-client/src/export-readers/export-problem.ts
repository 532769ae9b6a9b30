/**
 * Something in an export that could not be read: a file (unreadable, corrupt gzip, invalid JSON) or
 * one line or item of it (invalid JSON, not a directoryAudit). It is skipped and the rest is still read.
 */
export interface ExportProblem {
  file: string;
  /** 1-based line in the (decompressed) file, when the problem has one. */
  line?: number;
  message: string;
}
