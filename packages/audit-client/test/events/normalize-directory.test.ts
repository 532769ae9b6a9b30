import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalize, type AuditEvent, type DirectoryAudit } from '../../src/index.js';

function fixture(name: string): DirectoryAudit {
  const url = new URL(`../fixtures/core-directory/${name}.json`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8')) as DirectoryAudit;
}

const directoryKeys = ['role', 'member', 'app', 'owner', 'credential', 'consent', 'redirectUris'] as const;

/** The directory facts of an event, and only those (absent ones are absent keys). */
function directoryOf(event: AuditEvent): Partial<AuditEvent> {
  return Object.fromEntries(directoryKeys.filter((key) => key in event).map((key) => [key, event[key]]));
}

/** Absent means absent: no key of the event holds null or undefined, at any depth. */
function expectNoNullish(value: unknown, path = 'event'): void {
  expect(value, path).not.toBeNull();
  expect(value, path).not.toBeUndefined();
  if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) expectNoNullish(inner, `${path}.${key}`);
  }
}

/** A user as the facts show one: named by its upn. */
function user(id: string, upn: string) {
  return { id, type: 'User', upn, name: upn };
}

/** An application or service principal as the facts show one: named by its display name. */
function app(type: 'Application' | 'ServicePrincipal', id: string, appId: string, displayName: string) {
  return { id, appId, displayName, type, name: displayName };
}

/** The application most fixtures are about. */
const contosoWeb = app(
  'Application',
  '2f8e1c6a-4b3d-4e9f-8a7b-6c5d4e3f2a1b',
  'a03bbb51-cc9e-4a1d-9006-f06c03bd562a',
  'Contoso Web',
);
/** What the consent fixtures grant Tenant Backup Tool. */
const backupToolPermissions = ['Directory.ReadWrite.All', 'User.Read', 'offline_access'];

/** A fixture, the directory facts its event carries (exactly), and what else its event must show. */
interface DirectoryCase {
  title: string;
  fixture: string;
  directory: Partial<AuditEvent>;
  also?: (event: AuditEvent) => void;
  /** Its modified properties decode to JSON holding nulls, kept as they were: only its facts are null-free. */
  decodedNulls?: true;
}

