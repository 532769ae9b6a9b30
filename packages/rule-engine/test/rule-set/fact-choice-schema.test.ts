import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem, loadRuleSet } from '../../src/index.js';
import { ruleFileJsonSchema } from '../../src/rule-set/rule-file-json-schema.js';
import { makeRuleDir } from '../helpers/rule-dir.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((remove) => remove()));
});

/** A rule file with `lines` after a fixed head of 5 lines, so a problem on the first of them is on line 6. */
async function load(...lines: string[]) {
  const text = [
    'id: b2c.test.rule',
    'title: Test rule',
    'description: A test rule.',
    'severity: high',
    'match: { all: [{ fact: activity, operator: equal, value: x }] }',
    ...lines,
    '',
  ].join('\n');
  const { dir, remove } = await makeRuleDir({ 'a.rule.yaml': text });
  cleanups.push(remove);
  const { ruleSet, problems } = await loadRuleSet(dir);
  return { rule: ruleSet?.rules[0], problems: problems.map((p) => formatProblem({ ...p, file: 'a.rule.yaml' })) };
}

describe('fallbacks in rule files', () => {
  it('loads firstOf entries in groupBy, a distinct field and a throttle key, plain facts beside them', async () => {
    const { rule, problems } = await load(
      'aggregate:',
      '  kind: distinct',
      '  groupBy: [ip, { firstOf: [details.PolicyId, tenant] }]',
      '  field: { firstOf: [target.id, details.LocalAccountUsername], as: account }',
      '  window: 10m',
      '  threshold: 10',
      'throttle: { key: { firstOf: [target.id, actor.name] }, for: 1h }',
    );
    expect(problems).toEqual([]);
    expect(rule!.aggregate).toEqual({
      kind: 'distinct',
      groupBy: ['ip', { firstOf: ['details.PolicyId', 'tenant'] }],
      field: { firstOf: ['target.id', 'details.LocalAccountUsername'], as: 'account' },
      windowMs: 600_000,
      threshold: 10,
    });
    expect(rule!.throttle).toEqual({ key: [{ firstOf: ['target.id', 'actor.name'] }], forMs: 3_600_000 });
  });

  it('refuses a list inside the list, saying it is not a fallback and what to write', async () => {
    const { problems } = await load('aggregate: { kind: count, groupBy: [[ip, tenant]], window: 1m, threshold: 2 }');
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^a\.rule\.yaml:6:37: .*a list here is not a fallback: write \{ firstOf: \[a, b\] \}/);
  });

  it('names unknown facts, duplicates, an empty list, a fact-named `as` and unknown keys, each where it is', async () => {
    const { problems } = await load(
      'aggregate:',
      '  kind: distinct',
      '  groupBy: [{ firstOf: [tagret.id, ip, ip] }]',
      '  field: { firstOf: [target.id], as: ip }',
      '  window: 10m',
      '  threshold: 10',
      'throttle: { key: [{ firstOf: [] }, { fristOf: [ip] }], for: 1h }',
    );
    expect(problems).toEqual([
      "a.rule.yaml:8:25: unknown fact 'tagret.id'; did you mean 'target.id'?",
      "a.rule.yaml:8:40: 'ip' is already listed in firstOf; list it once",
      "a.rule.yaml:9:38: as 'ip' is a fact name, so a value from another fact would read as that fact; pick a name of your own, like account",
      'a.rule.yaml:12:30: firstOf lists the facts to try in order, like [target.id, details.LocalAccountUsername]; it is empty',
      expect.stringMatching(/^a\.rule\.yaml:12:38: unknown field 'fristOf'; did you mean 'firstOf'\?/),
    ]);
  });

  it('is in the JSON schema editors use: an entry is a fact or a FirstOf', () => {
    const schema = ruleFileJsonSchema as { definitions: Record<string, { required?: string[]; properties?: object }> };
    expect(schema.definitions['FirstOf']).toMatchObject({ required: ['firstOf'] });
    expect(Object.keys(schema.definitions['FirstOf']!.properties!)).toEqual(['firstOf', 'as']);
  });
});
