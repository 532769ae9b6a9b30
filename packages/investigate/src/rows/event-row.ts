import type { AuditCategory } from '@b2c-alerts/audit-client';

/** One additional detail as Graph sent it (keys repeat rarely; all entries are kept, in order). */
export interface DetailEntry {
  key: string;
  value: string;
}

export interface ModifiedEntry {
  name: string;
  /** The wire value: JSON text as Graph sends it, not decoded. */
  oldValue: string | null;
  newValue: string | null;
}

export interface TargetEntry {
  id: string | null;
  type: string | null;
  displayName: string | null;
  upn: string | null;
  modified: ModifiedEntry[];
}

/** Where an event's raw record is: the file name of its part, in the day directory of its time. */
export interface RecordLocator {
  part: string;
}

/**
 * The columns of one event in the index, and the row a raw scan derives: filters read these fields
 * and nothing else, so the index and the raw parts answer alike. Strings that are missing or empty on
 * the wire are null. The Parquet columns are the snake_case of these names (rows/row-sql.ts).
 */
export interface EventRow extends RecordLocator {
  id: string;
  /** activityDateTime in UTC, epoch microseconds (Graph's seventh fraction digit is dropped). */
  timeUs: number;
  /** Canonical (audit-client's normalize). */
  category: AuditCategory;
  /** The category as the wire spelled it. */
  categoryRaw: string | null;
  activity: string | null;
  result: string | null;
  resultReason: string | null;
  /** loggedByService. */
  service: string | null;
  operationType: string | null;
  correlationId: string | null;
  userAgent: string | null;
  actorType: 'user' | 'app' | null;
  /** A user's object id, or an app's service principal id. */
  actorId: string | null;
  actorUpn: string | null;
  /** The user's or app's display name. */
  actorName: string | null;
  /** initiatedBy.app.appId (not `N/A`). */
  actorAppId: string | null;
  actorSpn: string | null;
  actorIp: string | null;
  /** ClientIpAddress, else the acting user's address. */
  ip: string | null;
  /** `ip` as 32 hex digits (filters/ip-key.ts), for exact and CIDR filters. */
  ipKey: string | null;
  /** details PolicyId. */
  policyId: string | null;
  /** details ApplicationId, else AppId. */
  appId: string | null;
  details: DetailEntry[];
  targets: TargetEntry[];
}
