import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { compileRegex, regexTextLimit } from '../../src/operators/custom/linear-regex.js';
import { RuleMatcher } from '../../src/evaluation/rule-matcher.js';
import { Evaluator } from '../../src/evaluation/evaluator.js';
import { MemoryStateStore } from '../../src/state/memory/memory-state-store.js';
import { loadRuleSet } from '../../src/rule-set/load-rule-set.js';
import { formatProblem } from '../../src/parsing/rule-problem.js';
import { loadSilences } from '../../src/silences/load-silences.js';
import { matcherHolds, type SilenceTarget } from '../../src/silences/silence-matcher.js';
import type { RuleDefinition, RuleSet } from '../../src/rule-set/rule-definition.js';
import { auditEvent, t0 } from '../helpers/audit-events.js';
import { makeRuleDir } from '../helpers/rule-dir.js';

// Event text is written by whoever drives traffic at the tenant. A backtracking engine takes exponential
// time on `^(a+)+$` against 'aaaa…!' (about 10 s for 28 characters); these tests check that every rule and
// silence regex runs on the linear-time engine instead, and that the loader refuses what it cannot run.
// Speed itself is measured in `pnpm bench`, never asserted here.

const catastrophic = '^(a+)+$';
const hostileText = `${'a'.repeat(28)}!`;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((remove) => remove()));
});

async function ruleDir(files: Record<string, string>): Promise<string> {
  const { dir, remove } = await makeRuleDir(files);
  cleanups.push(remove);
  return dir;
}

async function problemsOf(files: Record<string, string>): Promise<string[]> {
  const dir = await ruleDir(files);
  const { problems } = await loadRuleSet(dir);
  return problems.map((p) => formatProblem({ ...p, file: p.file.slice(dir.length + 1) }));
}

/** A rule whose only leaf is `text`, on line 7 at column 7. */
const leafRule = (text: string) =>
  [
    'id: b2c.test.rule',
    'title: Test rule',
    'description: A test rule.',
    'severity: high',
    'match:',
    '  all:',
    `    - ${text}`,
    '',
  ].join('\n');

describe('rule regexes', () => {
  it('compile to the linear-time engine, not to a backtracking RegExp', () => {
    const regex = compileRegex(catastrophic);
    expect(regex).not.toBeInstanceOf(RegExp);
    expect(regex.engine).toBe('re2');
    expect(regex.test(hostileText)).toBe(false);
    expect(regex.test('aaaa')).toBe(true);
  });

  it('evaluate the catastrophic pattern on a hostile user agent through the rule matcher', () => {
    const rule: RuleDefinition = {
      id: 'b2c.test.hostile',
      title: 'hostile',
      description: 'hostile',
      severity: 'high',
      enabled: true,
      match: { all: [{ fact: 'userAgent', operator: 'regex', value: catastrophic }] },
    } as RuleDefinition;
    const matcher = new RuleMatcher([rule], { lists: {}, conditions: {} });
    const event = { ...auditEvent({ id: 'e1', time: t0 }), userAgent: hostileText };
    expect(matcher.match(event)).toEqual([]);
    expect(matcher.match({ ...event, userAgent: 'aaaa' }).map((r) => r.id)).toEqual(['b2c.test.hostile']);
  });

  it('match only the first regexTextLimit characters of a fact', () => {
    const regex = compileRegex('x$');
    expect(regex.test(`${'a'.repeat(regexTextLimit - 1)}x`)).toBe(true);
    expect(regex.test(`${'a'.repeat(regexTextLimit)}x`)).toBe(false);
  });

  it('keep JavaScript dot semantics: no line terminator matches `.` without (?s)', () => {
    for (const text of ['\n', '\r', '\u2028', '\u2029']) {
      expect(compileRegex('.').test(text)).toBe(false);
      expect(compileRegex('(?s).').test(text)).toBe(true);
    }
    expect(compileRegex('[.]').test('x')).toBe(false);
    expect(compileRegex('\\.').test('x')).toBe(false);
    expect(compileRegex('.').test('1.2.3.4')).toBe(true);
  });

  it('are refused at load when the value is a fact reference, with file:line:col', async () => {
    expect(
      await problemsOf({ 'a.rule.yaml': leafRule('{ fact: actor.upn, operator: regex, value: { fact: userAgent } }') }),
    ).toEqual([expect.stringMatching(/^a\.rule\.yaml:7:50: 'regex' takes a literal pattern.*not a fact reference/)]);
    expect(
      await problemsOf({ 'a.rule.yaml': leafRule('{ fact: userAgent, operator: swap:regex, value: x }') }),
    ).toEqual([expect.stringMatching(/^a\.rule\.yaml:7:36: 'swap:regex' would take the pattern from the event/)]);
  });

  it('are refused at load when the engine cannot take them, naming file:line:col and why', async () => {
    expect(
      await problemsOf({ 'a.rule.yaml': leafRule('{ fact: actor.upn, operator: regex, value: "(a)\\\\1" }') }),
    ).toEqual([
      expect.stringMatching(/^a\.rule\.yaml:7:50: regex '\(a\)\\1' uses a backreference, which the linear-time engine/),
    ]);
    expect(
      await problemsOf({ 'a.rule.yaml': leafRule("{ fact: actor.upn, operator: regex, value: '^(?!admin)' }") }),
    ).toEqual([expect.stringMatching(/^a\.rule\.yaml:7:50: regex '\^\(\?!admin\)' uses lookahead or lookbehind/)]);
    expect(
      await problemsOf({ 'a.rule.yaml': leafRule("{ fact: actor.upn, operator: regex, value: 'a(?i)b' }") }),
    ).toEqual([expect.stringMatching(/^a\.rule\.yaml:7:50: regex 'a\(\?i\)b'.*flags go only at the start/)]);
  });
});

