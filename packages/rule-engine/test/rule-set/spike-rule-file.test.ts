import { afterEach, describe, expect, it } from 'vitest';
import { loadRuleSet } from '../../src/rule-set/load-rule-set.js';
import { formatProblem, type RuleProblem } from '../../src/parsing/rule-problem.js';
import { makeRuleDir } from '../helpers/rule-dir.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((remove) => remove()));
});

async function load(aggregate: string, ...extra: string[]) {
  const text = [
    'id: b2c.test.spike', //                                     line 1
    'title: Spike', //                                           line 2
    'description: A spike.', //                                  line 3
    'severity: high', //                                         line 4
    'match: { all: [{ fact: activity, operator: equal, value: x }] }', // line 5
    `aggregate: ${aggregate}`, //                                line 6
    ...extra,
    '',
  ].join('\n');
  const { dir, remove } = await makeRuleDir({ 'a.rule.yaml': text });
  cleanups.push(remove);
  const result = await loadRuleSet(dir);
  const where = (p: RuleProblem) => `${p.line}:${p.column} ${p.message}`;
  return { ...result, problems: result.problems.map(where), formatted: result.problems.map(formatProblem) };
}

describe('a spike aggregate in a rule file', () => {
  it('loads a drop, a rise and both, with the window in ms, the drop as a number and min counts defaulting to 0', async () => {
    const down = await load(
      '{ kind: spike, groupBy: [tenant], window: 1h, direction: down, drop: 60%, minPrevious: 200 }',
    );
    expect(down.problems).toEqual([]);
    expect(down.ruleSet!.rules[0]!.aggregate).toEqual({
      kind: 'spike',
      groupBy: ['tenant'],
      windowMs: 3_600_000,
      direction: 'down',
      dropPercent: 60,
      minCurrent: 0,
      minPrevious: 200,
    });
    const up = await load(
      '{ kind: spike, groupBy: details.PolicyId, window: 90m, direction: up, ratio: 2.5, minCurrent: 50 }',
    );
    expect(up.ruleSet!.rules[0]!.aggregate).toEqual({
      kind: 'spike',
      groupBy: ['details.PolicyId'],
      windowMs: 5_400_000,
      direction: 'up',
      ratio: 2.5,
      minCurrent: 50,
      minPrevious: 0,
    });
    const both = await load('{ kind: spike, window: 1h, direction: both, ratio: 3, drop: 62.5% }');
    expect(both.ruleSet!.rules[0]!.aggregate).toMatchObject({ groupBy: [], ratio: 3, dropPercent: 62.5 });
  });

  it.each([
    ['{ kind: spike, window: 1h, direction: up }', ['6:12 direction: up needs ratio', 'ratio: 5']],
    ['{ kind: spike, window: 1h, direction: down }', ['6:12 direction: down needs drop', 'drop: 60%']],
    ['{ kind: spike, window: 1h, direction: both, ratio: 5 }', ['6:12 direction: both needs drop']],
    ['{ kind: spike, window: 1h, direction: up, ratio: 5, drop: 60% }', ['6:70 drop is for a fall', 'direction: both']],
    ['{ kind: spike, window: 1h, direction: down, drop: 60%, ratio: 5 }', ['6:74 ratio is for a rise']],
    ['{ kind: spike, window: 1h, direction: down, drop: 0.6 }', ['6:62 write a percentage with its sign', '0.6%']],
    [
      '{ kind: spike, window: 1h, direction: down, drop: 160% }',
      ['6:62 expected a percentage above 0% and at most 100%', "got '160%'"],
    ],
    ['{ kind: spike, window: 1h, direction: up, ratio: 1 }', ['6:61 ratio must be more than 1']],
    ['{ kind: spike, window: 90s, direction: up, ratio: 5 }', ['6:35 a spike window is whole minutes', "got '90s'"]],
    [
      '{ kind: spike, window: 1h, direction: sideways, ratio: 5 }',
      ["6:50 'aggregate.direction' must be one of up, down, both"],
    ],
    [
      '{ kind: spike, window: 1h, direction: up, ratio: 5, minCurrent: -1 }',
      ["6:76 'aggregate.minCurrent' must be at least 0"],
    ],
  ])('refuses %s', async (aggregate, fragments) => {
    const { ruleSet, problems, formatted } = await load(aggregate);
    expect(ruleSet).toBeUndefined();
    expect(problems).toHaveLength(1);
    for (const fragment of fragments) expect(problems[0], formatted[0]).toContain(fragment);
  });

  it('refuses a throttle: the spike re-arms by window instead', async () => {
    const { problems } = await load(
      '{ kind: spike, window: 1h, direction: up, ratio: 5 }',
      'throttle: { key: [ip], for: 1h }',
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^7:11 a spike rule takes no throttle/);
  });
});
