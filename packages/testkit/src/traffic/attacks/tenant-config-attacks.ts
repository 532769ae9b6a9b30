import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { incidents } from '../incidents.js';
import { intruderAdmin } from '../known-admins.js';
import { attackTools, type AttackTools } from './attack-tools.js';
import { MINUTE, type PlantedAttack } from './planted-attack.js';

/**
 * One portal operation by the intruder. B2C logs a change under its own category and again under
 * Authorization (the same correlation id); `alsoAuthorization` adds that second record.
 */
function operation(
  tools: AttackTools,
  activity: string,
  category: string,
  target: string,
  alsoAuthorization = false,
): DirectoryAudit[] {
  const actor = intruderAdmin(tools.tenant);
  const correlationId = tools.prng.guid();
  const time = tools.clock.now();
  const record = (c: string) =>
    tools.b2c.admin({ time, activity, category: c, correlationId, actor, target: { id: target } });
  return alsoAuthorization ? [record(category), record('Authorization')] : [record(category)];
}

export const policyKeyDeleted: PlantedAttack = {
  id: 'policy-key-deleted',
  label: 'Policy key deleted: an account outside the admins lists the keys and deletes the token signing keyset',
  kind: 'T1485 data destruction, T1489 service stop',
  expectedRules: ['b2c.keys.policy-key-deleted'],
  durationMs: 5 * MINUTE,
  records: (at, o = {}) => incidents.policyKeyDeleted(at, { tenant: o.tenant }),
};

export const customPolicyBurst: PlantedAttack = {
  id: 'custom-policy-burst',
  label: 'Custom policies rewritten: 10 custom policy updates by one account in about 3 minutes',
  kind: 'T1556 modify authentication process',
  expectedRules: ['b2c.policies.custom-policy-burst'],
  durationMs: 5 * MINUTE,
  records: (at, o = {}) => incidents.customPolicyBurst(at, { tenant: o.tenant }),
};

/** Swapping the signing key: the keyset deleted, the attacker's own key created, a policy pointed at it. */
export const keyDeletedThenPolicyUploaded: PlantedAttack = {
  id: 'key-deleted-then-policy-uploaded',
  label: 'Signing key swapped: a policy key deleted, a new key created and a custom policy uploaded within 15 minutes',
  kind: 'T1606.002 forge web credentials, T1556 modify authentication process',
  expectedRules: ['b2c.keys.policy-key-deleted-then-policy-uploaded'],
  durationMs: 20 * MINUTE,
  records: (at, o = {}) => {
    const tools = attackTools('key-deleted-then-policy-uploaded', at, o);
    const records = operation(tools, 'Delete policy key', 'KeyManagement', 'B2C_1A_TokenEncryptionKeyContainer');
    tools.clock.advance(2 * MINUTE, 4 * MINUTE);
    records.push(...operation(tools, 'Create policy key', 'KeyManagement', 'B2C_1A_TokenEncryptionKeyContainer1'));
    tools.clock.advance(3 * MINUTE, 8 * MINUTE);
    records.push(...operation(tools, 'Update custom policy', 'ResourceManagement', 'B2C_1A_TrustFrameworkExtensions'));
    return records;
  },
};

export const identityProviderDeleted: PlantedAttack = {
  id: 'identity-provider-deleted',
  label: 'Identity provider deleted: the Facebook sign-in option removed from the tenant',
  kind: 'T1489 service stop',
  expectedRules: ['b2c.identity-providers.identity-provider-deleted'],
  durationMs: 5 * MINUTE,
  records: (at, o = {}) => {
    const tools = attackTools('identity-provider-deleted', at, o);
    const records = operation(tools, 'Get Identity Providers', 'ResourceManagement', tools.tenant);
    tools.clock.advance(20_000, 90_000);
    records.push(...operation(tools, 'Delete Identity Provider', 'ResourceManagement', 'Facebook-OAUTH', true));
    return records;
  },
};

/** An API connector repointed at the attacker's endpoint, which then receives every sign-up's claims. */
export const apiConnectorChanged: PlantedAttack = {
  id: 'api-connector-changed',
  label: "API connector changed: the sign-up validation connector's endpoint and credentials replaced",
  kind: 'T1556 modify authentication process, T1119 automated collection',
  expectedRules: ['b2c.api-connectors.api-connector-updated'],
  durationMs: 5 * MINUTE,
  records: (at, o = {}) => {
    const tools = attackTools('api-connector-changed', at, o);
    const records = operation(tools, 'Get API connectors', 'ResourceManagement', tools.tenant);
    tools.clock.advance(30_000, 120_000);
    records.push(...operation(tools, 'Update API connector', 'ResourceManagement', 'ApiConnector_SignUpValidation'));
    return records;
  },
};
