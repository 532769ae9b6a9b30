import type { AuditActor, AuditEvent, AuditTarget, ModifiedProperty } from './audit-event.js';
import { canonicalCategory } from './canonical-category.js';
import { decodeModifiedValue } from './decode-modified-value.js';
import { directoryFacts } from './directory/directory-facts.js';
import type { DirectoryAudit } from './directory-audit.js';
import { toUtcDateTime } from './utc-date-time.js';

type RawUser = NonNullable<NonNullable<DirectoryAudit['initiatedBy']>['user']>;
type RawApp = NonNullable<NonNullable<DirectoryAudit['initiatedBy']>['app']>;
type RawTarget = NonNullable<DirectoryAudit['targetResources']>[number];

/** A usable string: null, missing, non-strings and `""` count as absent. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** B2C token events carry the literal "N/A" where an app id is unknown. */
function appIdOf(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' && value !== 'N/A' ? value : undefined;
}

/**
 * The acting principal. A user with any identifying field wins; otherwise an app with any
 * identifying field. When a user acted through an app, the app's appId and spn are kept too.
 */
function actorOf(raw: DirectoryAudit): AuditActor {
  const initiatedBy = raw.initiatedBy;
  const user: RawUser | null | undefined = initiatedBy?.user;
  const app: RawApp | null | undefined = initiatedBy?.app;
  const actor: AuditActor = {};
  const userId = text(user?.id);
  const upn = text(user?.userPrincipalName);
  const userName = text(user?.displayName);
  const ip = text(user?.ipAddress);
  const appId = appIdOf(app?.appId);
  const spn = text(app?.servicePrincipalName);
  const appName = text(app?.displayName);
  const spId = text(app?.servicePrincipalId);

  if (userId !== undefined || upn !== undefined || userName !== undefined) {
    actor.type = 'user';
    if (userId !== undefined) actor.id = userId;
    if (upn !== undefined) actor.upn = upn;
    if (userName !== undefined) actor.displayName = userName;
  } else if (appId !== undefined || spn !== undefined || appName !== undefined || spId !== undefined) {
    actor.type = 'app';
    if (spId !== undefined) actor.id = spId;
    if (appName !== undefined) actor.displayName = appName;
  }
  if (ip !== undefined) actor.ip = ip;
  if (appId !== undefined) actor.appId = appId;
  if (spn !== undefined) actor.spn = spn;
  const name = actor.upn ?? actor.displayName ?? actor.spn ?? actor.appId ?? actor.id;
  if (name !== undefined) actor.name = name;
  return actor;
}

function modifiedOf(list: RawTarget['modifiedProperties']): ModifiedProperty[] {
  const modified: ModifiedProperty[] = [];
  if (!Array.isArray(list)) return modified;
  for (const property of list) {
    if (property === null || typeof property !== 'object') continue;
    const entry: ModifiedProperty = { name: text(property.displayName) ?? '' };
    const oldValue = decodeModifiedValue(property.oldValue);
    if (oldValue !== undefined) entry.old = oldValue;
    const newValue = decodeModifiedValue(property.newValue);
    if (newValue !== undefined) entry.new = newValue;
    modified.push(entry);
  }
  return modified;
}

function targetsOf(list: DirectoryAudit['targetResources']): AuditTarget[] {
  const targets: AuditTarget[] = [];
  if (!Array.isArray(list)) return targets;
  for (const resource of list) {
    if (resource === null || typeof resource !== 'object') continue;
    const target: AuditTarget = { modified: modifiedOf(resource.modifiedProperties) };
    const id = text(resource.id);
    if (id !== undefined) target.id = id;
    // The List example in the Graph docs serialises `Type` with a capital T.
    const type = text(resource.type) ?? text(resource.Type);
    if (type !== undefined) target.type = type;
    const displayName = text(resource.displayName);
    if (displayName !== undefined) target.displayName = displayName;
    const upn = text(resource.userPrincipalName);
    if (upn !== undefined) target.upn = upn;
    targets.push(target);
  }
  return targets;
}

/** additionalDetails by key, keys as sent; on a repeated key the first value wins. */
function detailsOf(list: DirectoryAudit['additionalDetails']): Record<string, string> {
  const details: Record<string, string> = {};
  if (!Array.isArray(list)) return details;
  for (const pair of list) {
    if (pair === null || typeof pair !== 'object') continue;
    const key = pair.key;
    const value = pair.value;
    if (typeof key !== 'string' || key === '' || typeof value !== 'string') continue;
    // Keys are untrusted: "constructor" is checked as an own key, "__proto__" defined as a plain one
    // (as JSON.parse does), so neither reaches the prototype.
    if (Object.hasOwn(details, key)) continue;
    if (key === '__proto__')
      Object.defineProperty(details, key, { value, enumerable: true, writable: true, configurable: true });
    else details[key] = value;
  }
  return details;
}

/**
 * The one reader of raw directoryAudits: turns a Graph record into the facts rules see (docs/architecture.md,
 * "The normalized event"), B2C's and Core Directory's alike: a directory record also gets its role,
 * member, app, owner, credential, consent and redirect-URI facts (see directory/directory-facts.ts). Lenient by contract: null or missing wire fields are absent in the result,
 * never null and never a crash. `context.tenant` is the tenant the event was read from, used when the
 * event carries no `TenantId` detail. `time` is put in the `Z` form (offsets converted, fraction digits
 * kept); an unparseable `activityDateTime` gives a NaN `timestamp`, which readers reject before here.
 */
export function normalize(raw: DirectoryAudit, context?: { tenant?: string }): AuditEvent {
  const time = typeof raw.activityDateTime === 'string' ? toUtcDateTime(raw.activityDateTime) : '';
  const details = detailsOf(raw.additionalDetails);
  const actor = actorOf(raw);
  const targets = targetsOf(raw.targetResources);
  const category = canonicalCategory(raw.category);

  const event: AuditEvent = {
    id: typeof raw.id === 'string' ? raw.id : raw.id == null ? '' : String(raw.id),
    time,
    timestamp: Date.parse(time),
    activity: text(raw.activityDisplayName) ?? '',
    category,
    actor,
    targets,
    details,
  };
  const categoryRaw = text(raw.category);
  if (categoryRaw !== undefined && categoryRaw !== category) event.categoryRaw = categoryRaw;
  const result = text(raw.result);
  if (result !== undefined) event.result = result;
  const resultReason = text(raw.resultReason);
  if (resultReason !== undefined) event.resultReason = resultReason;
  const service = text(raw.loggedByService);
  if (service !== undefined) event.service = service;
  const operationType = text(raw.operationType);
  if (operationType !== undefined) event.operationType = operationType;
  const correlationId = text(raw.correlationId);
  if (correlationId !== undefined) event.correlationId = correlationId;
  const userAgent = text(raw.userAgent);
  if (userAgent !== undefined) event.userAgent = userAgent;
  const first = targets[0];
  if (first !== undefined) {
    const target: AuditEvent['target'] = {};
    if (first.id !== undefined) target.id = first.id;
    if (first.type !== undefined) target.type = first.type;
    if (first.displayName !== undefined) target.displayName = first.displayName;
    if (first.upn !== undefined) target.upn = first.upn;
    event.target = target;
  }
  const ip = details.ClientIpAddress ?? actor.ip;
  if (ip !== undefined) event.ip = ip;
  const tenant = details.TenantId ?? text(context?.tenant);
  if (tenant !== undefined) event.tenant = tenant;
  const directory = directoryFacts(event.activity, targets, details);
  return directory === undefined ? event : Object.assign(event, directory);
}
