import { describe, expect, it } from 'vitest';
import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { formatActivityDateTime, generateTraffic, isB2cActivity, knownAdmins, type TrafficOptions } from '../src/index.js';

const START = Date.parse('2026-01-01T00:00:00Z');
const HOUR = 3_600_000;
const ID = /^B2C_[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}_[A-Z0-9]{5}_\d{8,}$/;
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

// Three days at the volume of the export scenario, shared by the property tests below.
const threeDays = take({ seed: 11, start: START, end: START + 72 * HOUR, eventsPerHour: 2800 });

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
    const ids = new Set<string>();
    let previous = '';
    for (const e of events) {
      expect(e.id).toMatch(ID);
      expect(e.id).toContain(`_${e.correlationId}_`);
      expect(e.activityDateTime).toMatch(TIME);
      expect(e.activityDateTime >= previous).toBe(true);
      previous = e.activityDateTime;
      ids.add(e.id);
    }
    expect(ids.size).toBe(100_000);
  });

  it('stays within [start, end] and near the requested rate', () => {
    expect(threeDays[0]!.activityDateTime >= formatActivityDateTime(START)).toBe(true);
    expect(threeDays.at(-1)!.activityDateTime <= formatActivityDateTime(START + 72 * HOUR)).toBe(true);
    expect(threeDays.length).toBeGreaterThan(72 * 2800 * 0.85);
    expect(threeDays.length).toBeLessThan(72 * 2800 * 1.15);
  });

  it('puts idPrefix into every id', () => {
    const events = take({ seed: 1, start: START, end: START + HOUR, idPrefix: 'late' }, 50);
    for (const e of events) expect(e.id).toMatch(/^B2C_late_[0-9a-f-]{36}_[A-Z0-9]{5}_\d{8,}$/);
  });

  it('uses only real B2C activity names, each under one of its real categories', () => {
    const names = new Set<string>();
    for (const e of threeDays) {
      expect(isB2cActivity(e.activityDisplayName!, e.category!), `${e.activityDisplayName} / ${e.category}`).toBe(true);
      names.add(e.activityDisplayName!);
    }
    for (const expected of [
      'Issue an id_token to the application', 'Issue an access token to the application', 'Issue an authorization code to the application',
      'Exchange token', 'Federate with an identity provider', 'Validate local account credentials', 'Send SMS to verify phone number',
      'Verify phone number', 'Register TOTP secret', 'Send verification email', 'Verify email address', 'Get custom policies', 'Get policy keys',
    ]) {
      expect(names, expected).toContain(expected);
    }
  });

  it('shapes data-plane records like the published B2C samples', () => {
    const tenant = 'contosob2c.onmicrosoft.com';
    let naAppIds = 0;
    for (const e of threeDays) {
      expect(e.loggedByService).toBe('B2C');
      expect(e.operationType).toBe('');
      expect(detail(e, 'TenantId')).toBe(tenant);
      if (e.initiatedBy?.app) {
        expect(e.initiatedBy.user).toBeNull();
        expect(e.initiatedBy.app.servicePrincipalName).toBe(detail(e, 'ApplicationId'));
        expect(detail(e, 'PolicyId')).toMatch(/^B2C_1A?_/);
        expect(detail(e, 'Client')).toBeTruthy();
        expect(detail(e, 'ClientIpAddress')).toBeTruthy();
        if (e.initiatedBy.app.appId === 'N/A') naAppIds++;
      }
      if (e.activityDisplayName === 'Exchange token') {
        expect(['authorization_code', 'refresh_token']).toContain(detail(e, 'GrantType'));
        expect(e.targetResources).toBeUndefined();
      }
      if (e.activityDisplayName === 'Validate local account credentials') expect(detail(e, 'LocalAccountUsername')).toMatch(/@/);
      if (e.activityDisplayName === 'Federate with an identity provider') expect(detail(e, 'IdentityProviderName')).toBeTruthy();
      if (e.result === 'success') expect(e.resultReason).toBe('N/A');
    }
    expect(naAppIds).toBeGreaterThan(0);
  });

  it('has admin activity only by the known admins, rare, with no policy key deletes and no policy-update bursts', () => {
    const admins = new Set(knownAdmins().map((a) => a.upn));
    const admin = threeDays.filter((e) => e.initiatedBy?.user);
    expect(admin.length).toBeGreaterThan(5);
    expect(admin.length).toBeLessThan(100);
    for (const e of admin) {
      expect(admins).toContain(e.initiatedBy!.user!.userPrincipalName);
      expect(e.initiatedBy!.user!.ipAddress).toBeTruthy();
      expect(['Delete policy key', 'Restore policy key']).not.toContain(e.activityDisplayName);
    }
    const updates = admin.filter((e) => e.activityDisplayName === 'Update custom policy').map((e) => Date.parse(e.activityDateTime));
    expect(updates.length).toBeGreaterThan(0);
    for (let i = 1; i < updates.length; i++) expect(updates[i]! - updates[i - 1]!).toBeGreaterThan(HOUR);
  });

  it('has benign credential failures spread over many users and IPs, never a spray', () => {
    const failures = threeDays.filter((e) => e.result === 'failure');
    expect(failures.length).toBeGreaterThan(100);
    for (const e of failures) {
      expect(e.activityDisplayName).toBe('Validate local account credentials');
      expect(e.resultReason).toMatch(/^AADB2C9\d{4}: /);
    }
    expect(new Set(failures.map((e) => detail(e, 'ClientIpAddress'))).size).toBeGreaterThan(failures.length * 0.7);
    // No IP fails for more than 2 distinct users within any 10 minutes.
    const byIp = new Map<string, Array<{ t: number; user: string }>>();
    for (const e of failures) {
      const ip = detail(e, 'ClientIpAddress')!;
      const list = byIp.get(ip) ?? [];
      list.push({ t: Date.parse(e.activityDateTime), user: detail(e, 'LocalAccountUsername')! });
      byIp.set(ip, list);
    }
    for (const list of byIp.values()) {
      for (const { t } of list) {
        const users = new Set(list.filter((x) => x.t >= t && x.t < t + 600_000).map((x) => x.user));
        expect(users.size).toBeLessThanOrEqual(2);
      }
    }
  });

  it('refuses a window that ends before it starts', () => {
    expect(() => take({ start: START, end: START - 1 })).toThrow(RangeError);
    expect(() => take({ start: START, end: START + HOUR, eventsPerHour: 0 })).toThrow(RangeError);
  });
});
