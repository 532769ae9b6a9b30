import type { DirectoryAudit } from '@b2c-alerts/audit-client';

/** Records with the shapes and values a generated day lacks: IPv6, offsets, Core Directory changes, hostile text. */
export function plantedEvents(day: string): DirectoryAudit[] {
  const base = (n: number, time: string, extra: Partial<DirectoryAudit>): DirectoryAudit => ({
    id: `Directory_c0ffee00-0000-4000-8000-00000000000${n}_PLANT_${n}`,
    activityDateTime: time,
    activityDisplayName: 'Update application – Certificates and secrets management ',
    category: 'ApplicationManagement',
    correlationId: `c0ffee00-0000-4000-8000-00000000000${n}`,
    result: 'success',
    resultReason: '',
    loggedByService: 'Core Directory',
    operationType: 'Update',
    initiatedBy: {
      user: {
        id: 'a1b2c3d4-0000-4000-8000-000000000001',
        displayName: null,
        userPrincipalName: 'mallory@contoso.example',
        ipAddress: '2001:db8:0:1::17',
      },
      app: null,
    },
    targetResources: [
      {
        id: 'b1b2b3b4-0000-4000-8000-000000000002',
        displayName: 'Payments API',
        type: 'Application',
        userPrincipalName: null,
        modifiedProperties: [
          {
            displayName: 'KeyDescription',
            oldValue: '[]',
            newValue: '["[KeyIdentifier=k1,KeyType=Password,KeyUsage=Verify,DisplayName=ci]"]',
          },
        ],
      },
    ],
    additionalDetails: [
      { key: 'User-Agent', value: 'Mozilla/5.0' },
      { key: 'AppId', value: 'c1c2c3c4-0000-4000-8000-000000000003' },
    ],
    ...extra,
  });
  return [
    base(1, `${day}T10:00:00.1234567Z`, {}),
    base(2, `${day}T11:00:00.5Z`, {
      // An offset (Azure Monitor's form) and the IPv4-mapped form of an IPv4 client.
      activityDateTime: `${day}T13:30:00.0000001+02:00`,
      additionalDetails: [{ key: 'ClientIpAddress', value: '::ffff:198.51.100.7' }],
      category: 'Directory Management',
    }),
    base(3, `${day}T12:00:00Z`, {
      activityDisplayName: 'Delete policy key\u202e\u001b[31m',
      category: 'Key',
      loggedByService: 'B2C',
      initiatedBy: {
        user: null,
        app: {
          appId: 'N/A',
          displayName: 'Evil <script>',
          servicePrincipalId: null,
          servicePrincipalName: 'd1d2d3d4-0000-4000-8000-000000000004',
        },
      },
      targetResources: [
        { id: 'B2C_1A_TokenSigningKeyContainer', displayName: '=HYPERLINK("http://x")', type: 'KeySet' },
      ],
      additionalDetails: [
        { key: 'TenantId', value: 'contosob2c.onmicrosoft.com' },
        { key: 'PolicyId', value: 'B2C_1A_signup_signin' },
        { key: 'ClientIpAddress', value: '2001:DB8::abcd' },
        { key: 'Weird,Key "q"', value: 'line1\nline2, "quoted"' },
        { key: 'Big', value: 'x'.repeat(100_000) },
      ],
    }),
    base(4, `${day}T14:00:00Z`, {
      correlationId: null,
      result: 'failure',
      resultReason: 'Bad request',
      initiatedBy: null,
      targetResources: null,
      additionalDetails: [
        { key: 'ClientIpAddress', value: '203.0.113.300' },
        { key: 'PolicyId', value: '' },
        { key: null, value: 'orphan' },
      ],
    }),
  ];
}
