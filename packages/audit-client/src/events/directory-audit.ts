/**
 * A directoryAudit record as Microsoft Graph returns it (v1.0 `/auditLogs/directoryAudits`).
 * Every field except `id` and `activityDateTime` may be null or absent on the wire; B2C records in
 * particular leave `operationType` empty, put "N/A" in app ids and sometimes omit `targetResources`.
 * This type describes what we may receive, not what we trust: `normalize()` is the only reader.
 */
export interface DirectoryAudit {
  id: string;
  /** ISO-8601 UTC with up to 7 fractional digits, e.g. `2019-09-14T18:13:17.0618117Z`. Kept verbatim. */
  activityDateTime: string;
  activityDisplayName?: string | null;
  category?: string | null;
  correlationId?: string | null;
  result?: string | null;
  resultReason?: string | null;
  loggedByService?: string | null;
  operationType?: string | null;
  userAgent?: string | null;
  initiatedBy?: {
    user?: {
      id?: string | null;
      displayName?: string | null;
      userPrincipalName?: string | null;
      ipAddress?: string | null;
      [extra: string]: unknown;
    } | null;
    app?: {
      appId?: string | null;
      displayName?: string | null;
      servicePrincipalId?: string | null;
      servicePrincipalName?: string | null;
      [extra: string]: unknown;
    } | null;
  } | null;
  targetResources?: Array<{
    id?: string | null;
    displayName?: string | null;
    type?: string | null;
    /** The List example serialises `Type` with a capital T. */
    Type?: string | null;
    userPrincipalName?: string | null;
    groupType?: string | null;
    modifiedProperties?: Array<{
      displayName?: string | null;
      oldValue?: string | null;
      newValue?: string | null;
    }> | null;
    [extra: string]: unknown;
  }> | null;
  additionalDetails?: Array<{ key?: string | null; value?: string | null }> | null;
  [extra: string]: unknown;
}

/** One page of the directoryAudits collection. */
export interface DirectoryAuditPage {
  value: DirectoryAudit[];
  '@odata.nextLink'?: string;
  '@odata.context'?: string;
}
