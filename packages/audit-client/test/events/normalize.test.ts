import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { normalize, type AuditEvent, type DirectoryAudit } from '../../src/index.js';

function fixture(name: string): DirectoryAudit {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as DirectoryAudit;
}

/** Absent means absent: no key of the event holds null or undefined, at any depth. */
function expectNoNullish(value: unknown, path = 'event'): void {
  expect(value, path).not.toBeNull();
  expect(value, path).not.toBeUndefined();
  if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) expectNoNullish(inner, `${path}.${key}`);
  }
}

const minimal = { id: 'B2C_MIN_1', activityDateTime: '2025-01-10T10:03:27.4812345Z' } satisfies DirectoryAudit;

describe('normalize: the real published B2C samples (docs/graph-audit-api.md §2.1)', () => {
  it('maps the B2C doc id_token sample (app actor, one target, all details)', () => {
    const event = normalize(fixture('b2c-doc-facebook-id-token.json'));
    const expected: AuditEvent = {
      id: 'B2C_DQO3J_4984536',
      time: '2019-09-14T18:13:17.0618117Z',
      timestamp: Date.UTC(2019, 8, 14, 18, 13, 17, 61),
      activity: 'Issue an id_token to the application',
      category: 'Authentication',
      result: 'success',
      resultReason: 'N/A',
      service: 'B2C',
      correlationId: '00000000-0000-0000-0000-000000000000',
      actor: {
        type: 'app',
        appId: '00000000-0000-0000-0000-000000000000',
        spn: '00000000-0000-0000-0000-000000000000',
        name: '00000000-0000-0000-0000-000000000000',
      },
      target: { id: '00000000-0000-0000-0000-000000000000', type: 'User' },
      targets: [{ id: '00000000-0000-0000-0000-000000000000', type: 'User', modified: [] }],
      details: {
        TenantId: 'test.onmicrosoft.com',
        PolicyId: 'B2C_1A_signup_signin',
        ApplicationId: '00000000-0000-0000-0000-000000000000',
        Client: 'Mozilla/5.0 (X11; Linux x86_64) ... Chrome/76.0.3809.132 Safari/537.36',
        IdentityProviderName: 'facebook',
        IdentityProviderApplicationId: '0000000000000000',
        ClientIpAddress: '127.0.0.1',
      },
      ip: '127.0.0.1',
      tenant: 'test.onmicrosoft.com',
    };
    expect(event).toStrictEqual(expected);
    expectNoNullish(event);
  });

  it('maps the SecOps Exchange token sample ("N/A" appId, no targetResources)', () => {
    const event = normalize(fixture('secops-exchange-token.json'), { tenant: 'ignored-because-details-win' });
    const expected: AuditEvent = {
      id: 'B2C_6a0797dc-a455-4e96-9ba8-7c49071988f2_L8GYQ_15740812',
      time: '2021-08-31T08:54:05.64932Z',
      timestamp: Date.UTC(2021, 7, 31, 8, 54, 5, 649),
      activity: 'Exchange token',
      category: 'Authentication',
      result: 'success',
      resultReason: 'N/A',
      service: 'B2C',
      correlationId: '6a0797dc-a455-4e96-9ba8-7c49071988f2',
      actor: { type: 'app', spn: 'a03bbb51-cc9e-4a1d-9006-f06c03bd562a', name: 'a03bbb51-cc9e-4a1d-9006-f06c03bd562a' },
      targets: [],
      details: {
        TenantId: 'example.com',
        PolicyId: 'B2C_1A_my_signup_signin_example',
        ApplicationId: 'a03bbb51-cc9e-4a1d-9006-f06c03bd562a',
        Client: 'Some%20Company/2.0 CFNetwork/1240.0.4 Darwin/20.5.0',
        GrantType: 'authorization_code',
        ClientIpAddress: '192.168.1.10',
        DomainName: 'https://example.b2clogin.com',
      },
      ip: '192.168.1.10',
      tenant: 'example.com',
    };
    expect(event).toStrictEqual(expected);
    expect('target' in event).toBe(false);
    expect('operationType' in event).toBe(false); // "" on the wire
    expectNoNullish(event);
  });
});

