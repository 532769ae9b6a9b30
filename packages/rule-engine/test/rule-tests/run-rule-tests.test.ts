import { describe, expect, it } from 'vitest';
import { formatProblem, runRuleTests, type RuleTestsReport } from '../../src/index.js';
import { makeRuleDir } from '../helpers/rule-dir.js';

const keyDeletedRule = `id: b2c.keys.policy-key-deleted
title: Policy key deleted
severity: critical
description: A policy key was deleted by someone outside key-admins.
match:
  all:
    - { fact: activity, operator: equal, value: Delete policy key }
    - { fact: actor.upn, operator: notInList, value: key-admins }
throttle: { key: [actor.name], for: 1h }
`;
const keyDeletedTests = `# yaml-language-server: $schema=../tests.schema.json
rule: b2c.keys.policy-key-deleted
cases:
  - name: fires when someone outside key-admins deletes a policy key
    events:
      - activity: Delete policy key
        category: KeyManagement
        actor: { upn: mallory@contoso.onmicrosoft.com, ip: 203.0.113.7 }
        target: { id: B2C_1A_TokenSigningKeyContainer }
      - { activity: Delete policy key, actor: { upn: mallory@contoso.onmicrosoft.com }, at: +10m }
      - { activity: Delete policy key, actor: { upn: mallory@contoso.onmicrosoft.com }, at: +1h }
    expect:
      - { count: 1, status: firing, groupValues: { actor.name: mallory@contoso.onmicrosoft.com }, eventIds: [test-0-0], firstTime: 2026-01-05T10:00:00Z }
      - { suppressed: 1, eventIds: [test-0-2], event: { actor: { upn: mallory@contoso.onmicrosoft.com }, ip: null } }
  - name: stays silent for a key admin
    events:
      - { activity: Delete policy key, actor: { upn: alice@contoso.onmicrosoft.com } }
    expect: []
`;
const bruteRule = `id: b2c.auth.brute-force
title: Brute force on one account
severity: high
description: Many failed sign-ins for one account.
match:
  all:
    - { fact: activity, operator: equal, value: Validate local account credentials }
    - { fact: result, operator: equal, value: failure }
aggregate: { kind: count, groupBy: target.id, window: 10m, threshold: 5 }
`;
const bruteTests = `cases:
  - name: five failures two minutes apart fire
    events:
      - { activity: Validate local account credentials, result: failure, target: { id: victim }, repeat: 5, every: 2m }
    expect:
      - { count: 5, groupValues: { target.id: victim }, firstTime: 2026-01-05T10:00:00Z, lastTime: 2026-01-05T10:08:00Z, eventIds: [test-0-0, test-0-1, test-0-2, test-0-3, test-0-4] }
  - name: five failures three minutes apart never fill the window
    events:
      - { activity: Validate local account credentials, result: failure, target: { id: victim }, repeat: 5, every: 3m }
    expect: []
  - name: failures spread over five accounts do not add up
    events:
      - { activity: Validate local account credentials, result: failure, repeat: 5, vary: { target.id: 'user-{i}' } }
    expect: []
`;
const sprayRule = `id: b2c.auth.password-spray
title: Password spray from one IP
severity: high
description: Failed sign-ins for many accounts from one address.
match:
  all:
    - { fact: activity, operator: equal, value: Validate local account credentials }
    - { fact: result, operator: equal, value: failure }
aggregate: { kind: distinct, groupBy: ip, field: target.id, window: 10m, threshold: 4 }
`;
const sprayTests = `cases:
  - name: four accounts from one address fire
    start: 2026-03-01T08:00:00Z
    events:
      - { activity: Validate local account credentials, result: failure, ip: 198.51.100.77, repeat: 4, every: 20s, vary: { target.id: 'user-{i}' } }
    expect:
      - { count: 4, groupValues: { ip: 198.51.100.77 }, lastTime: 2026-03-01T08:01:00Z }
  - name: one account four times does not
    events:
      - { activity: Validate local account credentials, result: failure, ip: 198.51.100.77, target: { id: user-1 }, repeat: 4 }
    expect: []
`;
const silentRule = `id: b2c.watchdog.sign-ins-stopped
title: Sign-ins stopped
severity: medium
description: No credential validation for an hour.
enabled: false
match:
  all:
    - { fact: activity, operator: equal, value: Validate local account credentials }
aggregate: { kind: absence, window: 1h }
`;
const silentTests = `cases:
  - name: fires when the gap after the last sign-in passes the window
    events:
      - { activity: Validate local account credentials }
    ticks: [+30m, +2h]
    expect:
      - { status: firing, count: 0, firstTime: 2026-01-05T10:00:00Z, lastTime: 2026-01-05T12:00:00Z }
  - name: resolves when sign-ins return
    events:
      - { activity: Validate local account credentials }
      - { activity: Validate local account credentials, at: +3h }
    ticks: [2026-01-05T12:00:00Z]
    expect:
      - { status: firing, lastTime: 2026-01-05T12:00:00Z }
      - { status: resolved, eventIds: [test-1-1] }
  - name: stays quiet within the window
    events:
      - { activity: Validate local account credentials, repeat: 3, every: 20m }
    ticks: [+59m]
    expect: []
`;
const lists = { 'lists/key-admins.yaml': '- alice@contoso.onmicrosoft.com\n' };

