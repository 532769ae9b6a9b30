import type { AuditWindow } from './audit-window.js';

/** Something the reader could not use, handed to the reader's `onQuarantine` for an operator to inspect. */
export interface QuarantineItem {
  /** What is wrong, in words. */
  reason: string;
  /**
   * The record as Graph sent it (untrusted: escape before display). For a page that stayed unreadable
   * after every retry, the first 64 kB of its last body, as text.
   */
  record: unknown;
  /** The window being read. */
  window: AuditWindow;
  /** 0-based index of the page within the window's read, as AuditPage.index. */
  page: number;
}