const cases: DirectoryCase[] = [
  {
    title: 'a user added to Global Administrator: the role from Role.* properties, the member from the User target',
    fixture: 'add-member-to-role',
    directory: {
      role: {
        id: 'a4d7c2e9-5b81-4f36-8c0a-3e9b1d6f7a25',
        name: 'Global Administrator',
        templateId: '62e90394-69f5-4237-9190-012177145e10',
        wellKnownName: 'TenantAdmins',
      },
      member: user('3b9e6d21-8f47-4c0a-b5e3-92d1c7a4f608', 'svc-sync@contosob2c.onmicrosoft.com'),
    },
    also: (event) => {
      expect(event).toMatchObject({
        activity: 'Add member to role',
        category: 'RoleManagement',
        service: 'Core Directory',
        operationType: 'Assign',
        actor: { type: 'user', upn: 'mallory@contosob2c.onmicrosoft.com', ip: '192.0.2.66' },
        target: {
          id: '3b9e6d21-8f47-4c0a-b5e3-92d1c7a4f608',
          type: 'User',
          upn: 'svc-sync@contosob2c.onmicrosoft.com',
        },
      });
      expect('categoryRaw' in event).toBe(false);
      expect(event.targets[0]!.modified).toContainEqual({ name: 'Role.DisplayName', new: 'Global Administrator' });
    },
  },
  {
    title: 'a service principal added to a B2C role by an app: member and app are that service principal',
    fixture: 'add-member-to-role-service-principal',
    directory: {
      role: {
        id: 'd2b5a8f1-6c3e-4a97-b0d4-e8f1c2a5b736',
        name: 'B2C IEF Keyset Administrator',
        templateId: 'aaf43236-0c0d-4d5f-883a-6955382ac081',
      },
      member: {
        id: '8c1f4e2a-7b93-4d05-96e8-3a2c5b1d7f40',
        type: 'ServicePrincipal',
        displayName: 'policy-uploader',
        name: 'policy-uploader',
      },
      app: app(
        'ServicePrincipal',
        '8c1f4e2a-7b93-4d05-96e8-3a2c5b1d7f40',
        'c9a4e7b2-1d58-4f36-8e0b-7a2d5c9f1e84',
        'policy-uploader',
      ),
    },
    also: (event) =>
      expect(event.actor).toStrictEqual({
        type: 'app',
        id: '5e2a9c17-3b84-4d6f-a091-c7e4b2d8f153',
        displayName: 'contoso-b2c-deploy',
        name: 'contoso-b2c-deploy',
      }),
  },
  {
    title: 'a member removed from a role: the role from the old values',
    fixture: 'remove-member-from-role',
    directory: {
      role: {
        id: 'f3c8e1a6-2b74-4d90-a5e3-1c7b9d4f2a68',
        name: 'B2C IEF Policy Administrator',
        templateId: '3edaf663-341e-4475-9f94-5c398ef6c070',
      },
      member: user('c4a97e15-0b3d-4f68-a2c1-7e9d8b6f5a30', 'lee.gu@contosob2c.onmicrosoft.com'),
    },
  },
  {
    title: 'a certificate added to a service principal that had two: not the first, the new key id',
    fixture: 'add-service-principal-credentials',
    directory: {
      app: app(
        'ServicePrincipal',
        'b81c5f3e-4a29-4d70-9e6b-2f8d1a4c7e53',
        '4e9b2c71-8a36-4d50-b1f7-c3e8a6d2f915',
        'orders-api',
      ),
      credential: {
        added: 1,
        removed: 0,
        type: 'certificate',
        keyType: 'AsymmetricX509Cert',
        keyId: 'e5d2b8a7-0c91-4e63-b4f8-6a3c1e9d2b75',
        usage: 'Verify',
        displayName: 'CN=orders-api',
        first: false,
      },
    },
    also: (event) => {
      expect(event.category).toBe('ApplicationManagement');
      expect(event.actor).toMatchObject({ type: 'app', displayName: 'Managed Service Identity' });
    },
  },
  {
    title: 'the first secret of an application (old KeyDescription []), under its en-dashed activity name',
    fixture: 'update-application-certificates-and-secrets',
    directory: {
      app: contosoWeb,
      credential: {
        added: 1,
        removed: 0,
        type: 'secret',
        keyType: 'Password',
        keyId: '5b8e2c1f-7a4d-4e96-b03c-d1f9a6e8c274',
        usage: 'Verify',
        displayName: 'backup, do not delete',
        first: true,
      },
    },
    also: (event) => expect(event.activity).toBe('Update application – Certificates and secrets management '),
  },
  {
    title: 'admin consent for all users: the permissions from ConsentAction.Permissions, the app that got them',
    fixture: 'consent-to-application',
    directory: {
      app: app(
        'ServicePrincipal',
        '6d2a9f4c-1e85-4b37-a0c6-e9f3b5d1a782',
        'f7c2a9e5-3b16-4d84-90e2-a6d4b8c1f357',
        'Tenant Backup Tool',
      ),
      consent: { permissions: backupToolPermissions, admin: true, tenantWide: true, kind: 'delegated' },
    },
  },
  {
    title: 'a delegated permission grant: the scope on the API, the granted app from ServicePrincipal.ObjectID',
    fixture: 'add-delegated-permission-grant',
    directory: {
      app: {
        type: 'ServicePrincipal',
        id: '6d2a9f4c-1e85-4b37-a0c6-e9f3b5d1a782',
        name: '6d2a9f4c-1e85-4b37-a0c6-e9f3b5d1a782',
      },
      consent: {
        permissions: backupToolPermissions,
        kind: 'delegated',
        tenantWide: true,
        admin: true,
        resource: 'Microsoft Graph',
      },
    },
    also: (event) => expect(event.target).toMatchObject({ displayName: 'Microsoft Graph', type: 'ServicePrincipal' }),
  },
  {
    title:
      'an application permission (app role) on Microsoft Graph: admin, tenant-wide, the app from ServicePrincipal.*',
    fixture: 'add-app-role-assignment-to-service-principal',
    directory: {
      app: {
        type: 'ServicePrincipal',
        appId: 'f7c2a9e5-3b16-4d84-90e2-a6d4b8c1f357',
        displayName: 'Tenant Backup Tool',
        name: 'Tenant Backup Tool',
      },
      consent: {
        permissions: ['RoleManagement.ReadWrite.Directory'],
        admin: true,
        tenantWide: true,
        kind: 'application',
        resource: 'Microsoft Graph',
      },
    },
  },
  {
    title: 'an owner added to an application: the owner from the first target, the app from the second',
    fixture: 'add-owner-to-application',
    directory: {
      owner: user('4a8c2e6f-9b13-4d57-a1e0-f3c7b5d9e284', 'eve.outsider@contosob2c.onmicrosoft.com'),
      app: contosoWeb,
    },
  },
  {
    title: 'redirect URIs changed (AppAddress): the ones added and removed',
    fixture: 'update-application-redirect-uris',
    directory: {
      app: contosoWeb,
      redirectUris: {
        added: ['https://token-harvest.example/callback'],
        removed: ['https://staging.contoso.com/signin-oidc'],
      },
    },
    decodedNulls: true,
    also: (event) => {
      // The modified property stays as it was, JSON-decoded, for the `changed` operator.
      expect(event.targets[0]!.modified[0]!.name).toBe('AppAddress');
      expect(Array.isArray(event.targets[0]!.modified[0]!.new)).toBe(true);
    },
  },
];