async function withRules(
  files: Record<string, string>,
  run: (dir: string, report: RuleTestsReport) => void | Promise<void>,
): Promise<void> {
  const { dir, remove } = await makeRuleDir(files);
  try {
    await run(dir, await runRuleTests(dir));
  } finally {
    await remove();
  }
}

function failures(report: RuleTestsReport) {
  return report.results.filter((r) => !r.passed).map((r) => ({ ruleId: r.ruleId, case: r.case, diff: r.diff }));
}

describe('runRuleTests', () => {
  it('passes cases of single-event, count, distinct and absence rules: timed sequences, repeat, every, vary and ticks', async () => {
    await withRules(
      {
        ...lists,
        'keys/policy-key-deleted.rule.yaml': keyDeletedRule,
        'keys/policy-key-deleted.tests.yaml': keyDeletedTests,
        'auth/brute-force.rule.yaml': bruteRule,
        'auth/brute-force.tests.yaml': bruteTests,
        'auth/password-spray.rule.yaml': sprayRule,
        'auth/password-spray.tests.yml': sprayTests,
        'watchdog/sign-ins-stopped.rule.yaml': silentRule,
        'watchdog/sign-ins-stopped.tests.yaml': silentTests,
      },
      (dir, report) => {
        expect(report.problems.map(formatProblem)).toEqual([]);
        expect(failures(report)).toEqual([]);
        expect(report).toMatchObject({ passed: 10, failed: 0, warnings: [] });
        expect(report.results.map((r) => [r.kind, r.ruleId, r.case])).toContainEqual([
          'case',
          'b2c.watchdog.sign-ins-stopped',
          'resolves when sign-ins return',
        ]);
        expect(report.results[0]).toMatchObject({ file: `${dir}/auth/brute-force.tests.yaml`, passed: true });
      },
    );
  });

  it('warns, without failing, about a case whose events its rule skips, naming the case, the rule and the facts', async () => {
    const tests = `cases:
  - name: fires on five failures of one account
    events:
      - { activity: Validate local account credentials, result: failure, target: { id: victim }, repeat: 5 }
    expect: [{ count: 5 }]
  - name: failures without a target
    events:
      - { activity: Validate local account credentials, result: failure, repeat: 4 }
    expect: []
  - name: failures without a target, declared
    events:
      - { activity: Validate local account credentials, result: failure, repeat: 4 }
    expect: []
    skipped: { groupBy: 4 }
`;
    await withRules(
      { 'auth/brute-force.rule.yaml': bruteRule, 'auth/brute-force.tests.yaml': tests },
      (dir, report) => {
        expect(report).toMatchObject({ passed: 3, failed: 0, problems: [] });
        expect(report.warnings.map(formatProblem)).toEqual([
          `${dir}/auth/brute-force.tests.yaml:6:11: case 'failures without a target': rule b2c.auth.brute-force: ` +
            '4 events skipped for no groupBy value (test-1-0, test-1-1, test-1-2 and 1 more: none of target.id); ' +
            'give the events one of these facts, add a fallback ({ firstOf: [...] }) to the rule, ' +
            'or write skipped: { groupBy: 4 } in the case if the rule should skip them',
        ]);
      },
    );
  });

  it('fails a case whose declared skipped events differ from those its rule skipped', async () => {
    const tests = `cases:
  - name: fires on five failures of one account
    events:
      - { activity: Validate local account credentials, result: failure, target: { id: victim }, repeat: 5 }
    expect: [{ count: 5 }]
    skipped: { groupBy: 1 }
  - name: quiet
    events:
      - { activity: Validate local account credentials, result: failure, repeat: 2 }
    expect: []
    skipped: { groupBy: 2, throttle.key: 1 }
`;
    await withRules(
      { 'auth/brute-force.rule.yaml': bruteRule, 'auth/brute-force.tests.yaml': tests },
      (_dir, report) => {
        expect(report.warnings).toEqual([]);
        expect(failures(report)).toEqual([
          {
            ruleId: 'b2c.auth.brute-force',
            case: 'fires on five failures of one account',
            diff: 'skipped groupBy: expected 1, got 0',
          },
          {
            ruleId: 'b2c.auth.brute-force',
            case: 'quiet',
            diff: 'skipped throttle.key: expected 1, got 0',
          },
        ]);
      },
    );
  });

  it('shows a failing case as a diff of the compared keys, expected against actual', async () => {
    const wrong = keyDeletedTests
      .replace('{ count: 1, status: firing, groupValues', '{ count: 3, status: firing, groupValues')
      .replace(/\n {6}- \{ suppressed: 1.*\n/, '\n')
      .replace('expect: []', 'expect:\n      - { status: firing }');
    await withRules({ ...lists, 'k.rule.yaml': keyDeletedRule, 'k.tests.yaml': wrong }, (_dir, report) => {
      expect(report).toMatchObject({ passed: 0, failed: 3, problems: [] });
      expect(failures(report)).toEqual([
        {
          ruleId: 'b2c.keys.policy-key-deleted',
          case: 'fires when someone outside key-admins deletes a policy key',
          diff: [
            'expected 1 alert, got 2',
            '- alert 1: { groupValues: { actor.name: mallory@contoso.onmicrosoft.com }, count: 3, firstTime: 2026-01-05T10:00:00Z, eventIds: [ test-0-0 ], status: firing }',
            '+ alert 1: { groupValues: { actor.name: mallory@contoso.onmicrosoft.com }, count: 1, firstTime: 2026-01-05T10:00:00.000Z, eventIds: [ test-0-0 ], status: firing }',
            '    count: expected 3, got 1',
            '+ alert 2: { groupValues: { actor.name: mallory@contoso.onmicrosoft.com }, count: 1, firstTime: 2026-01-05T11:10:00.000Z, eventIds: [ test-0-2 ], status: firing }   (not expected)',
          ].join('\n'),
        },
        {
          ruleId: 'b2c.keys.policy-key-deleted',
          case: 'stays silent for a key admin',
          diff: 'expected 1 alert, got 0\n- alert 1: { status: firing }\n+ alert 1: (none)',
        },
        {
          ruleId: 'b2c.keys.policy-key-deleted',
          case: 'no case that must not fire',
          diff: 'rule b2c.keys.policy-key-deleted has no case that must not fire: add a case with near-miss events and expect: []',
        },
      ]);
    });
  });

  it('fails a rule without a tests file, and one without a case that fires', async () => {
    const quietOnly = `cases:\n  - name: quiet\n    events: [{ activity: Get policy keys }]\n    expect: []\n`;
    await withRules(
      { ...lists, 'a/k.rule.yaml': keyDeletedRule, 'b/brute.rule.yaml': bruteRule, 'b/brute.tests.yaml': quietOnly },
      (dir, report) => {
        expect(report).toMatchObject({ passed: 1, failed: 2, problems: [] });
        expect(report.results.filter((r) => !r.passed)).toEqual([
          {
            kind: 'rule',
            ruleId: 'b2c.keys.policy-key-deleted',
            file: `${dir}/a/k.rule.yaml`,
            case: 'no tests file',
            passed: false,
            diff: `rule b2c.keys.policy-key-deleted has no tests: add ${dir}/a/k.tests.yaml with a case that fires and a case that must not fire`,
          },
          {
            kind: 'rule',
            ruleId: 'b2c.auth.brute-force',
            file: `${dir}/b/brute.tests.yaml`,
            case: 'no case that fires',
            passed: false,
            diff: 'rule b2c.auth.brute-force has no case that fires: add a case whose expect lists the alert it raises',
          },
        ]);
      },
    );
  });

  it('reports every problem of a malformed tests file with file, line and column, and runs no case of it', async () => {
    const malformed = [
      'rule: b2c.keys.policy-key-delete', //                                   1
      'cases:', //                                                            2
      '  - name: one', //                                                     3
      '    events:', //                                                       4
      '      - activty: Delete policy key', //                                5
      '      - { activity: Delete policy key, at: 30 }', //                   6
      '      - { activity: A, time: yesterday, repeat: 0 }', //               7
      '      - { activity: A, vary: { actor.upm: x } }', //                   8
      '    ticks: [+2x]', //                                                  9
      '    expect: [{ count: many, colour: red }]', //                        10
      '  - name: one', //                                                     11
      '    expect: []', //                                                    12
      '  - events: []', //                                                    13
      '',
    ].join('\n');
    await withRules(
      {
        ...lists,
        'k.rule.yaml': keyDeletedRule,
        'k.tests.yaml': malformed,
        'sub/orphan.tests.yaml': 'cases: []\n',
        '.git/x.tests.yaml': 'cases: []\n',
      },
      (dir, report) => {
        expect(report.problems.map(formatProblem)).toEqual([
          `${dir}/k.tests.yaml:5:9: unknown field 'activty' in a test event; did you mean 'activity'?`,
          `${dir}/k.tests.yaml:6:44: '30' has no unit: write 30s (an offset is a duration with an optional sign: +30s, -5m, +0s)`,
          `${dir}/k.tests.yaml:7:30: expected an ISO-8601 date-time with an offset, like 2026-01-05T10:00:00Z, got 'yesterday'`,
          `${dir}/k.tests.yaml:7:49: 'cases[0].events[2].repeat' must be at least 1, got a number (0)`,
          `${dir}/k.tests.yaml:8:43: vary cannot set 'actor.upm'; did you mean 'actor.upn'?`,
          `${dir}/k.tests.yaml:9:13: '+2x' has an unknown unit: use ms, s, m, h, d or w (an offset is a duration with an optional sign: +30s, -5m, +0s)`,
          `${dir}/k.tests.yaml:10:23: 'cases[0].expect[0].count' must be a number, got a string ('many')`,
          `${dir}/k.tests.yaml:10:29: unknown field 'colour' in an expected alert; allowed: ruleId, severity, title, groupKey, groupValues, count, firstTime, lastTime, eventIds, event, suppressed, topValues, status, steps, previous`,
          `${dir}/k.tests.yaml:13:5: missing required field 'expect' in a test case ([] when the rule must not fire; otherwise the alerts it raises, in order (as many as listed))`,
          `${dir}/k.tests.yaml:13:5: missing required field 'name' in a test case (what the case shows, e.g. "fires when someone outside key-admins deletes a key")`,
          `${dir}/sub/orphan.tests.yaml:1:1: no rule beside this tests file: expected sub/orphan.rule.yaml`,
        ]);
        expect(report.results).toEqual([
          {
            kind: 'rule',
            ruleId: 'b2c.keys.policy-key-deleted',
            file: `${dir}/k.tests.yaml`,
            case: 'invalid tests file',
            passed: false,
            diff: 'rule b2c.keys.policy-key-deleted: its tests file has 10 problems (listed with the problems); no case ran',
          },
        ]);
      },
    );
  });

  it('checks what the schema cannot: the rule named, duplicate case names, a second tests file', async () => {
    const tests = `rule: b2c.keys.policy-key-delete\ncases:\n  - { name: one, expect: [] }\n  - { name: one, expect: [] }\n`;
    await withRules(
      { ...lists, 'k.rule.yaml': keyDeletedRule, 'k.tests.yaml': tests, 'k.tests.json': '{"cases": []}' },
      (dir, report) => {
        expect(report.problems.map(formatProblem)).toEqual([
          `${dir}/k.tests.yaml:1:1: rule b2c.keys.policy-key-deleted has a second tests file k.tests.json; keep one`,
          `${dir}/k.tests.yaml:1:7: rule 'b2c.keys.policy-key-delete' is not the rule beside this file ('b2c.keys.policy-key-deleted' in ${dir}/k.rule.yaml); write rule: b2c.keys.policy-key-deleted or leave it out`,
          `${dir}/k.tests.yaml:4:13: case name 'one' is also used by case 1; give each case its own name`,
        ]);
      },
    );
  });

  it('runs no test when the rule set has problems, and returns them', async () => {
    await withRules({ 'k.rule.yaml': keyDeletedRule, 'k.tests.yaml': keyDeletedTests }, (dir, report) => {
      expect(report).toMatchObject({ results: [], passed: 0, failed: 0 });
      expect(report.problems.map(formatProblem)).toEqual([
        `${dir}/k.rule.yaml:8:54: unknown list 'key-admins'; lists are the files lists/<name>.yaml (there are none yet)`,
      ]);
    });
  });
});
