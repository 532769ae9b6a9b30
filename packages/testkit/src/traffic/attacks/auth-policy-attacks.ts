import { property } from '../directory-event-builder.js';
import { intruderAdmin } from '../known-admins.js';
import { attackTools } from './attack-tools.js';
import { MINUTE, type PlantedAttack } from './planted-attack.js';

const requireMfaForAdmins = {
  id: '8a2f6c1e-4b9d-4e37-a05c-d7e3b1f9c842',
  displayName: 'Require MFA for admins',
  state: 'enabled',
  conditions: { users: { includeRoles: ['62e90394-69f5-4237-9190-012177145e10'], excludeUsers: [] as string[] } },
  grantControls: { operator: 'OR', builtInControls: ['mfa'] },
};

/**
 * The intruder exempts their own account from the admins' MFA policy and turns on Temporary Access
 * Pass for everyone. The directory logs these under their own services, `Conditional Access` and
 * `Authentication Methods` (not `Core Directory`), in the Core Directory record shape.
 */
export const authPolicyWeakened: PlantedAttack = {
  id: 'auth-policy-weakened',
  label:
    "MFA weakened: the intruder excluded from the admins' conditional access policy, Temporary Access Pass turned on",
  kind: 'T1556.009 conditional access policies, T1556.006 multi-factor authentication',
  expectedRules: ['b2c.directory.auth-policy-changed'],
  durationMs: 10 * MINUTE,
  records: (at, o = {}) => {
    const tools = attackTools('auth-policy-weakened', at, o);
    const actor = intruderAdmin(tools.tenant);
    const excluded = {
      ...requireMfaForAdmins,
      conditions: { users: { ...requireMfaForAdmins.conditions.users, excludeUsers: [actor.objectId] } },
    };
    const conditionalAccess = tools.directory.record({
      time: tools.clock.now(),
      activity: 'Update conditional access policy',
      category: 'Policy',
      operationType: 'Update',
      service: 'Conditional Access',
      actor: { user: actor },
      targets: [
        {
          id: requireMfaForAdmins.id,
          type: 'Policy',
          displayName: requireMfaForAdmins.displayName,
          modifiedProperties: [property('ConditionalAccessPolicy', requireMfaForAdmins, excluded)],
        },
      ],
    });
    tools.clock.advance(1 * MINUTE, 6 * MINUTE);
    const methods = tools.directory.record({
      time: tools.clock.now(),
      activity: 'Authentication Methods Policy Update',
      category: 'ApplicationManagement',
      operationType: 'Update',
      service: 'Authentication Methods',
      actor: { user: actor },
      targets: [
        {
          id: 'authenticationMethodsPolicy',
          type: 'Policy',
          displayName: 'Authentication Methods Policy',
          modifiedProperties: [
            property(
              'TemporaryAccessPass',
              { state: 'disabled', includeTargets: [] },
              { state: 'enabled', includeTargets: [{ targetType: 'group', id: 'all_users' }] },
            ),
          ],
        },
      ],
    });
    return [conditionalAccess, methods];
  },
};