describe('normalize: Core Directory records (docs/graph-audit-api.md §4)', () => {
  for (const { title, fixture: name, directory, also, decodedNulls } of cases) {
    it(title, () => {
      const event = normalize(fixture(name));
      expect(directoryOf(event)).toStrictEqual(directory);
      also?.(event);
      expectNoNullish(decodedNulls ? directoryOf(event) : event);
    });
  }

  it('an owner event with the owned app only in Application.* properties', () => {
    const raw = fixture('add-owner-to-application');
    const event = normalize({ ...raw, targetResources: raw.targetResources!.slice(0, 1) });
    expect(event.app).toStrictEqual(contosoWeb);
    expect(event.owner?.upn).toBe('eve.outsider@contosob2c.onmicrosoft.com');
  });

  it('users added by sign-up and deleted by an admin, and a domain made federated: the usual facts, no directory ones', () => {
    const added = normalize(fixture('add-user-sign-up'), { tenant: '11111111-2222-3333-4444-555555555555' });
    expect(added).toMatchObject({
      activity: 'Add user',
      category: 'UserManagement',
      operationType: 'Add',
      actor: { type: 'app', displayName: 'B2C sign-up' },
      target: { id: 'b7d3f9e1-2a64-4c85-9f0b-6e1c8a4d2f57', type: 'User' },
      tenant: '11111111-2222-3333-4444-555555555555',
    });
    expect('resultReason' in added).toBe(false); // "" on the wire
    expect(directoryOf(added)).toStrictEqual({});
    const deleted = normalize(fixture('delete-user'));
    expect(deleted).toMatchObject({
      activity: 'Delete user',
      category: 'UserManagement',
      actor: { upn: 'megan.bowen@contosob2c.onmicrosoft.com' },
    });
    expect(directoryOf(deleted)).toStrictEqual({});
    const domain = normalize(fixture('set-domain-authentication'));
    expect(domain).toMatchObject({
      category: 'DirectoryManagement',
      target: { displayName: 'login.contoso.com', type: 'Other' },
    });
    expect(domain.targets[0]!.modified).toStrictEqual([{ name: 'LiveType', old: 'Managed', new: 'Federated' }]);
    expect(directoryOf(domain)).toStrictEqual({});
    for (const event of [added, deleted, domain]) expectNoNullish(event);
  });
});

