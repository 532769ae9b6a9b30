import { join } from 'node:path';
import { quarantineDirectoryName } from '@b2c-alerts/audit-client';
/** What an export did, printed at the end (text, or JSON with --json). */
export interface ExportSummary {
  status: 'completed' | 'interrupted' | 'failed';
  tenant: string;
  out: string;
  /** Events written to new part files. */
  events: number;
  /** Records not written because the archive already held them (overlap re-reads, repeats). */
  duplicates: number;
  pages: number;
  requests: number;
  retries: number;
  throttledSeconds: number;
  windows: number;
  files: number;
  /**
   * Items newly set aside in `out/quarantine/`: records Graph sent without an id or a valid
   * activityDateTime, and the last body of a page that stayed unreadable after every retry.
   */
  quarantined: number;
  elapsedSeconds: number;
  /** Where this run started reading (ISO), when it read anything. */
  from?: string;
  /** The saved watermark at the end: the archive is complete up to here (ISO). */
  watermark?: string;
  /** Events in this span were older than Graph keeps and could not be exported. */
  retentionGap?: { from: string; to: string };
}

const seconds = (value: number) => `${value.toFixed(1)} s`;

/** One line for people (plus one line per warning); `--json` prints the object instead. */
export function formatExportSummary(summary: ExportSummary): string {
  const counts =
    `${summary.events} events written, ${summary.duplicates} duplicates skipped, ${summary.pages} pages, ` +
    `${summary.requests} requests, ${summary.retries} retries, ${seconds(summary.throttledSeconds)} throttled, ` +
    `${summary.windows} windows, ${summary.files} files, ${seconds(summary.elapsedSeconds)} elapsed`;
  const upTo = summary.watermark
    ? `; ${summary.out} is complete up to ${summary.watermark}`
    : `; nothing new to export into ${summary.out}`;
  const lines = [
    `export ${summary.status} (${summary.tenant}): ${counts}${summary.status === 'completed' ? upTo : ''}`,
  ];
  if (summary.retentionGap) {
    lines.push(
      `warning: events from ${summary.retentionGap.from} to ${summary.retentionGap.to} are older than Graph keeps them (7 days for B2C) and are not in the archive`,
    );
  }
  if (summary.quarantined > 0) {
    lines.push(
      `warning: ${summary.quarantined} ${summary.quarantined === 1 ? 'item' : 'items'} could not be archived (records without an id or a valid ` +
        `activityDateTime, or the body of a page that stayed unreadable) and ${summary.quarantined === 1 ? 'is' : 'are'} in ` +
        `${join(summary.out, quarantineDirectoryName)}; inspect them there`,
    );
  }
  return `${lines.join('\n')}\n`;
}
