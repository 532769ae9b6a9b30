import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { roleManagers } from '../directory-actors.js';
import { roleObjectIdOf } from '../directory-churn.js';
import { property } from '../directory-event-builder.js';
import { intruderAdmin, type TenantAdmin } from '../known-admins.js';
import { attackTools, type AttackTools } from './attack-tools.js';
import { MINUTE, type PlantedAttack } from './planted-attack.js';

const globalAdministrator = { name: 'Global Administrator', templateId: '62e90394-69f5-4237-9190-012177145e10' };

/** `Add member to role` of Global Administrator to `member`, as the directory logs it (§4.3). */
function globalAdminAssigned(tools: AttackTools, actor: TenantAdmin, member: { id: string; upn: string }) {
  const roleId = roleObjectIdOf(tools.tenant, globalAdministrator.templateId);
  return tools.directory.record({
    time: tools.clock.now(),
    activity: 'Add member to role',
    category: 'RoleManagement',
    operationType: 'Assign',
    actor: { user: actor },
    targets: [
      {
        id: member.id,
        type: 'User',
        userPrincipalName: member.upn,
        modifiedProperties: [
          property('Role.ObjectID', undefined, roleId),
          property('Role.DisplayName', undefined, globalAdministrator.name),
          property('Role.TemplateId', undefined, globalAdministrator.templateId),
          property('Role.WellKnownObjectName', undefined, 'TenantAdmins'),
        ],
      },
      { id: roleId, type: 'Role' },
    ],
  });
}

/** The intruder makes a second account of theirs Global Administrator, to keep access. */
export const privilegedRoleByIntruder: PlantedAttack = {
  id: 'privileged-role-by-intruder',
  label: 'Privileged role assigned: an account outside the role managers makes another account Global Administrator',
  kind: 'T1098.003 additional cloud roles',
  expectedRules: ['b2c.directory.privileged-role-assigned', 'b2c.directory.role-assigner-first-seen'],
  durationMs: 5 * MINUTE,
  records: (at, o = {}) => {
    const tools = attackTools('privileged-role-by-intruder', at, o);
    const member = { id: tools.prng.guid(), upn: `svc-backup@${tools.tenant}` };
    return [globalAdminAssigned(tools, intruderAdmin(tools.tenant), member)];
  },
};

/**
 * A role manager's account, taken over, creates a fresh user and makes it Global Administrator 10 to 40
 * minutes later: a backdoor admin. The role manager may assign roles, so only the sequence gives it away.
 */
export const userCreatedThenPrivilegedRole: PlantedAttack = {
  id: 'user-created-then-privileged-role',
  label: "Backdoor admin: a role manager's account creates a user and makes it Global Administrator within the hour",
  kind: 'T1136.003 create cloud account, T1098.003 additional cloud roles',
  expectedRules: ['b2c.directory.user-created-then-privileged-role'],
  durationMs: 45 * MINUTE,
  records: (at, o = {}) => {
    const tools = attackTools('user-created-then-privileged-role', at, o);
    const actor = roleManagers(tools.tenant)[0]!;
    const member = { id: tools.prng.guid(), upn: `it-support.ops@${tools.tenant}` };
    const created = tools.directory.record({
      time: tools.clock.now(),
      activity: 'Add user',
      category: 'UserManagement',
      operationType: 'Add',
      actor: { user: actor },
      targets: [
        {
          id: member.id,
          type: 'User',
          userPrincipalName: member.upn,
          modifiedProperties: [
            property('AccountEnabled', [], [true]),
            property('DisplayName', [], ['IT Support (ops)']),
            property('UserPrincipalName', [], [member.upn]),
            property('UserType', [], ['Member']),
            property(
              'Included Updated Properties',
              undefined,
              'AccountEnabled, DisplayName, UserPrincipalName, UserType',
            ),
          ],
        },
      ],
    });
    tools.clock.advance(10 * MINUTE, 40 * MINUTE);
    return [created, globalAdminAssigned(tools, actor, member)];
  },
};

/** The intruder deletes 25 consumer accounts in a few minutes (a script, or someone covering tracks). */
export const bulkUserDeletion: PlantedAttack = {
  id: 'bulk-user-deletion',
  label: 'Bulk user deletion: 25 consumer accounts deleted by one account in about 5 minutes',
  kind: 'T1531 account access removal, T1485 data destruction',
  expectedRules: ['b2c.directory.bulk-user-deletion'],
  durationMs: 10 * MINUTE,
  records: (at, o = {}) => {
    const tools = attackTools('bulk-user-deletion', at, o);
    const actor = intruderAdmin(tools.tenant);
    const records: DirectoryAudit[] = [];
    for (let i = 0; i < 25; i++) {
      if (i > 0) tools.clock.advance(5_000, 18_000);
      const id = tools.prng.guid();
      records.push(
        tools.directory.record({
          time: tools.clock.now(),
          activity: 'Delete user',
          category: 'UserManagement',
          operationType: 'Delete',
          actor: { user: actor },
          targets: [{ id, type: 'User', userPrincipalName: `${id}@${tools.tenant}` }],
        }),
      );
    }
    return records;
  },
};

/** A domain of the attacker's added, verified and federated to their identity provider (Golden SAML style). */
export const domainFederated: PlantedAttack = {
  id: 'domain-federated',
  label: 'Domain federated: a new domain added, verified and switched to federation with an outside identity provider',
  kind: 'T1484.002 domain trust modification',
  expectedRules: ['b2c.directory.domain-federation-changed'],
  durationMs: 20 * MINUTE,
  records: (at, o = {}) => {
    const tools = attackTools('domain-federated', at, o);
    const actor = intruderAdmin(tools.tenant);
    const domain = 'login.contoso-support.example';
    const step = (activity: string, modified: ReturnType<typeof property>[] = []) =>
      tools.directory.record({
        time: tools.clock.now(),
        activity,
        category: 'DirectoryManagement',
        operationType: activity === 'Add unverified domain' ? 'Add' : 'Update',
        actor: { user: actor },
        targets: [{ id: null, type: 'Other', displayName: domain, modifiedProperties: modified }],
      });
    const records = [step('Add unverified domain')];
    tools.clock.advance(3 * MINUTE, 6 * MINUTE);
    records.push(step('Verify domain'));
    tools.clock.advance(1 * MINUTE, 5 * MINUTE);
    records.push(step('Set domain authentication', [property('LiveType', 'Managed', 'Federated')]));
    return records;
  },
};
