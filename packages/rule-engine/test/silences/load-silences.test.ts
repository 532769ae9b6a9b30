import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSilences } from '../../src/silences/load-silences.js';
import { formatProblem, type RuleProblem } from '../../src/parsing/rule-problem.js';
import { makeRuleDir } from '../helpers/rule-dir.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((remove) => remove()));
});

const now = Date.parse('2026-01-12T10:00:00Z');

async function load(text: string) {
  const { dir, remove } = await makeRuleDir({ 'silences.yaml': text });
  cleanups.push(remove);
  const result = await loadSilences(join(dir, 'silences.yaml'), { now });
  const rel = (p: RuleProblem) => formatProblem({ ...p, file: p.file.slice(dir.length + 1) });
  return { ...result, problemLines: result.problems.map(rel), warningLines: result.warnings.map(rel) };
}

const valid = [
  '# Silences',
  'silences:',
  '  - id: 2026-01-key-rotation',
  '    matchers:',
  '      - { name: ruleId, value: b2c.keys.policy-key-material-uploaded }',
  "      - { name: target.id, value: '^B2C_1A_(TokenSigning|TokenEncryption)KeyContainer$', isRegex: true }",
  '    startsAt: 2026-01-12T08:00:00Z',
  '    endsAt: 2026-01-12T12:00:00Z',
  '    reason: Planned rotation (CHG-1234).',
  '    author: alex.wilber@contosob2c.onmicrosoft.com',
  '  - id: old',
  '    matchers: [{ name: ip, value: 203.0.113.7, isEqual: false }]',
  '    startsAt: 2026-01-01T08:00:00Z',
  '    endsAt: 2026-01-02T08:00:00Z',
  '    reason: Pen test.',
  '    author: bob',
  '',
].join('\n');

describe('loadSilences', () => {
  it('reads every silence and warns about expired ones at their endsAt', async () => {
    const { silences, problems, warningLines } = await load(valid);
    expect(problems).toEqual([]);
    expect(silences.map((s) => s.id)).toEqual(['2026-01-key-rotation', 'old']);
    expect(silences[0]?.matchers[1]).toEqual({
      name: 'target.id',
      value: '^B2C_1A_(TokenSigning|TokenEncryption)KeyContainer$',
      isRegex: true,
    });
    expect(warningLines).toEqual([
      "silences.yaml:14:13: silence 'old' expired at 2026-01-02T08:00:00Z; delete it when convenient",
    ]);
  });

  it('treats a missing file, an empty file and `silences:` with nothing as no silences', async () => {
    const { dir, remove } = await makeRuleDir({
      'empty.yaml': '# none yet\n',
      'bare.yaml': 'silences:\n',
      'flow.yaml': 'silences: []\n',
    });
    cleanups.push(remove);
    for (const name of ['missing.yaml', 'empty.yaml', 'bare.yaml', 'flow.yaml']) {
      expect(await loadSilences(join(dir, name))).toEqual({ silences: [], problems: [], warnings: [] });
    }
  });

  it('reports every problem with file:line:col and returns no silences', async () => {
    const { silences, problemLines } = await load(
      [
        'silences:',
        '  - id: a',
        '    matchers: [{ name: rule, value: x }, { name: ip, value: "(", isRegex: true }]',
        '    startsAt: 2026-01-12T08:00:00Z',
        '    endsAt: 2026-01-12T07:00:00Z',
        '    reason: r',
        '    author: me',
        '  - id: a',
        '    matchers: []',
        '    startsAt: yesterday',
        '    endsAt: 2026-01-12T07:00:00Z',
        "    reason: ''",
        '    author: me',
        '    comment: extra',
      ].join('\n'),
    );
    expect(silences).toEqual([]);
    expect(problemLines).toEqual([
      "silences.yaml:3:24: unknown matcher name 'rule'; did you mean 'ruleId'?",
      'silences.yaml:9:15: a silence needs at least one matcher (e.g. { name: ruleId, value: b2c.keys.policy-key-deleted })',
      "silences.yaml:10:15: expected an ISO-8601 date-time with an offset, like 2026-01-05T10:00:00Z, got 'yesterday'",
      'silences.yaml:12:13: say why the alerts are silenced (a change ticket, a planned test)',
      "silences.yaml:14:5: unknown field 'comment' in a silence; allowed: id, matchers, startsAt, endsAt, reason, author",
    ]);
  });

  it('checks regexes, ends before starts and duplicate ids once the shape is valid', async () => {
    const { problemLines } = await load(
      [
        'silences:',
        '  - id: a',
        '    matchers: [{ name: ip, value: "(", isRegex: true }]',
        '    startsAt: 2026-01-12T08:00:00Z',
        '    endsAt: 2026-01-12T07:00:00Z',
        '    reason: r',
        '    author: me',
        '  - id: a',
        '    matchers: [{ name: ruleId, value: x }]',
        '    startsAt: 2026-01-12T08:00:00Z',
        '    endsAt: 2026-01-12T09:00:00Z',
        '    reason: r',
        '    author: me',
      ].join('\n'),
    );
    expect(problemLines).toEqual([
      "silences.yaml:3:35: regex '(' is not valid RE2 syntax: missing closing ): `(` (it is matched against the whole value)",
      "silences.yaml:5:13: silence 'a' ends before it starts; endsAt must not be before startsAt",
      "silences.yaml:8:9: duplicate silence id 'a': also used on line 2; silence ids must be unique",
    ]);
  });
});