describe('silence regexes', () => {
  const target: SilenceTarget = {
    ruleId: 'b2c.test.rule',
    event: { ...auditEvent({ id: 'e1', time: t0 }), userAgent: hostileText },
    groupValues: {},
  };

  it('=~ and !~ run on the linear-time engine, anchored at both ends', () => {
    expect(compileRegex(catastrophic, { whole: true }).engine).toBe('re2');
    expect(matcherHolds({ name: 'userAgent', value: '(a+)+', isRegex: true }, target)).toBe(false);
    expect(matcherHolds({ name: 'userAgent', value: '(a+)+', isRegex: true, isEqual: false }, target)).toBe(true);
    expect(matcherHolds({ name: 'userAgent', value: '(a+)+!', isRegex: true }, target)).toBe(true);
  });

  it('are refused at load when the engine cannot take them, naming file:line:col and why', async () => {
    const dir = await ruleDir({});
    const file = join(dir, 'silences.yaml');
    await writeFile(
      file,
      [
        'silences:',
        '  - id: a',
        '    matchers: [{ name: userAgent, value: "(?<=x)y", isRegex: true }]',
        '    startsAt: 2026-01-12T08:00:00Z',
        '    endsAt: 2026-01-12T09:00:00Z',
        '    reason: r',
        '    author: me',
      ].join('\n'),
    );
    const { problems } = await loadSilences(file, { now: Date.parse('2026-01-12T08:30:00Z') });
    expect(problems.map((p) => formatProblem({ ...p, file: 'silences.yaml' }))).toEqual([
      expect.stringMatching(/^silences\.yaml:3:42: regex '\(\?<=x\)y' uses lookahead or lookbehind/),
    ]);
  });
});

describe('the evaluator', () => {
  it('meets each event with the rule matcher once and reports every match for per-rule metrics', async () => {
    const rule = {
      id: 'b2c.test.agent',
      title: 'agent',
      description: 'agent',
      severity: 'high',
      enabled: true,
      match: { all: [{ fact: 'userAgent', operator: 'regex', value: '^curl/' }] },
    } as RuleDefinition;
    const ruleSet: RuleSet = { rules: [rule], lists: {}, conditions: {}, version: 'test' };
    // The fact is a getter, so the test counts how often the rules read it: once per event is the bound.
    let reads = 0;
    const events = ['curl/8.5', 'Mozilla/5.0'].map((agent, i) =>
      Object.defineProperty({ ...auditEvent({ id: `e${i}`, time: t0 + i }) }, 'userAgent', {
        enumerable: true,
        get: () => {
          reads += 1;
          return agent;
        },
      }),
    );
    const evaluator = new Evaluator({ ruleSet, store: new MemoryStateStore() });
    const matched: string[] = [];
    await evaluator.evaluate(events, { onMatch: (r, event) => matched.push(`${r.id} ${event.id}`) });
    expect(matched).toEqual(['b2c.test.agent e0']);
    expect(reads).toBe(2);
  });
});