describe('normalize: lenient on what the wire leaves out', () => {
  it('normalizes a record that has nothing but id and activityDateTime', () => {
    expect(normalize(minimal)).toStrictEqual({
      id: 'B2C_MIN_1',
      time: '2025-01-10T10:03:27.4812345Z',
      timestamp: Date.UTC(2025, 0, 10, 10, 3, 27, 481),
      activity: '',
      category: 'Other',
      actor: {},
      targets: [],
      details: {},
    });
  });

  it('turns nulls everywhere into absent fields, never null and never a crash', () => {
    const raw: DirectoryAudit = {
      ...minimal,
      activityDisplayName: null,
      category: null,
      correlationId: null,
      result: null,
      resultReason: null,
      loggedByService: null,
      operationType: null,
      userAgent: null,
      initiatedBy: {
        user: { id: null, displayName: null, userPrincipalName: null, ipAddress: null },
        app: { appId: null, displayName: null, servicePrincipalId: null, servicePrincipalName: null },
      },
      targetResources: [
        null as never,
        { id: null, displayName: null, type: null, userPrincipalName: null, groupType: null, modifiedProperties: null },
      ],
      additionalDetails: [null as never, { key: null, value: 'orphan' }, { key: 'PolicyId', value: null }, {}],
    };
    const event = normalize(raw);
    expect(event).toStrictEqual({
      id: 'B2C_MIN_1',
      time: '2025-01-10T10:03:27.4812345Z',
      timestamp: Date.UTC(2025, 0, 10, 10, 3, 27, 481),
      activity: '',
      category: 'Other',
      actor: {},
      target: {},
      targets: [{ modified: [] }],
      details: {},
    });
    expectNoNullish(event);
  });

  it('survives initiatedBy and every list being null', () => {
    const event = normalize({ ...minimal, initiatedBy: null, targetResources: null, additionalDetails: null });
    expect(event.actor).toStrictEqual({});
    expect(event.targets).toStrictEqual([]);
    expect(event.details).toStrictEqual({});
  });

  it('treats "N/A" app ids as absent and still names the app by spn, then appId, then object id', () => {
    const app = { appId: 'N/A', displayName: null, servicePrincipalId: 'sp-object-id', servicePrincipalName: null };
    expect(normalize({ ...minimal, initiatedBy: { user: null, app } }).actor).toStrictEqual({
      type: 'app',
      id: 'sp-object-id',
      name: 'sp-object-id',
    });
    const withAppId = { ...app, appId: 'app-guid' };
    expect(normalize({ ...minimal, initiatedBy: { app: withAppId } }).actor.name).toBe('app-guid');
    const named = { ...withAppId, displayName: 'Contoso Portal', servicePrincipalName: 'spn-guid' };
    expect(normalize({ ...minimal, initiatedBy: { app: named } }).actor).toStrictEqual({
      type: 'app',
      id: 'sp-object-id',
      displayName: 'Contoso Portal',
      appId: 'app-guid',
      spn: 'spn-guid',
      name: 'Contoso Portal',
    });
  });

  it('reads a user actor, keeps the app it acted through, and takes ip from the user without ClientIpAddress', () => {
    const event = normalize(
      {
        ...minimal,
        initiatedBy: {
          user: {
            id: 'user-oid',
            displayName: 'Ada Admin',
            userPrincipalName: 'ada@contoso.onmicrosoft.com',
            ipAddress: '203.0.113.24',
            userType: 'Member',
          },
          app: {
            appId: 'portal-app',
            displayName: 'Azure Portal',
            servicePrincipalId: null,
            servicePrincipalName: null,
          },
        },
      },
      { tenant: 'contosob2c.onmicrosoft.com' },
    );
    expect(event.actor).toStrictEqual({
      type: 'user',
      id: 'user-oid',
      upn: 'ada@contoso.onmicrosoft.com',
      displayName: 'Ada Admin',
      ip: '203.0.113.24',
      appId: 'portal-app',
      name: 'ada@contoso.onmicrosoft.com',
    });
    expect(event.ip).toBe('203.0.113.24');
    expect(event.tenant).toBe('contosob2c.onmicrosoft.com');
  });

  it('names a user without upn by display name, then id', () => {
    const byName = normalize({ ...minimal, initiatedBy: { user: { id: 'oid', displayName: 'Ada' } } });
    expect(byName.actor.name).toBe('Ada');
    const byId = normalize({ ...minimal, initiatedBy: { user: { id: 'oid', userPrincipalName: '' } } });
    expect(byId.actor).toStrictEqual({ type: 'user', id: 'oid', name: 'oid' });
  });

  it('prefers details.ClientIpAddress over the user ip and details.TenantId over the context tenant', () => {
    const event = normalize(
      {
        ...minimal,
        initiatedBy: { user: { id: 'oid', ipAddress: '10.0.0.1' } },
        additionalDetails: [
          { key: 'ClientIpAddress', value: '198.51.100.7' },
          { key: 'TenantId', value: 'from-details.onmicrosoft.com' },
        ],
      },
      { tenant: 'from-context.onmicrosoft.com' },
    );
    expect(event.ip).toBe('198.51.100.7');
    expect(event.actor.ip).toBe('10.0.0.1');
    expect(event.tenant).toBe('from-details.onmicrosoft.com');
  });

  it('reads a target type spelled "Type" and keeps only the first target as `target`', () => {
    const event = normalize({
      ...minimal,
      targetResources: [
        { id: 'B2C_1A_TokenSigningKeyContainer', displayName: 'B2C_1A_TokenSigningKeyContainer', Type: 'Other' },
        { id: 'user-2', type: 'User', userPrincipalName: 'bob@contoso.com' },
      ],
    });
    expect(event.target).toStrictEqual({
      id: 'B2C_1A_TokenSigningKeyContainer',
      type: 'Other',
      displayName: 'B2C_1A_TokenSigningKeyContainer',
    });
    expect(event.targets).toStrictEqual([
      {
        id: 'B2C_1A_TokenSigningKeyContainer',
        type: 'Other',
        displayName: 'B2C_1A_TokenSigningKeyContainer',
        modified: [],
      },
      { id: 'user-2', type: 'User', upn: 'bob@contoso.com', modified: [] },
    ]);
  });

  it('decodes modified values that are JSON text and keeps other strings verbatim', () => {
    const event = normalize({
      ...minimal,
      targetResources: [
        {
          id: 'grp',
          type: 'Group',
          modifiedProperties: [
            { displayName: 'Role.DisplayName', oldValue: '"Member"', newValue: '"Owner"' },
            { displayName: 'Members', oldValue: '[]', newValue: '["a","b"]' },
            { displayName: 'Settings', oldValue: '{"mfa":false}', newValue: '{"mfa":true}' },
            { displayName: 'Plain', oldValue: 'plain text', newValue: '5' },
            { displayName: 'Broken', oldValue: '"unterminated', newValue: '[not json' },
            { displayName: 'Emptied', oldValue: '"x"', newValue: '' },
            { displayName: 'Created', oldValue: null, newValue: '"new"' },
            { displayName: null, newValue: 'null' },
          ],
        },
      ],
    });
    expect(event.targets[0]?.modified).toStrictEqual([
      { name: 'Role.DisplayName', old: 'Member', new: 'Owner' },
      { name: 'Members', old: [], new: ['a', 'b'] },
      { name: 'Settings', old: { mfa: false }, new: { mfa: true } },
      { name: 'Plain', old: 'plain text', new: '5' },
      { name: 'Broken', old: '"unterminated', new: '[not json' },
      { name: 'Emptied', old: 'x' },
      { name: 'Created', new: 'new' },
      { name: '', new: 'null' },
    ]);
    expectNoNullish(event);
  });

  it('reads details by key: keys kept as sent, the first of a repeated key wins, prototype keys stay plain', () => {
    const event = normalize({
      ...minimal,
      additionalDetails: [
        { key: 'PolicyId', value: 'B2C_1A_first' },
        { key: 'PolicyId', value: 'B2C_1A_second' },
        { key: 'policyid', value: 'lower-case is another key' },
        { key: 'constructor', value: 'c' },
        { key: '__proto__', value: 'p' },
      ],
    });
    expect(event.details.PolicyId).toBe('B2C_1A_first');
    expect(event.details.policyid).toBe('lower-case is another key');
    expect(event.details.constructor).toBe('c');
    expect(Object.keys(event.details)).toEqual(['PolicyId', 'policyid', 'constructor', '__proto__']);
    expect(Object.getPrototypeOf(event.details)).toBe(Object.prototype);
  });

  it('keeps optional strings that carry a value and drops empty ones', () => {
    const event = normalize({
      ...minimal,
      operationType: 'Delete',
      userAgent: 'curl/8',
      result: 'failure',
      resultReason: '',
    });
    expect(event.operationType).toBe('Delete');
    expect(event.userAgent).toBe('curl/8');
    expect(event.result).toBe('failure');
    expect('resultReason' in event).toBe(false);
  });
});

