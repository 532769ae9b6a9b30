import type { AuditEvent, AuditTarget } from '../audit-event.js';
import { appFacts } from './app-facts.js';
import { consentFacts } from './consent-facts.js';
import { credentialFacts } from './credential-facts.js';
import { ModifiedProperties } from './modified-properties.js';
import { principalOf } from './principal-of.js';
import { redirectUriFacts } from './redirect-uri-facts.js';
import { isPrincipal, roleFacts } from './role-facts.js';

export type DirectoryFacts = Pick<
  AuditEvent,
  'role' | 'member' | 'app' | 'owner' | 'credential' | 'consent' | 'redirectUris'
>;

/** `Add owner to application`, `Remove owner from service principal`, `Add registered owner to device`, … */
const ownerActivity = /^(?:add|remove) (?:registered )?owner (?:to|from) /i;

const objectTypes = new Set(['role', 'application', 'serviceprincipal']);

/** A target with modified properties, or one a role, application or service principal (any case). */
function isDirectoryTarget(target: AuditTarget): boolean {
  if (target.modified.length > 0) return true;
  const type = target.type;
  // Cheap checks first: this runs for every event, and B2C's targets are Users.
  if (type === undefined || type === 'User' || (type.length !== 4 && type.length !== 11 && type.length !== 16))
    return false;
  return objectTypes.has(type.toLowerCase());
}

/**
 * The facts of a directory event (roles, members, apps, owners, credentials, consent, redirect URIs),
 * read from its targets and their modified properties by the names the directory logs
 * (docs/graph-audit-api.md §4). Undefined, cheaply, for an event with none of them (every B2C event).
 */
export function directoryFacts(
  activity: string,
  targets: readonly AuditTarget[],
  details: Readonly<Record<string, string>>,
): DirectoryFacts | undefined {
  // Most events (B2C's sign-ins) modify nothing and name no directory object: leave them at once.
  if (!targets.some(isDirectoryTarget) && !ownerActivity.test(activity)) return undefined;
  const owner = ownerActivity.test(activity);
  const facts: DirectoryFacts = {};
  const modified = new ModifiedProperties(targets);

  const { role, member } = roleFacts(targets, modified);
  if (role !== undefined) facts.role = role;
  if (member !== undefined) facts.member = member;
  if (owner) {
    const ownerTarget = targets[0] !== undefined && isPrincipal(targets[0]) ? targets[0] : targets.find(isPrincipal);
    if (ownerTarget !== undefined) facts.owner = principalOf(ownerTarget);
  }
  const consent = consentFacts(modified);
  const grant =
    modified.find('AppRole.Value') !== undefined || modified.find('DelegatedPermissionGrant.Scope') !== undefined;
  const app = appFacts(targets, modified, details, { grant: grant && consent !== undefined, owner });
  if (app !== undefined) facts.app = app;
  if (consent !== undefined) facts.consent = consent;
  const credential = credentialFacts(modified);
  if (credential !== undefined) facts.credential = credential;
  const redirectUris = redirectUriFacts(modified);
  if (redirectUris !== undefined) facts.redirectUris = redirectUris;
  return facts;
}
