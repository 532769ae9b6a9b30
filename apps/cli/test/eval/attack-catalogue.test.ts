import { fileURLToPath } from 'node:url';
import { defaultAuditServices, normalize, type AuditEvent, type DirectoryAudit } from '@b2c-alerts/audit-client';
import { groupKey, loadRuleSet, RuleMatcher, type RuleSet } from '@b2c-alerts/rule-engine';
import { attackCatalogue, generateTraffic, type PlantedAttack } from '@b2c-alerts/testkit';
import { beforeAll, describe, expect, it } from 'vitest';
import { configuredPack } from '../../src/eval/configured-pack.js';

// testkit's catalogue of planted attacks against the shipped pack: each attack's raw records normalize
// to the facts the rule written for it matches and groups by.
const rulesDir = fileURLToPath(new URL('../../../../rules/', import.meta.url));
const at = Date.parse('2026-03-03T10:17:00Z');
const tenant = 'contosob2c.onmicrosoft.com';
/** Expected rules not in the shipped pack yet. */
const pending = ['b2c.directory.user-created-then-privileged-role'];
const withRecords = attackCatalogue.filter((attack) => attack.outage === undefined);

const events = (attack: PlantedAttack): AuditEvent[] => attack.records(at).map((raw) => normalize(raw, { tenant }));
const byId = (id: string) => attackCatalogue.find((attack) => attack.id === id)!;

