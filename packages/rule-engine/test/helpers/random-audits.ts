import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { Prng } from '@b2c-alerts/testkit';

const activities = [
  'Delete policy key',
  'Restore policy key',
  'Create policy key',
  'Get policy keys',
  'Update custom policy',
  'Create custom policy',
  'Delete custom policy',
  'Get custom policy',
  'Create Identity Provider',
  'Delete Identity Provider',
  'Update identity provider',
  'Create API connector',
  'Update API connector',
  'Delete user flow',
  'Update V2 application',
  'Add V2 application permissions',
  'Issue an id_token to the application',
  'Validate local account credentials',
  'Send SMS to verify phone number',
  'Verify phone number',
  'Delete B2C Tenant where the caller is an administrator',
  'Get tenant details',
];
const categories = [
  'KeyManagement',
  'ResourceManagement',
  'Authentication',
  'Authorization',
  'ApplicationManagement',
  'Key Management',
  'Policy',
  null,
];
const ips = [
  '10.1.2.3',
  '10.200.0.9',
  '192.168.4.20',
  '203.0.113.7',
  '198.51.100.23',
  '2001:db8::17',
  '2001:db9::1',
  '::ffff:10.9.9.9',
  'fe80::1',
  'not-an-ip',
  '',
];
const upns = [
  'alice@contoso.com',
  'ALICE@contoso.com',
  'bob@contoso.com',
  'svc-deploy@contoso.com',
  'mallory@evil.example',
  'admin@contosob2c.onmicrosoft.com',
];
const props = ['DisplayName', 'AppAddress', 'IsEnabled', 'KeyUsage', 'PolicyContent'];
const rawValues = [
  null,
  '',
  '"Member"',
  '"Guest"',
  '["a","b"]',
  '["a","b"]',
  '{"x":1}',
  '{"x":2}',
  '42',
  'true',
  'plain text',
  '[1,2',
];

/**
 * Random raw directoryAudits with every shape `normalize` must survive: missing and null fields, users
 * and apps, IPv4/IPv6/garbage addresses, numbers as strings, repeated and changed modified properties.
 * Stands in for the testkit traffic generator where a test wants odd shapes on purpose.
 */
export function* randomAudits(count: number, seed: number): Generator<DirectoryAudit> {
  const random = new Prng(seed);
  const pick = <T>(items: readonly T[]): T => random.pick(items);
  const maybe = <T>(p: number, value: () => T): T | undefined => (random.next() < p ? value() : undefined);
  for (let i = 0; i < count; i += 1) {
    const details: Array<{ key: string; value: string }> = [];
    if (random.chance(0.6)) details.push({ key: 'ClientIpAddress', value: pick(ips) });
    if (random.chance(0.5))
      details.push({
        key: 'PolicyId',
        value: pick(['B2C_1A_signup_signin', 'B2C_1A_TrustFrameworkBase', 'b2c_1a_PasswordReset', 'B2C_1_susi']),
      });
    if (random.chance(0.4))
      details.push({ key: 'TenantId', value: pick(['contosob2c.onmicrosoft.com', 'fabrikamb2c.onmicrosoft.com']) });
    if (random.chance(0.3)) details.push({ key: 'Count', value: pick(['3', '42', '12abc', '-1', 'x', '7.5', '']) });
    if (random.chance(0.2))
      details.push({ key: 'Client', value: pick(['Mozilla/5.0', 'curl/8.0', 'python-requests/2.31']) });
    const user = random.chance(0.55)
      ? {
          id: `u${random.int(50)}`,
          userPrincipalName: maybe(0.8, () => pick(upns)) ?? null,
          displayName: maybe(0.5, () => pick(['Alice', 'Bob', 'Svc'])),
          ipAddress: maybe(0.5, () => pick(ips)),
        }
      : null;
    const app = random.chance(0.5)
      ? {
          appId: pick(['00000000-0000-0000-0000-000000000001', 'N/A', 'f0f0f0f0-0000-0000-0000-000000000002']),
          displayName: maybe(0.6, () => pick(['IEF app', 'Graph Explorer'])),
          servicePrincipalName: maybe(0.3, () => 'spn-1'),
        }
      : null;
    const targetResources = random.chance(0.85)
      ? Array.from({ length: random.int(3) }, (_, t) => ({
          id: `t${t}-${random.int(20)}`,
          displayName: maybe(0.7, () =>
            pick(['B2C_1A_TokenSigningKeyContainer', 'B2C_1A_signup_signin', 'Contoso app', 'Facebook']),
          ),
          type: maybe(0.7, () => pick(['Policy', 'Application', 'User', 'Other'])),
          modifiedProperties: random.chance(0.6)
            ? Array.from({ length: random.int(3) }, () => {
                const old = pick(rawValues);
                return {
                  displayName: pick(props),
                  oldValue: old,
                  newValue: random.chance(0.4) ? old : pick(rawValues),
                };
              })
            : null,
        }))
      : random.chance(0.5)
        ? null
        : undefined;
    yield {
      id: `r-${seed}-${i}`,
      activityDateTime: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString().replace('Z', '0000Z'),
      activityDisplayName: random.chance(0.98) ? pick(activities) : null,
      category: pick(categories),
      result: pick(['success', 'failure', 'timeout', null]),
      resultReason: maybe(0.3, () => pick(['', 'AADB2C90225', 'User not found'])) ?? null,
      loggedByService: pick(['B2C', 'B2C', 'Core Directory', null]),
      operationType: maybe(0.5, () => pick(['Add', 'Delete', 'Update', ''])) ?? null,
      correlationId: maybe(0.9, () => `c-${random.int(1000)}`) ?? null,
      initiatedBy: random.chance(0.95) ? { user, app } : null,
      ...(targetResources === undefined ? {} : { targetResources }),
      additionalDetails: random.chance(0.95) ? details : null,
    };
  }
}
