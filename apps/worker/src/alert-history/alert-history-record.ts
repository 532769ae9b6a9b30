import type { Severity } from '@b2c-alerts/rule-engine';

/** What became of an alert when it was raised. */
export type AlertHistoryState = 'routed' | 'silenced' | 'no-route';

/** What became of one notification on one channel: `failed` is retried, `dead` is not (a dead letter). */
export type DeliveryHistoryState = 'sent' | 'failed' | 'dead';

/** One delivery outcome as the reader returns it; times are ISO UTC. */
export interface DeliveryHistoryRecord {
  route: string;
  /** `slack:<channel>` or `email:<addresses, comma-separated>`. */
  channel: string;
  state: DeliveryHistoryState;
  at: string;
  /** The attempt this outcome ended (1 for the first). */
  attempts: number;
  /** A short, constant-ish reason (an error code), never a secret. */
  error?: string;
  /** The notification that carried the alert (a merge of a group window's alerts has an id of its own). */
  notificationId: string;
}

/**
 * One alert the service raised, with its deliveries, as plain JSON (the console's API serves it as it
 * is). Times are ISO UTC. Event-sourced text (title, group, tenant) is untrusted: escape it for display.
 */
export interface AlertHistoryRecord {
  id: string;
  ruleId: string;
  title: string;
  severity: Severity;
  tenant: string;
  /** The alert's group key (the rule's group-by values). */
  group: string;
  /** The group's hash (groupHash of tenant and group key), as Redis keys and job ids name it. */
  groupHash: string;
  count: number;
  /** The first event ids (at most maxHistoryEventIds); eventCount says how many the alert counted. */
  eventIds: string[];
  eventCount: number;
  firstEventAt: string;
  lastEventAt: string;
  raisedAt: string;
  ruleSetVersion: string;
  state: AlertHistoryState;
  /** The silence that dropped it, when `state` is `silenced`. */
  silenceId?: string;
  /** Routes the alert went to (names), and their channels (as in DeliveryHistoryRecord). */
  routes: string[];
  channels: string[];
  /** Oldest first. */
  deliveries: DeliveryHistoryRecord[];
}

/** What the alerts stream stores per alert: the record without its deliveries. */
export type StoredAlertRecord = Omit<AlertHistoryRecord, 'deliveries'>;

/** What the deliveries stream stores per outcome: which alerts the notification carried, and the outcome. */
export interface StoredDeliveryRecord extends DeliveryHistoryRecord {
  alertIds: string[];
}

export const maxHistoryEventIds = 100;
/** Alert ids a delivery entry names (and indexes) at most. */
export const maxDeliveryAlertIds = 500;
/** Longest error text kept in a delivery entry. */
export const maxDeliveryErrorLength = 200;
