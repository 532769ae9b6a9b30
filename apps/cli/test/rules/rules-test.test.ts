import { describe, expect, it } from 'vitest';
import { runCliCapture } from '../helpers/run-cli-capture.js';
import { keyDeletedTests, sampleRuleFiles } from '../helpers/sample-rules.js';
import { testDirWith } from '../helpers/write-files.js';

describe('b2c-alerts rules test', () => {
  it('ends with "N passed, N failed" and exits 0 when every case passes', async () => {
    const dir = await testDirWith(sampleRuleFiles);
    const run = await runCliCapture(['rules', 'test', '--rules', dir]);
    expect(run).toMatchObject({ code: 0, stdout: '2 passed, 0 failed\n', stderr: '' });
  });

  it('warns about a case whose events its rule cannot use, at the case, and still exits 0', async () => {
    const dir = await testDirWith({
      ...sampleRuleFiles,
      'keys/policy-key-deleted.tests.yaml': keyDeletedTests.replace(
        /\n$/,
        `
  - name: fires for a deletion with no actor recorded
    events:
      - { activity: Delete policy key, target: { id: B2C_1A_TokenSigningKeyContainer } }
    expect: [{ count: 1 }]
`,
      ),
    });
    const run = await runCliCapture(['rules', 'test', '--rules', dir]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.split('\n')).toEqual([
      `${dir}/keys/policy-key-deleted.tests.yaml:11:11: warning: case 'fires for a deletion with no actor recorded': ` +
        'rule b2c.keys.policy-key-deleted: 1 event alerted unthrottled for no throttle.key value (test-2-0: none of actor.name); ' +
        'give the events one of these facts, add a fallback ({ firstOf: [...] }) to the rule, ' +
        'or write skipped: { throttle.key: 1 } in the case if the rule should skip them',
      '3 passed, 0 failed',
      '',
    ]);
  });

  it('prints each failure with its diff, counts rule coverage failures and exits 1', async () => {
    const dir = await testDirWith({
      ...sampleRuleFiles,
      'keys/policy-key-deleted.tests.yaml': keyDeletedTests
        .replace('count: 1, status: firing', 'count: 2, status: firing')
        .replace(/\n {2}- name: stays silent[\s\S]*$/, '\n'),
      'keys/untested.rule.yaml':
        'id: b2c.keys.untested\ntitle: t\ndescription: d\nseverity: low\nmatch: { all: [{ fact: activity, operator: equal, value: Get policy keys }] }\n',
    });
    const run = await runCliCapture(['rules', 'test', '--rules', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')).toEqual([
      `FAIL ${dir}/keys/policy-key-deleted.tests.yaml: b2c.keys.policy-key-deleted › fires when someone outside key-admins deletes a policy key`,
      '    1 of 1 alert differs',
      '    - alert 1: { groupValues: { actor.name: mallory@contoso.onmicrosoft.com }, count: 2, status: firing }',
      '    + alert 1: { groupValues: { actor.name: mallory@contoso.onmicrosoft.com }, count: 1, status: firing }',
      '        count: expected 2, got 1',
      `FAIL ${dir}/keys/policy-key-deleted.tests.yaml: b2c.keys.policy-key-deleted › no case that must not fire`,
      '    rule b2c.keys.policy-key-deleted has no case that must not fire: add a case with near-miss events and expect: []',
      `FAIL ${dir}/keys/untested.rule.yaml: b2c.keys.untested › no tests file`,
      `    rule b2c.keys.untested has no tests: add ${dir}/keys/untested.tests.yaml with a case that fires and a case that must not fire`,
      '0 passed, 3 failed',
      '',
    ]);
    expect(run.stderr).toBe('b2c-alerts: Rule tests: 3 failed.\n');
  });

  it('prints problems of tests files and of the rule set as file:line:col: message', async () => {
    const badTests = await testDirWith({
      ...sampleRuleFiles,
      'keys/policy-key-deleted.tests.yaml': 'cases:\n  - name: x\n    expect: []\n    evnts: []\n',
    });
    const tests = await runCliCapture(['rules', 'test', '--rules', badTests]);
    expect(tests.code).toBe(1);
    expect(tests.stdout.split('\n')).toEqual([
      `${badTests}/keys/policy-key-deleted.tests.yaml:4:5: unknown field 'evnts' in a test case; did you mean 'events'?`,
      `FAIL ${badTests}/keys/policy-key-deleted.tests.yaml: b2c.keys.policy-key-deleted › invalid tests file`,
      '    rule b2c.keys.policy-key-deleted: its tests file has 1 problem (listed with the problems); no case ran',
      '0 passed, 1 failed',
      '',
    ]);
    expect(tests.stderr).toBe('b2c-alerts: Rule tests: 1 failed, 1 problem.\n');

    const badRules = await testDirWith({ ...sampleRuleFiles, 'lists/key-admins.yaml': 'admins: [a]\n' });
    const rules = await runCliCapture(['rules', 'test', '--rules', badRules]);
    expect(rules.code).toBe(1);
    expect(rules.stdout).toBe(
      `${badRules}/lists/key-admins.yaml:1:1: a list file holds a YAML list of strings, or a mapping with description and values\n0 passed, 0 failed\n`,
    );
  });
});
