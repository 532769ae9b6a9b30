import { describe, expect, it } from 'vitest';
import { runCliCapture } from '../helpers/run-cli-capture.js';
import { sampleRuleFiles } from '../helpers/sample-rules.js';
import { testDirWith } from '../helpers/write-files.js';

// `rules validate` fills routes.yaml's `${VAR}`s by the worker's rule: before, it read the whole
// environment, and `email: { to: '${AZURE_CLIENT_SECRET}' }` printed the secret as "not an email address".

const secret = 'Sup3r~Secret-Value_123';
const dbPassword = 'hunter2-db-pw';
const env = {
  AZURE_CLIENT_SECRET: secret,
  DATABASE_URL: `postgres://app:${dbPassword}@db.internal:5432/app`,
  ALERT_SLACK_CHANNEL: `postgres://app:${dbPassword}@db.internal:5432/app`,
  ALERT_EMAIL_TO: 'soc@contoso.test',
};

describe('b2c-alerts rules validate on routes that name secrets', () => {
  it('names each variable it refuses or rejects, and prints no value', async () => {
    const dir = await testDirWith({
      ...sampleRuleFiles,
      'routes.yaml': [
        'routes:',
        '  security:',
        "    slack: { channel: '${ALERT_SLACK_CHANNEL}' }",
        "    email: { to: ['${ALERT_EMAIL_TO}', '${AZURE_CLIENT_SECRET}'] }",
        '  other:',
        "    slack: { channel: '#x${DATABASE_URL}' }",
        '',
      ].join('\n'),
    });
    const run = await runCliCapture(['rules', 'validate', '--rules', dir], env);
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        /routes\.yaml:3:23: route 'security': the value of \$\{ALERT_SLACK_CHANNEL\} is not a Slack channel; set it to a channel id/,
      ),
      expect.stringMatching(
        /routes\.yaml:4:40: route 'security': \$\{AZURE_CLIENT_SECRET\} is not a route variable; its name says it holds a secret/,
      ),
      expect.stringMatching(
        /routes\.yaml:6:23: route 'other': \$\{DATABASE_URL\} is not a route variable; routes\.yaml may use only variables whose names start with ALERT_; .*ROUTE_VARIABLES_PREFIX/,
      ),
    ]);
    for (const value of [secret, dbPassword, 'postgres:']) expect(run.stdout + run.stderr).not.toContain(value);
  });

  it('allows another prefix through ROUTE_VARIABLES_PREFIX, as the worker does, and names a bad one', async () => {
    const dir = await testDirWith({
      ...sampleRuleFiles,
      'routes.yaml': "routes:\n  security: { slack: { channel: '${SOC_CHANNEL}' } }\n",
    });
    const run = await runCliCapture(['rules', 'validate', '--rules', dir], {
      ROUTE_VARIABLES_PREFIX: 'SOC_',
      SOC_CHANNEL: '#soc',
    });
    expect(run).toMatchObject({ code: 0, stderr: '' });
    const bad = await runCliCapture(['rules', 'validate', '--rules', dir], { ROUTE_VARIABLES_PREFIX: 'SOC-*' });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('ROUTE_VARIABLES_PREFIX must be the start of variable names');
  });
});
