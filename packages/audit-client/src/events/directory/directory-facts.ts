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

/**
 * The facts of a directory event (roles, members, apps, owners, credentials, consent, redirect URIs),
 * read from its targets and their modified properties by the names the directory logs
 * (docs/graph-audit-api.md §4). An event with none of them (every B2C event) gets none, cheaply.
 */
export function directoryFacts(
  activity: string,
  targets: readonly AuditTarget[],
  details: Readonly<Record<string, string>>,
): DirectoryFacts {
  const facts: DirectoryFacts = {};
  const owner = ownerActivity.test(activity);
  const hasObjects = targets.some((target) => {
    const type = target.type?.toLowerCase();
    return type === 'role' || type === 'application' || type === 'serviceprincipal';
  });
  const modified = new ModifiedProperties(targets);
  if (!owner && !hasObjects && modified.size === 0) return facts;

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
