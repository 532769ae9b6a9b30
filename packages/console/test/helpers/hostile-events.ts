import type { DirectoryAudit } from '@b2c-alerts/audit-client';

/** What an injected script or handler would set if it ever ran. */
export const pwnedFlag = '__pwned';

/**
 * Records whose text tries to become markup or a link in the console: script tags, an image with an
 * onerror handler, `javascript:` values where links might be built (names, ids, UPNs), a bidi override,
 * and a 100 kB value. Two events on `day` (YYYY-MM-DD), actor `hostile@contoso.example`.
 */
export function hostileEvents(day: string): DirectoryAudit[] {
  const img = `<img src=x onerror="window.${pwnedFlag}=1">`;
  const script = `<script>window.${pwnedFlag}=1</script>`;
  const js = `javascript:window.${pwnedFlag}=1`;
  const common = {
    category: 'UserManagement',
    result: 'success',
    resultReason: '',
    loggedByService: 'Core Directory',
    operationType: 'Update',
  };
  return [
    {
      ...common,
      id: `Directory_badbad00-0000-4000-8000-000000000001_HOSTILE_1`,
      activityDateTime: `${day}T09:15:00Z`,
      activityDisplayName: `Update user ${img}`,
      correlationId: 'badbad00-0000-4000-8000-000000000001',
      initiatedBy: {
        user: {
          id: 'badbad00-0000-4000-8000-0000000000aa',
          displayName: script,
          userPrincipalName: 'hostile@contoso.example',
          ipAddress: '198.51.100.66',
        },
        app: null,
      },
      targetResources: [
        {
          id: js,
          displayName: js,
          type: 'User',
          userPrincipalName: `${js}@contoso.example`,
          modifiedProperties: [{ displayName: `DisplayName ${img}`, oldValue: `"${script}"`, newValue: `"${js}"` }],
        },
      ],
      additionalDetails: [
        { key: 'ClientIpAddress', value: '198.51.100.66' },
        { key: `Link ${img}`, value: js },
        { key: 'Bidi', value: 'invoice\u202Egpj.exe' },
        { key: 'Huge', value: `<b>${'y'.repeat(100_000)}</b>` },
      ],
    },
    {
      ...common,
      id: `Directory_badbad00-0000-4000-8000-000000000002_HOSTILE_2`,
      activityDateTime: `${day}T09:20:00Z`,
      activityDisplayName: `Delete user \u202E${script}`,
      correlationId: js,
      initiatedBy: {
        user: {
          id: 'badbad00-0000-4000-8000-0000000000aa',
          displayName: img,
          userPrincipalName: 'hostile@contoso.example',
          ipAddress: '198.51.100.66',
        },
        app: null,
      },
      targetResources: [{ id: 'badbad00-0000-4000-8000-0000000000bb', displayName: img, type: 'User' }],
      additionalDetails: [{ key: 'PolicyId', value: js }],
    },
  ];
}
