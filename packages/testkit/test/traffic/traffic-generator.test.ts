import { describe, expect, it } from 'vitest';
import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { formatActivityDateTime, generateTraffic, knownAdmins, type TrafficOptions } from '../../src/index.js';
import { isB2cActivity } from '../../src/traffic/activity-catalog.js';
import { isDirectoryActivity } from '../../src/traffic/directory-activity-catalog.js';

const START = Date.parse('2026-01-01T00:00:00Z');
const HOUR = 3_600_000;
const ID = /^(?:B2C|Directory)_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}_[A-Z0-9]{5}_\d{8,}$/;
const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/;

function take(options: TrafficOptions, n = Infinity): DirectoryAudit[] {
  const out: DirectoryAudit[] = [];
  for (const e of generateTraffic(options)) {
    if (out.length >= n) break;
    out.push(e);
  }
  return out;
}

function detail(e: DirectoryAudit, key: string): string | undefined {
  return e.additionalDetails?.find((d) => d.key === key)?.value ?? undefined;
}

/** Records that break `rule`, as short labels: the assertions below compare these lists to []. */
function violations(events: DirectoryAudit[], rule: (e: DirectoryAudit) => boolean): string[] {
  return events
    .filter((e) => !rule(e))
    .slice(0, 5)
    .map((e) => `${e.id} ${e.activityDisplayName}`);
}

// Three days at the volume of the export scenario, shared by the property tests below.
const threeDays = take({ seed: 11, start: START, end: START + 72 * HOUR, eventsPerHour: 2800 });
// B2C's own records: the shapes of the published B2C samples.
const b2c = threeDays.filter((e) => e.loggedByService === 'B2C');

