import type { AuditPrincipal, AuditRole, AuditTarget } from '../audit-event.js';
import type { ModifiedProperties } from './modified-properties.js';
import { principalOf } from './principal-of.js';

const roleProperties = ['Role.DisplayName', 'Role.ObjectID', 'Role.TemplateId', 'Role.WellKnownObjectName'];

/**
 * The role of a role-membership event and its member. The directory logs the member as a target
 * (User, ServicePrincipal or Group) whose modified properties name the role (`Role.DisplayName`,
 * `Role.ObjectID`, `Role.TemplateId`, `Role.WellKnownObjectName`; the old values on a removal), and
 * often the role itself as a second target of type Role.
 */
export function roleFacts(
  targets: readonly AuditTarget[],
  modified: ModifiedProperties,
): { role?: AuditRole; member?: AuditPrincipal } {
  const roleTarget = targets.find((target) => target.type?.toLowerCase() === 'role');
  const carrier = roleProperties.map((name) => modified.find(name)).find((found) => found !== undefined)?.target;
  if (roleTarget === undefined && carrier === undefined) return {};
  const role: AuditRole = {};
  const id = modified.text('Role.ObjectID') ?? roleTarget?.id;
  if (id !== undefined) role.id = id;
  const name = modified.text('Role.DisplayName') ?? roleTarget?.displayName;
  if (name !== undefined) role.name = name;
  const templateId = modified.text('Role.TemplateId');
  if (templateId !== undefined) role.templateId = templateId;
  const wellKnownName = modified.text('Role.WellKnownObjectName');
  if (wellKnownName !== undefined) role.wellKnownName = wellKnownName;
  const memberTarget =
    carrier !== undefined && carrier !== roleTarget
      ? carrier
      : targets.find((target) => target !== roleTarget && isPrincipal(target));
  return memberTarget === undefined ? { role } : { role, member: principalOf(memberTarget) };
}

/** Users, groups and service principals can hold roles and own objects. */
export function isPrincipal(target: AuditTarget): boolean {
  const type = target.type?.toLowerCase();
  return type === 'user' || type === 'serviceprincipal' || type === 'group';
}
