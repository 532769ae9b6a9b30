import { describe, expect, it } from 'vitest';
import { displayPath } from '../../src/text/display-path.js';
import { runCliCapture } from '../helpers/run-cli-capture.js';
import { keyDeletedRule, sampleRuleFiles } from '../helpers/sample-rules.js';
import { testDirWith } from '../helpers/write-files.js';

describe('b2c-alerts rules validate', () => {
  it('prints one summary line and exits 0 for a valid rule set, from --rules or RULES_DIR', async () => {
    const dir = await testDirWith(sampleRuleFiles);
    const run = await runCliCapture(['rules', 'validate', '--rules', dir]);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^1 rule, 1 list valid \(version [0-9a-f]+\)\n$/);
    const fromEnv = await runCliCapture(['rules', 'validate'], { RULES_DIR: dir });
    expect(fromEnv).toMatchObject({ code: 0, stdout: run.stdout });
  });

  it('prints every problem as file:line:col: message and exits 1, checking notify against routes.yaml', async () => {
    const dir = await testDirWith({
      ...sampleRuleFiles,
      'routes.yaml': 'routes:\n  secops: { slack: { channel: "#secops" } }\n',
      'keys/policy-key-deleted.rule.yaml': keyDeletedRule
        .replace('severity: critical', 'severity: critcal')
        .replace('fact: actor.upn', 'fact: actor.upm'),
      'keys/broken.rule.yaml': 'id: [unclosed\n',
    });
    const run = await runCliCapture(['rules', 'validate', '--rules', dir]);
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      `${dir}/keys/broken.rule.yaml:2:1: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]`,
      `${dir}/keys/policy-key-deleted.rule.yaml:4:11: 'severity' must be one of info, low, medium, high, critical, got a string ('critcal'); did you mean 'critical'?`,
      `${dir}/keys/policy-key-deleted.rule.yaml:9:15: unknown fact 'actor.upm'; did you mean 'actor.upn'?`,
      `${dir}/keys/policy-key-deleted.rule.yaml:11:10: unknown route 'security'; routes are defined in routes.yaml (secops)`,
    ]);
    expect(run.stderr).toBe(`b2c-alerts: 4 problems in ${dir}; fix them and run again.\n`);
  });

  it('reports a malformed routes.yaml and an unreadable rules directory', async () => {
    const dir = await testDirWith({ ...sampleRuleFiles, 'routes.yaml': 'routes: [security]\n' });
    const routes = await runCliCapture(['rules', 'validate', '--rules', dir]);
    expect(routes.code).toBe(1);
    expect(routes.stdout).toBe(`${dir}/routes.yaml:1:9: routes must be a mapping of route names to their channels\n`);
    const missing = await runCliCapture(['rules', 'validate', '--rules', `${dir}/nope`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(
      /^b2c-alerts: Cannot read the rules directory '.*\/nope' \(ENOENT\); check the path and its permissions\.\n$/,
    );
  });
});

describe('displayPath', () => {
  it('shows paths below the working directory relative to it, others as given', () => {
    expect(displayPath('/work/x/rules/a.rule.yaml', '/work/x')).toBe('rules/a.rule.yaml');
    expect(displayPath('/tmp/rules/a.rule.yaml', '/work/x')).toBe('/tmp/rules/a.rule.yaml');
    expect(displayPath('rules/a.rule.yaml', '/work/x')).toBe('rules/a.rule.yaml');
  });
});
