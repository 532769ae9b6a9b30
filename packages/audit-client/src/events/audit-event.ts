/** Canonical audit categories; legacy and spaced spellings are mapped onto these by `normalize()`. */
export type AuditCategory =
  | 'Authentication'
  | 'Authorization'
  | 'KeyManagement'
  | 'ResourceManagement'
  | 'ApplicationManagement'
  | 'DirectoryManagement'
  | 'UserManagement'
  | 'RoleManagement'
  | 'GroupManagement'
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

/** The directory role of a role-membership event (`Add member to role`, `Remove member from role`, PIM's). */
export interface AuditRole {
  /** The role's object id in the tenant (`Role.ObjectID`, else the Role target's id). */
  id?: string;
  /** `Role.DisplayName`, e.g. `Global Administrator`, `B2C IEF Keyset Administrator`. */
  name?: string;
  /** The built-in role's template id, the same in every tenant (Global Administrator: 62e90394-…). */
  templateId?: string;
  /** `Role.WellKnownObjectName`, e.g. `TenantAdmins`. */
  wellKnownName?: string;
}

/** A user, group or service principal that a directory event adds or removes: a role's member, an app's owner. */
export interface AuditPrincipal {
  id?: string;
  /** `User`, `ServicePrincipal`, `Group`, as the target's type. */
  type?: string;
  upn?: string;
  displayName?: string;
  /** The best name: upn, then display name, then id. */
  name?: string;
}

/** The application or service principal a directory event changes, grants to, or gives a role or owner. */
export interface AuditApp {
  /** Its object id in the tenant. */
  id?: string;
  /** The application (client) id, the same for an application and its service principals. */
  appId?: string;
  displayName?: string;
  /** `Application` or `ServicePrincipal`. */
  type?: string;
  /** The best name: display name, then appId, then id. */
  name?: string;
}

/** A secret or certificate added to (or removed from) an application or service principal (`KeyDescription`). */
export interface AuditCredential {
  /** `secret` (KeyType Password) or `certificate` (an X.509 key type); another KeyType as logged. */
  type?: string;
  /** KeyType as logged: `Password`, `AsymmetricX509Cert`. */
  keyType?: string;
  /** KeyIdentifier: the key id that sign-ins with this credential report. */
  keyId?: string;
  /** KeyUsage: `Verify` (a client credential) or `Sign`. */
  usage?: string;
  /** The credential's description. */
  displayName?: string;
  /** Credentials this event added and removed; the fields above describe the first added, else the first removed. */
  added: number;
  removed: number;
  /** With something added: true when the old list was logged empty (`[]`), the app's first credential. */
  first?: boolean;
}

/** Permissions granted to an application: consent, a delegated permission grant, or an app role (application permission). */
export interface AuditConsent {
  /** The permissions this event granted (new ones only), e.g. `Directory.ReadWrite.All`, `offline_access`. */
  permissions: string[];
  /** Granted by an administrator (ConsentContext.IsAdminConsent; always for application permissions). */
  admin?: boolean;
  /** For the whole tenant: on behalf of all users (AllPrincipals), or an application permission. */
  tenantWide?: boolean;
  /** `delegated` (on behalf of users) or `application` (app-only). */
  kind?: 'delegated' | 'application';
  /** The API the permissions are on, e.g. `Microsoft Graph`, when the event names it. */
  resource?: string;
}

/** Redirect (reply) URIs of an application that changed (`AppAddress`). */
export interface AuditRedirectUris {
  added: string[];
  removed: string[];
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
  // Directory facts, read from the targets' modified properties (Core Directory events); each is absent
  // when the event has nothing of it. docs/graph-audit-api.md §4 describes the records they come from.
  /** The directory role a member was added to or removed from. */
  role?: AuditRole;
  /** Who was added to or removed from `role`. */
  member?: AuditPrincipal;
  /** The application or service principal the event is about (for permission grants: the one granted). */
  app?: AuditApp;
  /** The owner added to or removed from an application, service principal or group. */
  owner?: AuditPrincipal;
  credential?: AuditCredential;
  consent?: AuditConsent;
  redirectUris?: AuditRedirectUris;
}
