const day = 24 * 60 * 60_000;

/** How long and how much history is kept (ALERT_HISTORY_RETENTION, ALERT_HISTORY_MAX_ENTRIES). */
export interface AlertHistoryRetention {
  /** Entries older than this are trimmed (approximately: whole stream nodes at a time). @defaultValue 90 days */
  retentionMs: number;
  /** Entries per stream (alerts, deliveries) at most, approximately. @defaultValue 500000 */
  maxEntries: number;
}

export const defaultHistoryRetentionMs = 90 * day;
export const defaultHistoryMaxEntries = 500_000;

export const defaultAlertHistoryRetention: Readonly<AlertHistoryRetention> = Object.freeze({
  retentionMs: defaultHistoryRetentionMs,
  maxEntries: defaultHistoryMaxEntries,
});
