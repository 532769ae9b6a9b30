import { normalize, type DirectoryAudit } from '@b2c-alerts/audit-client';
import { describe, expect, it } from 'vitest';
import {
  deploymentPipeline,
  generateTraffic,
  knownAdmins,
  roleManagers,
  signUpService,
  userAdmins,
} from '../../src/index.js';
import { b2cApps } from '../../src/traffic/traffic-population.js';

const START = Date.parse('2026-01-01T00:00:00Z');
const HOUR = 3_600_000;
const DAYS = 3;

const threeDays = [...generateTraffic({ seed: 11, start: START, end: START + DAYS * 24 * HOUR, eventsPerHour: 2800 })];
const directory = threeDays.filter((e) => e.loggedByService === 'Core Directory');
const named = (activity: string) => directory.filter((e) => e.activityDisplayName === activity);
const time = (e: DirectoryAudit) => Date.parse(e.activityDateTime);

describe('generateTraffic: Core Directory churn', () => {
  it('adds a small directory share to the B2C traffic, and leaves the B2C records of a seed as they were', () => {
    const share = directory.length / threeDays.length;
    expect(share).toBeGreaterThan(0.005);
    expect(share).toBeLessThan(0.05);
    const options = { seed: 4, start: START, end: START + 30 * HOUR, eventsPerHour: 600 };
    const without = [...generateTraffic({ ...options, directory: false })];
    const withDirectory = [...generateTraffic(options)];
    expect(without.every((e) => e.loggedByService === 'B2C')).toBe(true);
    expect(withDirectory.filter((e) => e.loggedByService === 'B2C')).toEqual(without);
    expect(withDirectory.length).toBeGreaterThan(without.length);
    expect([...generateTraffic(options)]).toEqual(withDirectory); // deterministic
  });

  it('creates the user of every completed sign-up through Core Directory, just before B2C says it completed', () => {
    const completed = threeDays.filter((e) => e.activityDisplayName === 'A self-service sign-up request was completed');
    const added = named('Add user');
    expect(added.length).toBe(completed.length);
    expect(added.length).toBeGreaterThan(DAYS * 100);
    const addedBy = new Map(added.map((e) => [e.targetResources![0]!.id, e]));
    const misses = completed.filter((e) => {
      const add = addedBy.get(e.targetResources![0]!.id!);
      return add === undefined || time(add) > time(e) || time(e) - time(add) > 1000;
    });
    expect(misses.map((e) => e.id)).toEqual([]);
    for (const e of added.slice(0, 50)) {
      expect(e).toMatchObject({
        category: 'UserManagement',
        operationType: 'Add',
        resultReason: '',
        result: 'success',
      });
      expect(e.initiatedBy!.app!.displayName).toBe(signUpService().displayName);
      expect(normalize(e)).toMatchObject({
        actor: { type: 'app' },
        target: { type: 'User' },
        category: 'UserManagement',
      });
    }
  });

  it('has the deployment pipeline rotate every app secret once a day: a new secret, then the old one removed', () => {
    const rotations = named('Update application – Certificates and secrets management ').map((e) => normalize(e));
    expect(rotations).toHaveLength(DAYS * b2cApps.length * 2);
    const pipeline = deploymentPipeline();
    for (const event of rotations) {
      expect(event.actor).toMatchObject({ type: 'app', id: pipeline.servicePrincipalId, name: pipeline.displayName });
      expect(event.credential).toMatchObject({ type: 'secret', keyType: 'Password', usage: 'Verify' });
      expect(event.credential!.first).not.toBe(true); // never an app's first credential
    }
    const adds = rotations.filter((e) => e.credential!.added === 1 && e.credential!.removed === 0);
    const removals = rotations.filter((e) => e.credential!.added === 0 && e.credential!.removed === 1);
    expect(adds).toHaveLength(DAYS * b2cApps.length);
    expect(removals).toHaveLength(DAYS * b2cApps.length);
    // The key added one day is the one removed the next.
    for (const app of b2cApps) {
      const mine = rotations.filter((e) => e.app?.id === app.objectId);
      expect(mine.every((e) => e.app!.appId === app.clientId)).toBe(true);
      const added = mine.filter((e) => e.credential!.added === 1).map((e) => e.credential!.keyId);
      const removed = mine.filter((e) => e.credential!.removed === 1).map((e) => e.credential!.keyId);
      expect(removed.slice(1)).toEqual(added.slice(0, -1));
    }
  });

  it('has only the role managers change roles, now and then, each role taken back within hours', () => {
    const managers = new Set(roleManagers().map((a) => a.upn));
    const adds = named('Add member to role').map((e) => normalize(e));
    const removals = named('Remove member from role').map((e) => normalize(e));
    expect(adds.length).toBeGreaterThanOrEqual(1);
    expect(adds.length).toBeLessThanOrEqual(DAYS * 2);
    for (const event of [...adds, ...removals]) {
      expect(managers.has(event.actor.upn!)).toBe(true);
      expect(event.role?.name).toBeDefined();
      expect(event.role?.templateId).toMatch(/^[0-9a-f-]{36}$/);
      expect(managers.has(event.member!.upn!)).toBe(false);
    }
    for (const add of adds) {
      const removal = removals.find(
        (r) => r.member!.id === add.member!.id && r.role!.name === add.role!.name && r.timestamp > add.timestamp,
      );
      if (removal === undefined) {
        expect(add.timestamp).toBeGreaterThan(START + DAYS * 24 * HOUR - 8 * HOUR); // taken back after the scenario
        continue;
      }
      expect(removal.timestamp - add.timestamp).toBeGreaterThanOrEqual(2 * HOUR);
      expect(removal.timestamp - add.timestamp).toBeLessThanOrEqual(8 * HOUR);
    }
    expect(adds.some((e) => e.role!.name === 'Global Administrator')).toBe(false);
  });

  it('has user administrators manage consumer accounts a few times a day, never a burst of deletions', () => {
    const admins = new Set(userAdmins().map((a) => a.upn));
    expect(roleManagers().every((m) => knownAdmins().some((a) => a.upn === m.upn))).toBe(true);
    const managed = directory.filter((e) =>
      ['Update user', 'Reset user password', 'Delete user'].includes(e.activityDisplayName!),
    );
    expect(managed.length).toBeGreaterThanOrEqual(DAYS * 2);
    expect(managed.length).toBeLessThanOrEqual(DAYS * 24);
    expect(
      managed.every((e) => admins.has(e.initiatedBy!.user!.userPrincipalName!) && !!e.initiatedBy!.user!.ipAddress),
    ).toBe(true);
    const deletions = named('Delete user').map(time);
    expect(deletions.filter((t) => deletions.filter((u) => u >= t && u < t + HOUR).length > 2)).toEqual([]);
  });
});