describe('normalize: time and category', () => {
  it.each([
    ['2019-09-14T18:13:17.0618117Z', '2019-09-14T18:13:17.0618117Z', Date.UTC(2019, 8, 14, 18, 13, 17, 61)],
    ['2019-09-14T18:13:17.0618117+00:00', '2019-09-14T18:13:17.0618117Z', Date.UTC(2019, 8, 14, 18, 13, 17, 61)],
    ['2019-09-14T18:13:17.0618117-00:00', '2019-09-14T18:13:17.0618117Z', Date.UTC(2019, 8, 14, 18, 13, 17, 61)],
    ['2019-09-14T18:13:17+0000', '2019-09-14T18:13:17Z', Date.UTC(2019, 8, 14, 18, 13, 17)],
    ['2019-09-14T20:13:17.0618117+02:00', '2019-09-14T18:13:17.0618117Z', Date.UTC(2019, 8, 14, 18, 13, 17, 61)],
    ['2019-09-14T00:30:00.5-05:30', '2019-09-14T06:00:00.5Z', Date.UTC(2019, 8, 14, 6, 0, 0, 500)],
    ['2019-12-31T23:13:17.1234567-01:00', '2020-01-01T00:13:17.1234567Z', Date.UTC(2020, 0, 1, 0, 13, 17, 123)],
    ['2019-09-14T18:13:17.06', '2019-09-14T18:13:17.06Z', Date.UTC(2019, 8, 14, 18, 13, 17, 60)],
  ])('time %s → %s', (wire, time, timestamp) => {
    const event = normalize({ ...minimal, activityDateTime: wire });
    expect(event.time).toBe(time);
    expect(event.timestamp).toBe(timestamp);
  });

  it('gives a NaN timestamp, not a crash, for an activityDateTime that is no date', () => {
    const event = normalize({ ...minimal, activityDateTime: 'yesterday' });
    expect(event.time).toBe('yesterday');
    expect(event.timestamp).toBeNaN();
  });

  it('canonicalizes the category and keeps the wire spelling only when it differs', () => {
    const spaced = normalize({ ...minimal, category: 'Directory Management' });
    expect(spaced.category).toBe('DirectoryManagement');
    expect(spaced.categoryRaw).toBe('Directory Management');
    const legacy = normalize({ ...minimal, category: 'Key' });
    expect(legacy.category).toBe('KeyManagement');
    expect(legacy.categoryRaw).toBe('Key');
    const canonical = normalize({ ...minimal, category: 'KeyManagement' });
    expect(canonical.category).toBe('KeyManagement');
    expect('categoryRaw' in canonical).toBe(false);
    const coreDirectory = normalize({ ...minimal, category: 'UserManagement' });
    expect(coreDirectory.category).toBe('UserManagement');
    expect('categoryRaw' in coreDirectory).toBe(false);
    const device = normalize({ ...minimal, category: 'Device' });
    expect(device.category).toBe('Other');
    expect(device.categoryRaw).toBe('Device');
  });
});
