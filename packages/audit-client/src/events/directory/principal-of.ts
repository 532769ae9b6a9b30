import type { AuditPrincipal, AuditTarget } from '../audit-event.js';
import { bestName } from './directory-values.js';

/** A target as a principal, with its best name (upn, display name, id). */
export function principalOf(target: AuditTarget): AuditPrincipal {
  const principal: AuditPrincipal = {};
  if (target.id !== undefined) principal.id = target.id;
  if (target.type !== undefined) principal.type = target.type;
  if (target.upn !== undefined) principal.upn = target.upn;
  if (target.displayName !== undefined) principal.displayName = target.displayName;
  const name = bestName(target.upn, target.displayName, target.id);
  if (name !== undefined) principal.name = name;
  return principal;
}
