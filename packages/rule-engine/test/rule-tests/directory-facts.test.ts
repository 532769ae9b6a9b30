import { describe, expect, it } from 'vitest';
import { loadRuleSet, runRuleTests } from '../../src/index.js';
import { buildTestEvents } from '../../src/rule-tests/build-test-events.js';
import { testEventSchema } from '../../src/rule-tests/tests-file-schema.js';
import { makeRuleDir } from '../helpers/rule-dir.js';

// Rules over the directory facts normalize() derives from Core Directory records (role, member, app,
// owner, credential, consent, redirectUris): the loader accepts them, compact test events can give them,
// and raw records get them from normalize().
const roleRule = `id: b2c.directory.privileged-role
title: Privileged role assigned
severity: high
description: A privileged directory role was given to someone.
match:
  all:
    - { fact: activity, operator: equal, value: Add member to role }
    - { fact: role.name, operator: in, value: [Global Administrator, B2C IEF Keyset Administrator] }
throttle: { key: [member.name, role.name], for: 1h }
fields: [role.name, member.name, actor.name]
`;
const roleTests = `cases:
  - name: fires on a compact event naming the role and member
    events:
      - { activity: Add member to role, category: RoleManagement, role: { name: Global Administrator }, member: { upn: svc@contoso.example } }
    expect:
      - { event: { role: { name: Global Administrator }, member: { name: svc@contoso.example } } }
  - name: fires on a raw record, its facts from normalize()
    events:
      - raw:
          id: Directory_raw_1
          category: RoleManagement
          loggedByService: Core Directory
          activityDisplayName: Add member to role
          initiatedBy: { user: { userPrincipalName: mallory@contoso.example, ipAddress: 192.0.2.66 } }
          targetResources:
            - id: 3b9e6d21
              type: User
              userPrincipalName: svc@contoso.example
              modifiedProperties:
                - { displayName: Role.DisplayName, newValue: '"B2C IEF Keyset Administrator"' }
                - { displayName: Role.TemplateId, newValue: '"aaf43236-0c0d-4d5f-883a-6955382ac081"' }
    expect:
      - { eventIds: [Directory_raw_1], event: { role: { templateId: aaf43236-0c0d-4d5f-883a-6955382ac081 }, member: { id: 3b9e6d21 } } }
  - name: stays silent for another role
    events:
      - { activity: Add member to role, role: { name: Reports Reader }, member: { upn: svc@contoso.example } }
    expect: []
`;
const credentialRule = `id: b2c.directory.first-credential
title: First credential of an app
severity: high
description: An application got its first secret or certificate.
match:
  all:
    - { fact: credential.added, operator: greaterThan, value: 0 }
    - { fact: credential.first, operator: equal, value: true }
fields: [app.name, credential.type, credential.keyId]
`;
const credentialTests = `cases:
  - name: fires on a first secret, compact
    events:
      - { activity: Add service principal credentials, app: { displayName: orders-api }, credential: { type: secret, first: true } }
    expect:
      - { event: { app: { name: orders-api }, credential: { added: 1, removed: 0 } } }
  - name: stays silent when the app had credentials, and on a removal
    events:
      - { activity: Add service principal credentials, credential: { type: certificate, first: false } }
      - { activity: Remove service principal credentials, credential: { added: 0, removed: 1 } }
    expect: []
`;
const consentRule = `id: b2c.directory.high-risk-consent
title: Admin consent to high-risk permissions
severity: high
description: An admin granted a high-risk Graph permission.
match:
  all:
    - { fact: consent.permissions, operator: 'someValue:contains', value: [Directory.ReadWrite.All, RoleManagement.ReadWrite.Directory] }
    - { fact: consent.admin, operator: equal, value: true }
`;
const consentTests = `cases:
  - name: fires when one of the granted permissions is on the list
    events:
      - { activity: Consent to application, consent: { permissions: [User.Read, Directory.ReadWrite.All], admin: true } }
    expect:
      - { ruleId: b2c.directory.high-risk-consent }
  - name: stays silent for low-risk permissions or a user's own consent
    events:
      - { activity: Consent to application, consent: { permissions: [User.Read, offline_access], admin: true } }
      - { activity: Consent to application, consent: { permissions: [Directory.ReadWrite.All], admin: false } }
    expect: []
`;

describe('directory facts in rules and rule tests', () => {
  it('runs rules over role, member, app, credential and consent facts, from compact events and raw records', async () => {
    const { dir, remove } = await makeRuleDir({
      'directory/privileged-role.rule.yaml': roleRule,
      'directory/privileged-role.tests.yaml': roleTests,
      'directory/first-credential.rule.yaml': credentialRule,
      'directory/first-credential.tests.yaml': credentialTests,
      'directory/high-risk-consent.rule.yaml': consentRule,
      'directory/high-risk-consent.tests.yaml': consentTests,
    });
    try {
      const report = await runRuleTests(dir);
      expect(report.problems).toEqual([]);
      expect(report.results.filter((r) => !r.passed).map((r) => ({ case: r.case, diff: r.diff }))).toEqual([]);
      expect(report.results).toHaveLength(7);
    } finally {
      await remove();
    }
  });

  it('refuses a directory fact that does not exist, naming it', async () => {
    const { dir, remove } = await makeRuleDir({
      'directory/bad.rule.yaml': roleRule.replace('role.name, operator: in', 'role.title, operator: in'),
    });
    try {
      const loaded = await loadRuleSet(dir);
      expect(loaded.problems.map((p) => p.message)).toEqual([expect.stringContaining("unknown fact 'role.title'")]);
    } finally {
      await remove();
    }
  });

  it('names members, owners and apps in compact events as normalize() does, and lets vary set a directory fact', () => {
    const events = buildTestEvents([
      testEventSchema.parse({
        activity: 'Add owner to application',
        owner: { id: 'u1', upn: 'eve@x.example' },
        app: { appId: 'app-1' },
        redirectUris: { added: ['https://evil.example/cb'] },
      }),
      testEventSchema.parse({ activity: 'Add member to role', repeat: 2, vary: { 'role.name': ['A', 'B'] } }),
    ]);
    expect(events[0]).toMatchObject({
      owner: { id: 'u1', upn: 'eve@x.example', name: 'eve@x.example' },
      app: { appId: 'app-1', name: 'app-1' },
      redirectUris: { added: ['https://evil.example/cb'], removed: [] },
    });
    expect(events.slice(1).map((e) => e.role)).toEqual([{ name: 'A' }, { name: 'B' }]);
    expect(() => testEventSchema.parse({ activity: 'x', vary: { 'consent.permissions': ['a'] } })).toThrow(
      /vary cannot set 'consent.permissions'/,
    );
  });
});
