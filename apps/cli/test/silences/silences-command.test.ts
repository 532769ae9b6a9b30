import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { VirtualClock } from '@b2c-alerts/audit-client';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/index.js';
import { Capture } from '../helpers/capture.js';
import { sampleRuleFiles } from '../helpers/sample-rules.js';
import { testDirWith } from '../helpers/write-files.js';

const silencesFile = [
  '# Silences: alerts that match are recorded but not delivered.',
  '# Keep each one short and specific.',
  'silences: []',
  '',
].join('\n');

const rulesDir = () => testDirWith({ ...sampleRuleFiles, 'silences.yaml': silencesFile });

const clock = new VirtualClock(Date.parse('2026-01-12T08:00:00Z'));

async function run(args: string[], env: Record<string, string> = {}) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(args, { env: { LOG_LEVEL: 'silent', ...env }, stdout, stderr, clock });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('b2c-alerts silences', () => {
  it('adds, lists and expires a silence, editing silences.yaml in place with its comments', async () => {
    const dir = await rulesDir();
    clock.set(Date.parse('2026-01-12T08:00:00Z'));
    const added = await run([
      'silences',
      'add',
      '--rules',
      dir,
      '--rule',
      'b2c.keys.policy-key-deleted',
      '--match',
      'actor.upn=alex@contoso.onmicrosoft.com',
      '--match',
      'target.id=~^B2C_1A_.*',
      '--match',
      'ip!=203.0.113.7',
      '--for',
      '2h',
      '--reason',
      'Key rotation (CHG-1234)',
      '--author',
      'alex',
      '--id',
      'chg-1234',
    ]);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toBe(
      `Added silence chg-1234 to ${join(dir, 'silences.yaml')}: ruleId=b2c.keys.policy-key-deleted, actor.upn=alex@contoso.onmicrosoft.com, ` +
        'target.id=~^B2C_1A_.*, ip!=203.0.113.7, 2026-01-12T08:00:00Z until 2026-01-12T10:00:00Z.\n' +
        'Commit the file so the change is reviewed; running workers reload it.\n',
    );
    const text = await readFile(join(dir, 'silences.yaml'), 'utf8');
    expect(text).toBe(
      [
        '# Silences: alerts that match are recorded but not delivered.',
        '# Keep each one short and specific.',
        'silences:',
        '  - id: chg-1234',
        '    matchers:',
        '      - { name: ruleId, value: b2c.keys.policy-key-deleted }',
        '      - { name: actor.upn, value: alex@contoso.onmicrosoft.com }',
        '      - { name: target.id, value: ^B2C_1A_.*, isRegex: true }',
        '      - { name: ip, value: 203.0.113.7, isEqual: false }',
        '    startsAt: 2026-01-12T08:00:00Z',
        '    endsAt: 2026-01-12T10:00:00Z',
        '    reason: Key rotation (CHG-1234)',
        '    author: alex',
        '',
      ].join('\n'),
    );

    clock.set(Date.parse('2026-01-12T09:00:00Z'));
    const listed = await run(['silences', 'list', '--rules', dir]);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    expect(listed.stdout).toBe(
      'chg-1234  active  2026-01-12T08:00:00Z → 2026-01-12T10:00:00Z  by alex\n' +
        '  ruleId=b2c.keys.policy-key-deleted, actor.upn=alex@contoso.onmicrosoft.com, target.id=~^B2C_1A_.*, ip!=203.0.113.7\n' +
        '  Key rotation (CHG-1234)\n',
    );
    const json = JSON.parse((await run(['silences', 'list', '--rules', dir, '--json'])).stdout) as Array<{
      id: string;
      state: string;
    }>;
    expect(json.map((s) => [s.id, s.state])).toEqual([['chg-1234', 'active']]);

    const expired = await run(['silences', 'expire', 'chg-1234', '--rules', dir]);
    expect(expired).toMatchObject({
      code: 0,
      stdout: `Expired silence chg-1234 at 2026-01-12T09:00:00Z in ${join(dir, 'silences.yaml')}.\n`,
    });
    expect(await readFile(join(dir, 'silences.yaml'), 'utf8')).toBe(
      text.replace('endsAt: 2026-01-12T10:00:00Z', 'endsAt: 2026-01-12T09:00:00Z'),
    );
    expect((await run(['silences', 'expire', 'chg-1234', '--rules', dir])).stdout).toBe(
      'Silence chg-1234 had ended already; nothing changed.\n',
    );
    expect((await run(['silences', 'list', '--rules', dir])).stdout).toBe(
      'No active or pending silences (--all shows expired ones).\n',
    );
    expect((await run(['silences', 'list', '--rules', dir, '--all'])).stdout).toMatch(/^chg-1234 {2}expired {2}/);

    // rules validate checks the file and reports the expired silence as a warning (exit 0).
    const validate = await run(['rules', 'validate', '--rules', dir], { ALERT_SLACK_CHANNEL: '#sec' });
    expect(validate.code).toBe(0);
    expect(validate.stdout.split('\n')[0]).toBe(
      `${join(dir, 'silences.yaml')}:11:13: warning: silence 'chg-1234' expired at 2026-01-12T09:00:00Z; delete it when convenient`,
    );
    expect(validate.stdout.split('\n')[1]).toMatch(/^1 rule, 1 list valid/);
  });

  it('generates an id from the date and rule when none is given, and takes --until', async () => {
    const dir = await rulesDir();
    clock.set(Date.parse('2026-01-12T08:00:00Z'));
    const added = await run([
      'silences',
      'add',
      '--rules',
      dir,
      '--rule',
      'b2c.keys.policy-key-deleted',
      '--until',
      '2026-01-13T00:00:00Z',
      '--reason',
      'r',
      '--author',
      'a',
    ]);
    expect(added.code).toBe(0);
    expect(added.stdout).toMatch(
      /^Added silence 20260112-policy-key-deleted-[0-9a-f]{4} to .*: ruleId=b2c\.keys\.policy-key-deleted, 2026-01-12T08:00:00Z until 2026-01-13T00:00:00Z\.\n/,
    );
  });

  it('takes --until 2h as two hours from now, like every time flag (parse-time)', async () => {
    const dir = await rulesDir();
    clock.set(Date.parse('2026-01-12T08:00:00Z'));
    const added = await run([
      'silences',
      'add',
      '--rules',
      dir,
      '--rule',
      'b2c.keys.policy-key-deleted',
      '--until',
      '2h',
      '--reason',
      'r',
      '--author',
      'a',
      '--id',
      'until-2h',
    ]);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toContain('2026-01-12T08:00:00Z until 2026-01-12T10:00:00Z.');
    expect(await readFile(join(dir, 'silences.yaml'), 'utf8')).toContain('    endsAt: 2026-01-12T10:00:00Z\n');
  });

  it('takes --until 1h30m as ninety minutes from now, and --from as a duration from now too', async () => {
    const dir = await rulesDir();
    clock.set(Date.parse('2026-01-12T08:00:00Z'));
    const base = ['silences', 'add', '--rules', dir, '--rule', 'b2c.keys.policy-key-deleted', '--reason', 'r'];
    const added = await run([...base, '--author', 'a', '--until', '1h30m', '--id', 'until-1h30m']);
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toContain('2026-01-12T08:00:00Z until 2026-01-12T09:30:00Z.');
    const later = await run([...base, '--author', 'a', '--from', '1h', '--until', '1h30m', '--id', 'from-1h']);
    expect(later).toMatchObject({ code: 0, stderr: '' });
    expect(later.stdout).toContain('2026-01-12T09:00:00Z until 2026-01-12T09:30:00Z.');
    const bad = await run([...base, '--author', 'a', '--until', 'tomorrow']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--until "tomorrow" is neither a duration \(like 90m, 1h30m, 1\.5h, 3d\) nor an ISO/);
  });

  it('takes --for in the one duration grammar: 90m, 1h30m and 1.5h end at the same time', async () => {
    clock.set(Date.parse('2026-01-12T08:00:00Z'));
    for (const [index, length] of ['90m', '1h30m', '1.5h'].entries()) {
      const dir = await rulesDir();
      const added = await run([
        'silences',
        'add',
        '--rules',
        dir,
        '--rule',
        'b2c.keys.policy-key-deleted',
        '--for',
        length,
        '--reason',
        'r',
        '--author',
        'a',
        '--id',
        `s-${index}`,
      ]);
      expect({ length, code: added.code }).toEqual({ length, code: 0 });
      expect(added.stdout).toContain('2026-01-12T08:00:00Z until 2026-01-12T09:30:00Z.');
    }
  });

  it('refuses what it cannot do, with exit 2 and what to do instead', async () => {
    const dir = await rulesDir();
    clock.set(Date.parse('2026-01-12T08:00:00Z'));
    const base = ['silences', 'add', '--rules', dir, '--reason', 'r', '--author', 'a'];
    const cases: Array<[string[], RegExp]> = [
      [
        [...base, '--rule', 'b2c.keys.policy-key-delete', '--for', '1h'],
        /There is no rule 'b2c\.keys\.policy-key-delete' in .*; did you mean 'b2c\.keys\.policy-key-deleted'\?/,
      ],
      [[...base, '--rule', 'b2c.keys.policy-key-deleted'], /--for <duration> \(e\.g\. 2h\) or --until <time>/],
      [[...base, '--rule', 'b2c.keys.policy-key-deleted', '--for', '90'], /--for: '90' has no unit: write 90s/],
      [[...base, '--match', 'actor.upm=x', '--for', '1h'], /unknown name 'actor\.upm'; did you mean 'actor\.upn'\?/],
      [[...base, '--match', 'nonsense', '--for', '1h'], /'nonsense' is not a matcher/],
      [[...base, '--for', '1h'], /Say what to silence/],
      [[...base, '--match', 'ip=1.2.3.4', '--until', '2026-01-01T00:00:00Z'], /--until must be after the start/],
      [['silences', 'expire', 'nope', '--rules', dir], /There is no silence 'nope'/],
    ];
    for (const [args, message] of cases) {
      const result = await run(args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(message);
    }
    expect(await readFile(join(dir, 'silences.yaml'), 'utf8')).toBe(silencesFile);
  });

  it('refuses to add a duplicate id and leaves the file unchanged', async () => {
    const dir = await rulesDir();
    const args = [
      'silences',
      'add',
      '--rules',
      dir,
      '--match',
      'ip=203.0.113.7',
      '--for',
      '1h',
      '--reason',
      'r',
      '--author',
      'a',
      '--id',
      'same',
    ];
    expect((await run(args)).code).toBe(0);
    const before = await readFile(join(dir, 'silences.yaml'), 'utf8');
    const again = await run(args);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /was not changed: the edit would make it invalid\.\n.*silences\.yaml:\d+:\d+: duplicate silence id 'same'/,
    );
    expect(await readFile(join(dir, 'silences.yaml'), 'utf8')).toBe(before);
  });
});