describe('generateTraffic', () => {
  it('is deterministic: same seed, same records; another seed, other ids', () => {
    const options = { seed: 3, start: START, end: START + 2 * HOUR };
    const a = take(options);
    const b = take(options);
    expect(a.length).toBeGreaterThan(1000);
    expect(b).toEqual(a);
    const c = take({ ...options, seed: 4 });
    expect(c.map((e) => e.id)).not.toEqual(a.map((e) => e.id));
  });

  it('streams 100k records with unique, well-formed ids in ascending activityDateTime', () => {
    const events = take({ seed: 9, start: START, end: START + 48 * HOUR, eventsPerHour: 2500 }, 100_000);
    expect(events).toHaveLength(100_000);
    expect(
      violations(
        events,
        (e) => ID.test(e.id) && e.id.includes(`_${e.correlationId}_`) && TIME.test(e.activityDateTime),
      ),
    ).toEqual([]);
    expect(
      events.filter((e, i) => i > 0 && e.activityDateTime < events[i - 1]!.activityDateTime).map((e) => e.id),
    ).toEqual([]);
    expect(new Set(events.map((e) => e.id)).size).toBe(100_000);
  }, 30_000);

  it('stays within [start, end] and near the requested rate', () => {
    expect(threeDays[0]!.activityDateTime >= formatActivityDateTime(START)).toBe(true);
    expect(threeDays.at(-1)!.activityDateTime <= formatActivityDateTime(START + 72 * HOUR)).toBe(true);
    expect(b2c.length).toBeGreaterThan(72 * 2800 * 0.85);
    expect(b2c.length).toBeLessThan(72 * 2800 * 1.15);
  });

  it('puts idPrefix into every id', () => {
    const events = take({ seed: 1, start: START, end: START + HOUR, idPrefix: 'late' }, 50);
    expect(events).toHaveLength(50);
    expect(violations(events, (e) => /^(?:B2C|Directory)_late_[0-9a-f-]{36}_[A-Z0-9]{5}_\d{8,}$/.test(e.id))).toEqual(
      [],
    );
  });

  it('uses only real activity names, each under one of its real categories', () => {
    expect(violations(b2c, (e) => isB2cActivity(e.activityDisplayName!, e.category!))).toEqual([]);
    expect(
      violations(
        threeDays.filter((e) => e.loggedByService !== 'B2C'),
        (e) => e.loggedByService === 'Core Directory' && isDirectoryActivity(e.activityDisplayName!, e.category!),
      ),
    ).toEqual([]);
    const names = new Set(b2c.map((e) => e.activityDisplayName));
    for (const expected of [
      'Issue an id_token to the application',
      'Issue an access token to the application',
      'Issue an authorization code to the application',
      'Exchange token',
      'Federate with an identity provider',
      'Validate local account credentials',
      'Send SMS to verify phone number',
      'Verify phone number',
      'Register TOTP secret',
      'Send verification email',
      'Verify email address',
      'Get custom policies',
      'Get policy keys',
    ]) {
      expect(names, expected).toContain(expected);
    }
  });

  it('shapes data-plane records like the published B2C samples', () => {
    const dataPlane = b2c.filter((e) => e.initiatedBy?.app);
    expect(dataPlane.length).toBeGreaterThan(b2c.length * 0.99);
    expect(
      violations(
        b2c,
        (e) =>
          e.loggedByService === 'B2C' &&
          e.operationType === '' &&
          detail(e, 'TenantId') === 'contosob2c.onmicrosoft.com',
      ),
    ).toEqual([]);
    expect(
      violations(
        dataPlane,
        (e) =>
          e.initiatedBy!.user === null &&
          e.initiatedBy!.app!.servicePrincipalName === detail(e, 'ApplicationId') &&
          /^B2C_1A?_/.test(detail(e, 'PolicyId') ?? '') &&
          !!detail(e, 'Client') &&
          !!detail(e, 'ClientIpAddress') &&
          (e.result !== 'success' || e.resultReason === 'N/A'),
      ),
    ).toEqual([]);
    expect(dataPlane.some((e) => e.initiatedBy!.app!.appId === 'N/A')).toBe(true);
    const byName = (name: string) => b2c.filter((e) => e.activityDisplayName === name);
    expect(
      violations(
        byName('Exchange token'),
        (e) =>
          ['authorization_code', 'refresh_token'].includes(detail(e, 'GrantType') ?? '') &&
          e.targetResources === undefined,
      ),
    ).toEqual([]);
    expect(
      violations(byName('Validate local account credentials'), (e) =>
        /@/.test(detail(e, 'LocalAccountUsername') ?? ''),
      ),
    ).toEqual([]);
    expect(
      violations(byName('Federate with an identity provider'), (e) => !!detail(e, 'IdentityProviderName')),
    ).toEqual([]);
    expect(
      violations(byName('Issue an id_token to the application'), (e) => e.targetResources?.[0]?.type === 'User'),
    ).toEqual([]);
  });

  it('has admin activity only by the known admins, rare, with no policy key deletes and no policy-update bursts', () => {
    const admins = new Set(knownAdmins().map((a) => a.upn));
    const admin = b2c.filter((e) => e.initiatedBy?.user);
    expect(admin.length).toBeGreaterThan(5);
    expect(admin.length).toBeLessThan(100);
    expect(
      violations(admin, (e) => admins.has(e.initiatedBy!.user!.userPrincipalName!) && !!e.initiatedBy!.user!.ipAddress),
    ).toEqual([]);
    expect(
      threeDays.filter((e) => ['Delete policy key', 'Restore policy key'].includes(e.activityDisplayName!)),
    ).toEqual([]);
    const updates = admin
      .filter((e) => e.activityDisplayName === 'Update custom policy')
      .map((e) => Date.parse(e.activityDateTime));
    expect(updates.length).toBeGreaterThan(0);
    const gaps = updates.slice(1).map((t, i) => t - updates[i]!);
    expect(gaps.filter((g) => g <= HOUR)).toEqual([]);
  });

  it('has benign credential failures spread over many users and IPs, never a spray', () => {
    const failures = threeDays.filter((e) => e.result === 'failure');
    expect(failures.length).toBeGreaterThan(100);
    expect(
      violations(
        failures,
        (e) =>
          e.activityDisplayName === 'Validate local account credentials' &&
          /^AADB2C9\d{4}: /.test(e.resultReason ?? ''),
      ),
    ).toEqual([]);
    expect(new Set(failures.map((e) => detail(e, 'ClientIpAddress'))).size).toBeGreaterThan(failures.length * 0.5);
    expect(new Set(failures.map((e) => detail(e, 'LocalAccountUsername'))).size).toBeGreaterThan(failures.length * 0.5);
    // No IP fails for more than 2 distinct users within any 10 minutes.
    const byIp = new Map<string, Array<{ t: number; user: string }>>();
    for (const e of failures) {
      const ip = detail(e, 'ClientIpAddress')!;
      byIp.set(ip, [
        ...(byIp.get(ip) ?? []),
        { t: Date.parse(e.activityDateTime), user: detail(e, 'LocalAccountUsername')! },
      ]);
    }
    const sprayLike = [...byIp].filter(([, list]) =>
      list.some(({ t }) => new Set(list.filter((x) => x.t >= t && x.t < t + 600_000).map((x) => x.user)).size > 2),
    );
    expect(sprayLike).toEqual([]);
  });

  it('refuses a window that ends before it starts', () => {
    expect(() => take({ start: START, end: START - 1 })).toThrow(RangeError);
    expect(() => take({ start: START, end: START + HOUR, eventsPerHour: 0 })).toThrow(RangeError);
  });
});