describe('attackCatalogue', () => {
  let pack: RuleSet;
  let matcher: RuleMatcher;

  beforeAll(async () => {
    const loaded = await loadRuleSet(rulesDir, {});
    pack = configuredPack(loaded.ruleSet!);
    matcher = new RuleMatcher(pack.rules, pack);
  });

  it('has at least 20 kinds of attack, each with an id, a label, a kind and rules of the shipped pack to expect', () => {
    expect(attackCatalogue.length).toBeGreaterThanOrEqual(20);
    expect(new Set(attackCatalogue.map((attack) => attack.id)).size).toBe(attackCatalogue.length);
    const ids = new Set(pack.rules.map((rule) => rule.id));
    for (const attack of attackCatalogue) {
      expect(attack.label.length, attack.id).toBeGreaterThan(20);
      expect(attack.kind, attack.id).toMatch(/^T\d{4}/);
      expect(attack.expectedRules.length, attack.id).toBeGreaterThan(0);
      for (const rule of attack.expectedRules) expect(ids.has(rule) || pending.includes(rule), rule).toBe(true);
    }
    // Together they exercise most of the pack's detections.
    expect(new Set(attackCatalogue.flatMap((attack) => attack.expectedRules)).size).toBeGreaterThanOrEqual(24);
  });

  it.each(withRecords.map((attack) => [attack.id, attack] as const))(
    '%s: deterministic records in ascending time within its duration, in the shapes of their service',
    (_, attack) => {
      const records = attack.records(at);
      expect(records.length).toBeGreaterThan(0);
      expect(attack.records(at)).toEqual(records);
      const later = new Set(attack.records(at + 3_600_000).map((record) => record.id));
      expect(records.some((record) => later.has(record.id))).toBe(false);
      expect(new Set(records.map((record) => record.id)).size).toBe(records.length);
      let previous = at;
      for (const record of records) {
        const time = Date.parse(record.activityDateTime);
        expect(time).toBeGreaterThanOrEqual(previous);
        expect(time).toBeLessThan(at + attack.durationMs);
        previous = time;
        if (record.loggedByService === 'B2C') {
          expect(record.operationType).toBe('');
          expect(record.additionalDetails).toContainEqual({ key: 'TenantId', value: tenant });
        } else {
          expect(['Add', 'Update', 'Delete', 'Assign', 'Unassign']).toContain(record.operationType);
          expect(record.resultReason).toBe('');
        }
      }
    },
  );

  it.each(withRecords.map((attack) => [attack.id, attack] as const))(
    '%s: its records match the rule written for it, with the facts it groups by',
    (_, attack) => {
      const expected = attack.expectedRules.filter((rule) => !pending.includes(rule));
      for (const id of expected) {
        const matching = events(attack).filter((event) => matcher.match(event).some((rule) => rule.id === id));
        expect(matching.length, id).toBeGreaterThan(0);
        const rule = pack.rules.find((r) => r.id === id)!;
        if (rule.aggregate === undefined) continue;
        for (const event of matching)
          for (const value of Object.values(groupKey(id, rule.aggregate.groupBy, event).values))
            expect(value, `${id} groups ${event.id} by nothing`).not.toBe('');
      }
    },
  );

  it('directory attacks carry the role, member, app, credential, consent, owner and redirect-URI facts', () => {
    const [role] = events(byId('privileged-role-by-intruder'));
    expect(role).toMatchObject({
      activity: 'Add member to role',
      role: { name: 'Global Administrator', templateId: '62e90394-69f5-4237-9190-012177145e10' },
      member: { type: 'User', upn: `svc-backup@${tenant}` },
      actor: { upn: `mallory@${tenant}` },
    });
    expect(events(byId('first-app-credential'))[0]).toMatchObject({
      app: { appId: 'b7c3a9e1-4d25-4f68-9a0b-5e2c8d1f6a47' },
      credential: { type: 'secret', added: 1, first: true },
    });
    expect(events(byId('app-secret-outside-pipeline'))[0]).toMatchObject({
      app: { name: 'Contoso Web' },
      credential: { type: 'secret', added: 1, first: false },
    });
    for (const consent of events(byId('high-risk-consent')))
      expect(consent).toMatchObject({
        app: { id: '6d2a9f4c-1e85-4b37-a0c6-e9f3b5d1a782', name: 'Tenant Backup Tool' },
        consent: { permissions: ['RoleManagement.ReadWrite.Directory'] },
      });
    expect(events(byId('app-owner-added'))[0]).toMatchObject({
      owner: { upn: `eve.outsider@${tenant}` },
      app: { name: 'Contoso Web' },
    });
    expect(events(byId('redirect-uri-added'))[0]).toMatchObject({
      redirectUris: { added: ['https://token-harvest.example/callback'], removed: [] },
    });
    expect(events(byId('domain-federated')).map((event) => event.target?.displayName)).toEqual([
      'login.contoso-support.example',
      'login.contoso-support.example',
      'login.contoso-support.example',
    ]);
  });

  it('the backdoor admin: a user created, then that user given a privileged role by the same account', () => {
    const [created, assigned] = events(byId('user-created-then-privileged-role'));
    expect(created).toMatchObject({ activity: 'Add user', actor: { type: 'user' }, target: { type: 'User' } });
    expect(assigned).toMatchObject({ activity: 'Add member to role', member: { id: created!.target!.id } });
    expect(assigned!.actor.upn).toBe(created!.actor.upn);
    expect(pack.lists['privileged-roles']).toContain(assigned!.role!.templateId);
    expect(pack.lists['role-managers']).toContain(assigned!.actor.upn);
    expect(assigned!.timestamp - created!.timestamp).toBeLessThan(3_600_000);
  });

  it('the brute force names its account by object id only, as B2C records some failed checks', () => {
    for (const event of events(byId('brute-force-one-account'))) {
      expect(event.details.LocalAccountUsername).toBeUndefined();
      expect(event.target?.id).toBe(events(byId('brute-force-one-account'))[0]!.target!.id);
    }
  });

  it('the MFA weakening is logged by the Conditional Access and Authentication Methods services, read by default', () => {
    const services = byId('auth-policy-weakened')
      .records(at)
      .map((record) => record.loggedByService);
    expect(services).toEqual(['Conditional Access', 'Authentication Methods']);
    for (const service of services) expect(defaultAuditServices).toContain(service);
  });

  it('outages plant nothing and remove benign records: whole B2C sessions, or everything B2C logs', () => {
    const hour: DirectoryAudit[] = [...generateTraffic({ seed: 5, start: at, end: at + 3_600_000 })];
    const full = byId('full-outage').outage!;
    const partial = byId('partial-sign-in-outage').outage!;
    expect(byId('full-outage').records(at)).toEqual([]);
    for (const record of hour) {
      const signUpUser =
        record.activityDisplayName === 'Add user' && record.initiatedBy?.app?.displayName === 'B2C sign-up';
      expect(full.removes(record), record.activityDisplayName ?? '').toBe(
        record.loggedByService === 'B2C' || signUpUser,
      );
      if (record.loggedByService !== 'B2C') expect(partial.removes(record)).toBe(false);
    }
    const sessions = new Map<string, boolean[]>();
    for (const record of hour.filter((r) => r.loggedByService === 'B2C'))
      sessions.set(record.correlationId!, [...(sessions.get(record.correlationId!) ?? []), partial.removes(record)]);
    for (const removed of sessions.values()) expect(new Set(removed).size).toBe(1);
    const lost = [...sessions.values()].filter((removed) => removed[0]).length / sessions.size;
    expect(lost).toBeGreaterThan(0.65);
    expect(lost).toBeLessThan(0.85);
  });
});
