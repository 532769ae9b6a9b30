import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCapture } from '../helpers/run-cli-capture.js';
import { sampleRuleFiles } from '../helpers/sample-rules.js';
import { tempDirWith } from '../helpers/write-files.js';

const ruleId = 'b2c.keys.policy-key-deleted';
const audit = (upn: string) => ({
  id: 'B2C_explain_1',
  activityDateTime: '2026-01-05T10:00:00.1234567Z',
  activityDisplayName: 'Delete policy key',
  category: 'KeyManagement',
  initiatedBy: { user: { userPrincipalName: upn } },
  targetResources: [{ id: 'B2C_1A_TokenSigningKeyContainer' }],
});

describe('b2c-alerts rules explain', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await tempDirWith({
      ...sampleRuleFiles,
      'keys/disabled.rule.yaml':
        'id: t.keys.restored\ntitle: Policy key restored\nseverity: low\ndescription: disabled for the test.\nenabled: false\n' +
        'match: { all: [{ fact: activity, operator: equal, value: Restore policy key }] }\n',
      'events/page.json': JSON.stringify({
        '@odata.context': 'x',
        value: [audit('mallory@evil.example'), audit('second@x')],
      }),
      'events/records.json': JSON.stringify({
        records: [
          {
            time: '2026-01-05T10:00:00.1234567+00:00',
            category: 'AuditLogs',
            tenantId: 't',
            properties: {
              ...audit('alice@contoso.onmicrosoft.com'),
              activityDateTime: '2026-01-05T10:00:00.1234567+00:00',
            },
          },
        ],
      }),
      'events/compact.json': JSON.stringify({
        activity: 'Restore policy key',
        actor: { upn: 'eve\u202e@evil.example\u001b[2J' },
      }),
      'events/bad-compact.json': JSON.stringify({ activity: 'Delete policy key', actr: {} }),
      'events/empty.json': JSON.stringify({ value: [] }),
    });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  const explain = (...args: string[]) => runCliCapture(['rules', 'explain', ...args, '--rules', dir]);

  it('prints every condition with ✓, fact, operator, expected and actual values, and exits 0 on a match (Graph page: first record)', async () => {
    const run = await explain(ruleId, `${dir}/events/page.json`);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout.split('\n')).toEqual([
      `rule ${ruleId}: Policy key deleted`,
      'event B2C_explain_1 at 2026-01-05T10:00:00.1234567Z: "Delete policy key"',
      '✓ all',
      '  ✓ activity in ["Delete policy key","Restore policy key"]; actual "Delete policy key"',
      '  ✓ actor.upn notInList "key-admins"; actual "mallory@evil.example"',
      'note: alerts are throttled: repeated matches of the same key within the period are counted, not alerted',
      'result: matches',
      '',
    ]);
  });

  it('shows the failed condition and exits 1 when the rule does not match (Event Hub records envelope)', async () => {
    const run = await explain(ruleId, `${dir}/events/records.json`);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      '✗ all\n  ✓ activity in ["Delete policy key","Restore policy key"]; actual "Delete policy key"\n  ✗ actor.upn notInList "key-admins"; actual "alice@contoso.onmicrosoft.com"\n',
    );
    expect(run.stdout).toMatch(/result: does not match\n$/);
    expect(run.stderr).toBe(`b2c-alerts: Rule ${ruleId} does not match this event (the ✗ conditions above say why).\n`);
  });

  it('reads compact facts as in rule tests and escapes control characters of event values', async () => {
    const run = await explain(ruleId, `${dir}/events/compact.json`);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('  ✓ actor.upn notInList "key-admins"; actual "eve\\u202E@evil.example\\u001b[2J"\n');
    expect(run.stdout).not.toContain('\u001b');
    expect(run.stdout).not.toContain('\u202e');
  });

  it('notes a disabled rule, saying it would match only when it does', async () => {
    const matching = await explain('t.keys.restored', `${dir}/events/compact.json`);
    expect(matching.code).toBe(0);
    expect(matching.stdout).toContain(
      'note: the rule is disabled (enabled: false); it would match but never alert\nresult: matches\n',
    );
    const other = await explain('t.keys.restored', `${dir}/events/page.json`);
    expect(other.code).toBe(1);
    expect(other.stdout).toContain(
      'note: the rule is disabled (enabled: false) and never alerts\nresult: does not match\n',
    );
    expect(other.stdout).not.toContain('would match');
  });

  it('exits 2 on usage errors: unknown rule, unreadable or invalid event file, missing arguments', async () => {
    const unknown = await explain('b2c.keys.policy-key-delete', `${dir}/events/page.json`);
    expect(unknown).toMatchObject({ code: 2, stdout: '' });
    expect(unknown.stderr).toBe(
      `b2c-alerts: No rule 'b2c.keys.policy-key-delete' in ${dir}; did you mean '${ruleId}'?\n`,
    );
    const missing = await explain(ruleId, `${dir}/events/nope.json`);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^b2c-alerts: Cannot read the event file .*nope\.json \(ENOENT\)/);
    const bad = await explain(ruleId, `${dir}/events/bad-compact.json`);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      `${dir}/events/bad-compact.json:1:33: unknown field 'actr' in a test event; did you mean 'actor'?`,
    );
    const empty = await explain(ruleId, `${dir}/events/empty.json`);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/^b2c-alerts: No event found in .*empty\.json\nExpected a directoryAudit/);
    expect((await runCliCapture(['rules', 'explain', ruleId])).code).toBe(2);
  });
});
