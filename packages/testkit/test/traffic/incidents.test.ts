import { describe, expect, it } from 'vitest';
import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { formatActivityDateTime, generateTraffic, incidents, knownAdmins } from '../../src/index.js';
import { isB2cActivity } from '../../src/traffic/activity-catalog.js';

const AT = Date.parse('2026-01-05T14:00:00Z');
const FIVE_MIN = 300_000;

function detail(e: DirectoryAudit, key: string): string | undefined {
  return e.additionalDetails?.find((d) => d.key === key)?.value ?? undefined;
}

function expectWellFormed(events: DirectoryAudit[]): void {
  let previous = formatActivityDateTime(AT);
  for (const e of events) {
    expect(isB2cActivity(e.activityDisplayName!, e.category!)).toBe(true);
    expect(e.activityDateTime >= previous).toBe(true);
    expect(Date.parse(e.activityDateTime) - AT).toBeLessThan(FIVE_MIN);
    previous = e.activityDateTime;
  }
  expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
}

describe('incidents', () => {
  it('policyKeyDeleted: an admin outside the known set deletes a keyset', () => {
    const events = incidents.policyKeyDeleted(AT);
    expectWellFormed(events);
    const deleted = events.filter((e) => e.activityDisplayName === 'Delete policy key');
    expect(deleted).toHaveLength(1);
    expect(deleted[0]).toMatchObject({ category: 'KeyManagement', result: 'success', loggedByService: 'B2C' });
    expect(deleted[0]!.targetResources![0]!.id).toBe('B2C_1A_TokenSigningKeyContainer');
    const upn = deleted[0]!.initiatedBy!.user!.userPrincipalName!;
    expect(knownAdmins().map((a) => a.upn)).not.toContain(upn);

    const custom = incidents.policyKeyDeleted(AT, {
      actorUpn: 'eve@fabrikamb2c.onmicrosoft.com',
      keyset: 'B2C_1A_FacebookSecret',
      tenant: 'fabrikamb2c.onmicrosoft.com',
    });
    const del = custom.find((e) => e.activityDisplayName === 'Delete policy key')!;
    expect(del.initiatedBy!.user!.userPrincipalName).toBe('eve@fabrikamb2c.onmicrosoft.com');
    expect(del.targetResources![0]!.id).toBe('B2C_1A_FacebookSecret');
    expect(detail(del, 'TenantId')).toBe('fabrikamb2c.onmicrosoft.com');
  });

  it('customPolicyBurst: N updates by one actor within a few minutes', () => {
    const events = incidents.customPolicyBurst(AT, { count: 12, actorUpn: 'alex.wilber@contosob2c.onmicrosoft.com' });
    expectWellFormed(events);
    expect(events).toHaveLength(12);
    for (const e of events) {
      expect(e).toMatchObject({ activityDisplayName: 'Update custom policy', category: 'ResourceManagement' });
      expect(e.initiatedBy!.user!.userPrincipalName).toBe('alex.wilber@contosob2c.onmicrosoft.com');
    }
    expect(Date.parse(events.at(-1)!.activityDateTime) - Date.parse(events[0]!.activityDateTime)).toBeLessThanOrEqual(
      180_000,
    );
    expect(incidents.customPolicyBurst(AT)).toHaveLength(10);
  });

  it('passwordSpray: credential failures from one IP against many different users within minutes', () => {
    const events = incidents.passwordSpray(AT, { ip: '203.0.113.200', users: 40 });
    expectWellFormed(events);
    expect(events).toHaveLength(40);
    for (const e of events) {
      expect(e).toMatchObject({
        activityDisplayName: 'Validate local account credentials',
        result: 'failure',
        category: 'Authentication',
      });
      expect(detail(e, 'ClientIpAddress')).toBe('203.0.113.200');
      expect(e.resultReason).toMatch(/^AADB2C90225/);
    }
    expect(new Set(events.map((e) => detail(e, 'LocalAccountUsername'))).size).toBe(40);
  });

  it('signedInFrom: a successful password check, then a code and an id_token issued to a client at the IP', () => {
    const events = incidents.signedInFrom(AT, { ip: '203.0.113.200' });
    expectWellFormed(events);
    expect(events.map((e) => [e.activityDisplayName, e.result])).toEqual([
      ['Validate local account credentials', 'success'],
      ['Issue an authorization code to the application', 'success'],
      ['Issue an id_token to the application', 'success'],
    ]);
    for (const e of events) expect(detail(e, 'ClientIpAddress')).toBe('203.0.113.200');
    expect(new Set(events.map((e) => e.correlationId)).size).toBe(1);
  });

  it('is deterministic per arguments and never collides with generated traffic', () => {
    expect(incidents.passwordSpray(AT)).toEqual(incidents.passwordSpray(AT));
    expect(incidents.passwordSpray(AT)[0]!.id).not.toBe(incidents.passwordSpray(AT + 1)[0]!.id);
    const planted = [
      ...incidents.policyKeyDeleted(AT),
      ...incidents.customPolicyBurst(AT + 60_000),
      ...incidents.passwordSpray(AT + 120_000),
      ...incidents.signedInFrom(AT + 180_000),
    ];
    const ids = new Set(planted.map((e) => e.id));
    expect(ids.size).toBe(planted.length);
    for (const e of generateTraffic({ seed: 1, start: AT - 3_600_000, end: AT + 3_600_000 }))
      expect(ids.has(e.id)).toBe(false);
  });
});
