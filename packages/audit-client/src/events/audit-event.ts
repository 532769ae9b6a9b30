/** Canonical audit categories; legacy and spaced spellings are mapped onto these by `normalize()`. */
export type AuditCategory =
  | 'Authentication'
  | 'Authorization'
  | 'KeyManagement'
  | 'ResourceManagement'
  | 'ApplicationManagement'
  | 'DirectoryManagement'
  | 'IdentityProtection'
  | 'PolicyManagement'
  | 'Other';

export interface AuditActor {
  type?: 'user' | 'app';
  id?: string;
  upn?: string;
  displayName?: string;
  ip?: string;
  appId?: string;
  spn?: string;
  /** The best human name for whoever acted: upn, then display name, then spn, then appId, then id. */
  name?: string;
}

export interface ModifiedProperty {
  name: string;
  /** JSON-decoded when the wire value is JSON text, else the raw string. */
  old?: unknown;
  new?: unknown;
}

export interface AuditTargetSummary {
  id?: string;
  type?: string;
  displayName?: string;
  upn?: string;
}

export interface AuditTarget extends AuditTargetSummary {
  modified: ModifiedProperty[];
}

/**
 * The normalized event: the facts that rules see. Missing wire fields are absent here, never null,
 * and never a crash.
 */
export interface AuditEvent {
  id: string;
  /**
   * `activityDateTime` in Graph's `Z` form with its fraction digits as received (up to 7); other
   * offsets (`+00:00` from Azure Monitor exports) are converted to UTC.
   */
  time: string;
  /** `time` as epoch milliseconds, for windows and thresholds (event time, never arrival time). */
  timestamp: number;
  activity: string;
  category: AuditCategory;
  /** The category as the wire spelled it, when it differs from the canonical one. */
  categoryRaw?: string;
  result?: string;
  resultReason?: string;
  service?: string;
  operationType?: string;
  correlationId?: string;
  userAgent?: string;
  actor: AuditActor;
  /** The first target, for rules that care about one. */
  target?: AuditTargetSummary;
  targets: AuditTarget[];
  /** additionalDetails by key (TenantId, PolicyId, ApplicationId, ClientIpAddress, Client, ...). */
  details: Record<string, string>;
  /** details.ClientIpAddress, else the acting user's ip. */
  ip?: string;
  /** details.TenantId, else the tenant the event was read from. */
  tenant?: string;
}