describe('normalize: directory facts are lenient and bounded', () => {
  const base = { id: 'Directory_X', activityDateTime: '2026-02-12T00:00:00Z', loggedByService: 'Core Directory' };

  it('turns null and odd values in the directory properties into absent facts, never a crash', () => {
    const event = normalize({
      ...base,
      activityDisplayName: 'Add member to role',
      targetResources: [
        {
          id: null,
          type: 'User',
          modifiedProperties: [
            { displayName: 'Role.DisplayName', oldValue: null, newValue: null },
            { displayName: 'Role.ObjectID', oldValue: '{"weird":1}', newValue: '[1,2]' },
            { displayName: 'KeyDescription', oldValue: 'not a list', newValue: '[null, 5, "[KeyType=Password]"]' },
            { displayName: 'ConsentAction.Permissions', oldValue: null, newValue: null },
            { displayName: 'AppAddress', oldValue: '[{"Address":null}]', newValue: '{"Address":"x"}' },
          ],
        },
        { type: 'Role' },
      ],
    });
    expect(directoryOf(event)).toStrictEqual({
      role: {},
      member: { type: 'User' },
      // 'not a list' is no key description, and an old value we cannot read proves no "first".
      credential: { added: 1, removed: 0, type: 'secret', keyType: 'Password' },
      consent: { permissions: [] },
      redirectUris: { added: ['x'], removed: [] },
    });
    expectNoNullish(directoryOf(event));
  });

  it('keeps derived lists short, however long the text', () => {
    const keys = Array.from(
      { length: 5000 },
      (_, i) => `[KeyIdentifier=k${i},KeyType=Password,KeyUsage=Verify,DisplayName=${'x'.repeat(50)}]`,
    );
    const scopes = Array.from({ length: 5000 }, (_, i) => `Perm${i}.ReadWrite.All`).join(' ');
    const uris = Array.from({ length: 5000 }, (_, i) => ({ Address: `https://e${i}.example/${'p'.repeat(3000)}` }));
    const event = normalize({
      ...base,
      activityDisplayName: 'Consent to application',
      targetResources: [
        {
          id: 'sp',
          type: 'ServicePrincipal',
          modifiedProperties: [
            { displayName: 'KeyDescription', oldValue: '[]', newValue: JSON.stringify(keys) },
            {
              displayName: 'ConsentAction.Permissions',
              newValue: JSON.stringify(`[] => [[ConsentType: AllPrincipals, Scope: ${scopes}, CreatedDateTime: ]]`),
            },
            { displayName: 'AppAddress', oldValue: '[]', newValue: JSON.stringify(uris) },
            { displayName: 'Role.DisplayName', newValue: JSON.stringify('R'.repeat(100_000) + ',]'.repeat(10_000)) },
          ],
        },
      ],
    });
    expect(event.credential!.added).toBe(100);
    expect(event.credential!.first).toBe(true);
    expect(event.consent!.permissions).toHaveLength(100);
    expect(event.redirectUris!.added).toHaveLength(100);
    expect(Math.max(...event.redirectUris!.added.map((u) => u.length))).toBeLessThanOrEqual(2048);
    expect(event.redirectUris!.added[0]!.endsWith('…')).toBe(true);
  });

  it('reads property names whatever their case, and prototype-looking names stay plain', () => {
    const event = normalize({
      ...base,
      activityDisplayName: 'Add member to role',
      targetResources: [
        {
          id: 'u1',
          type: 'user',
          modifiedProperties: [
            { displayName: 'role.displayname', newValue: '"Application Administrator"' },
            { displayName: '__proto__', newValue: '{"polluted":true}' },
            { displayName: 'constructor', newValue: '"x"' },
          ],
        },
      ],
    });
    expect(event.role).toStrictEqual({ name: 'Application Administrator' });
    expect(event.member).toStrictEqual({ id: 'u1', type: 'user', name: 'u1' });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
