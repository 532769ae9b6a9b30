import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/parsing/rule-problem.js';
import { runRuleTests } from '../../src/rule-tests/run-rule-tests.js';
import { loadRuleSet } from '../../src/rule-set/load-rule-set.js';

// A rules directory is the security team's, but a stray `ln -s .. loop` in it must not take the
// service down: before, such a loop cost 21 s of CPU and a stack overflow to list. These tests carry a
// timeout as a hang bound, not as a speed assertion.
const hangBound = { timeout: 15_000 };

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((remove) => remove()));
});

const ruleText = (id: string) =>
  [
    `id: ${id}`,
    'title: A rule',
    'description: d',
    'severity: high',
    'match: { all: [{ fact: actor.upn, operator: inList, value: deployers }] }',
    '',
  ].join('\n');

const testsText = (id: string) =>
  [
    `rule: ${id}`,
    'cases:',
    '  - name: fires for a deployer',
    '    events: [{ activity: x, actor: { upn: a@contoso.example } }]',
    '    expect: [{ count: 1 }]',
    '  - name: stays silent for others',
    '    events: [{ activity: x, actor: { upn: b@contoso.example } }]',
    '    expect: []',
    '',
  ].join('\n');

/**
 * `<outer>/rules` with rules in a/ and b/, a list, and symbolic links that loop: a/to-b ↔ b/to-a,
 * a/again → the rules directory itself, b/self → b, and a/outer → the directory that holds the rules
 * directory (a parent of the root), and a/lists-too → lists.
 */
async function loopingRulesDir(): Promise<string> {
  const outer = await mkdtemp(join(tmpdir(), 'hostile-rules-dir-'));
  cleanups.push(() => rm(outer, { recursive: true, force: true }));
  const dir = join(outer, 'rules');
  const files: Record<string, string> = {
    'a/first.rule.yaml': ruleText('b2c.test.first'),
    'a/first.tests.yaml': testsText('b2c.test.first'),
    'b/second.rule.yaml': ruleText('b2c.test.second'),
    'b/second.tests.yaml': testsText('b2c.test.second'),
    'lists/deployers.yaml': 'values: [a@contoso.example]\n',
  };
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  await symlink('../b', join(dir, 'a/to-b'));
  await symlink('../a', join(dir, 'b/to-a'));
  await symlink('..', join(dir, 'a/again'));
  await symlink('.', join(dir, 'b/self'));
  await symlink(outer, join(dir, 'a/outer'));
  await symlink('../lists', join(dir, 'a/lists-too'));
  return dir;
}

describe('a rules directory with symbolic link loops', () => {
  it('loads each rule and list once, under its own path', hangBound, async () => {
    const dir = await loopingRulesDir();
    const { ruleSet, problems } = await loadRuleSet(dir);
    expect(problems.map(formatProblem)).toEqual([]);
    expect(ruleSet?.rules.map((r) => [r.id, r.source.file])).toEqual([
      ['b2c.test.first', join(dir, 'a/first.rule.yaml')],
      ['b2c.test.second', join(dir, 'b/second.rule.yaml')],
    ]);
    expect(Object.keys(ruleSet?.lists ?? {})).toEqual(['deployers']);
  });

  it('runs each tests file once and finds none orphaned', hangBound, async () => {
    const dir = await loopingRulesDir();
    const report = await runRuleTests(dir);
    expect(report.problems.map(formatProblem)).toEqual([]);
    expect(report.results.map((r) => [r.file, r.case, r.passed])).toEqual([
      [join(dir, 'a/first.tests.yaml'), 'fires for a deployer', true],
      [join(dir, 'a/first.tests.yaml'), 'stays silent for others', true],
      [join(dir, 'b/second.tests.yaml'), 'fires for a deployer', true],
      [join(dir, 'b/second.tests.yaml'), 'stays silent for others', true],
    ]);
  });

  it('still follows a link to a directory outside the tree, once', hangBound, async () => {
    const outer = await mkdtemp(join(tmpdir(), 'hostile-rules-dir-'));
    cleanups.push(() => rm(outer, { recursive: true, force: true }));
    const dir = join(outer, 'rules');
    await mkdir(join(outer, 'outside'), { recursive: true });
    await mkdir(dir);
    await writeFile(join(outer, 'outside/third.rule.yaml'), ruleText('b2c.test.third'));
    await mkdir(join(dir, 'lists'));
    await writeFile(join(dir, 'lists/deployers.yaml'), 'values: []\n');
    await symlink(join(outer, 'outside'), join(dir, 'outside'));
    await symlink(join(outer, 'outside'), join(dir, 'outside-again'));
    await symlink(dir, join(outer, 'outside/back'));
    const { ruleSet, problems } = await loadRuleSet(dir);
    expect(problems.map(formatProblem)).toEqual([]);
    expect(ruleSet?.rules.map((r) => r.source.file)).toEqual([join(dir, 'outside/third.rule.yaml')]);
  });
});
