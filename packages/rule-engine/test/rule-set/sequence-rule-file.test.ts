import { afterEach, describe, expect, it } from 'vitest';
import { loadRuleSet } from '../../src/rule-set/load-rule-set.js';
import { formatProblem } from '../../src/parsing/rule-problem.js';
import { makeRuleDir } from '../helpers/rule-dir.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((remove) => remove()));
});

async function load(files: Record<string, string>) {
  const { dir, remove } = await makeRuleDir(files);
  cleanups.push(remove);
  const result = await loadRuleSet(dir);
  return {
    ...result,
    problems: result.problems.map((p) => formatProblem({ ...p, file: p.file.slice(dir.length + 1) })),
  };
}

const head = [
  'id: b2c.test.sequence', //                               line 1
  'title: Spray then token', //                             line 2
  'description: A spray, then a token to that IP.', //     line 3
  'severity: critical', //                                  line 4
  'match: { any: [{ fact: result, operator: equal, value: failure }, { condition: succeeded }] }',
];
const ruleFile = (...aggregate: string[]) => [...head, 'aggregate:', ...aggregate, ''].join('\n');
const spray = [
  '    - name: spray', //                                  line 11
  '      match: { all: [{ fact: result, operator: equal, value: failure }] }',
  '      threshold: 10',
  '      distinct: details.LocalAccountUsername',
  '      window: 10m',
];
const token = ['    - name: token', '      match: { condition: succeeded }'];
const sequence = (...steps: string[]) => ['  kind: sequence', '  groupBy: [ip]', '  window: 1h', '  steps:', ...steps];
const succeeded = { 'conditions/succeeded.yaml': 'all:\n  - { fact: result, operator: equal, value: success }\n' };

describe('a sequence rule file', () => {
  it('loads with windows in ms, the step defaults and the absent window defaulting to the sequence window', async () => {
    const { ruleSet, problems } = await load({
      'a.rule.yaml': ruleFile(...sequence(...spray, ...token)),
      'b.rule.yaml': ruleFile(
        ...sequence(...token),
        '  absent:',
        '    match: { all: [{ fact: result, operator: equal, value: x }] }',
      ).replace('b2c.test.sequence', 'b2c.test.negative'),
      ...succeeded,
    });
    expect(problems).toEqual([]);
    const [positive, negative] = ruleSet!.rules;
    expect(positive!.aggregate).toEqual({
      kind: 'sequence',
      groupBy: ['ip'],
      windowMs: 3_600_000,
      steps: [
        {
          name: 'spray',
          match: { all: [{ fact: 'result', operator: 'equal', value: 'failure' }] },
          threshold: 10,
          distinct: 'details.LocalAccountUsername',
          windowMs: 600_000,
        },
        { name: 'token', match: { condition: 'succeeded' }, threshold: 1, windowMs: 3_600_000 },
      ],
    });
    expect(negative!.aggregate).toMatchObject({
      steps: [{ name: 'token' }],
      absent: { match: { all: [{ fact: 'result', operator: 'equal', value: 'x' }] }, windowMs: 3_600_000 },
    });
  });

  it.each([
    {
      name: 'one step without absent',
      aggregate: sequence(...token),
      problem: 'a.rule.yaml:11:5: a sequence needs at least two steps, or one step and absent',
    },
    {
      name: 'two steps of one name',
      aggregate: sequence(...token, ...token),
      problem: "a.rule.yaml:13:13: step name 'token' is used twice",
    },
    {
      name: 'a step window longer than the sequence window',
      aggregate: sequence(...spray.map((line) => line.replace('10m', '2h')), ...token),
      problem: 'a.rule.yaml:15:15: the step window 2h is longer than the sequence window 1h',
    },
    {
      name: 'a step name that is not lowercase words',
      aggregate: sequence(...spray.map((line) => line.replace('spray', 'Spray Step')), ...token),
      problem: "a.rule.yaml:11:13: a step name is lowercase words joined by '-'",
    },
    {
      name: 'an unknown shared condition in a step',
      aggregate: sequence(...spray, ...token.map((line) => line.replace('succeeded', 'succeded'))),
      problem: "a.rule.yaml:17:27: unknown condition 'succeded'; did you mean 'succeeded'?",
    },
    {
      name: 'an unknown list in the absent clause',
      aggregate: [
        ...sequence(...spray, ...token),
        '  absent: { match: { all: [{ fact: ip, operator: inList, value: nowhere }] } }',
      ],
      problem: "a.rule.yaml:18:65: unknown list 'nowhere'",
    },
    {
      name: 'an unknown fact to count distinct values of',
      aggregate: sequence(
        ...spray.map((line) => line.replace('details.LocalAccountUsername', 'target.name')),
        ...token,
      ),
      problem: "a.rule.yaml:14:17: unknown fact 'target.name'",
    },
    {
      name: 'six steps',
      aggregate: sequence(...[1, 2, 3, 4, 5, 6].flatMap((n) => token.map((line) => line.replace('token', `t${n}`)))),
      problem: 'a.rule.yaml:11:5: a sequence has at most 5 steps',
    },
  ])('reports $name with its place', async ({ aggregate, problem }) => {
    const { ruleSet, problems } = await load({ 'a.rule.yaml': ruleFile(...aggregate), ...succeeded });
    expect(ruleSet).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(problem);
  });
});
