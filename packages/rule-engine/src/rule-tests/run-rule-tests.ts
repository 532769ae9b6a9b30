import { join, relative, sep } from 'node:path';
import type { AuditEvent } from '@b2c-alerts/audit-client';
import { buildTestEvents, defaultTestStart } from './build-test-events.js';
import { Evaluator } from '../evaluation/evaluator.js';
import { findTestsFiles, testsFilesOf } from './find-tests-files.js';
import { loadRuleSet, type LoadRuleSetOptions } from '../rule-set/load-rule-set.js';
import { MemoryStateStore } from '../state/memory/memory-state-store.js';
import { didYouMean } from '../parsing/nearest-name.js';
import { tickTime } from './offset-schema.js';
import { parseDuration } from '../parsing/parse-duration.js';
import { ParsedFile } from '../parsing/parsed-file.js';
import type { AlertCandidate, RuleDefinition, RuleSet } from '../rule-set/rule-definition.js';
import { compareProblems, type RuleProblem } from '../parsing/rule-problem.js';
import { alertsDiff } from './rule-test-diff.js';
import { testsFileSchema, type TestCase, type TestsFile } from './tests-file-schema.js';

/** The outcome of one case, or of a check on a rule's tests as a whole (`kind: 'rule'`). */
export interface RuleTestResult {
  kind: 'case' | 'rule';
  ruleId: string;
  /** The tests file (the rules directory joined with its relative path), or the rule file when there is none. */
  file: string;
  /** The case's name; for `kind: 'rule'`, what is wrong (`no case that fires`). */
  case: string;
  passed: boolean;
  /** Why it failed: expected vs actual alerts, an error, or what to add. */
  diff?: string;
}

export interface RuleTestsReport {
  /** Every case and every per-rule check, by rule (in rule set order), cases in file order. */
  results: RuleTestResult[];
  passed: number;
  failed: number;
  /** Problems of the rule set (then no test runs) and of tests files, with file:line:col. */
  problems: RuleProblem[];
}

export type RunRuleTestsOptions = LoadRuleSetOptions;

/**
 * Runs every `<stem>.tests.yaml` (or .yml, .json) beside its `<stem>.rule.yaml` under `dir`. Each case
 * runs with a fresh MemoryStateStore and an Evaluator holding only its rule (enabled, whatever the file
 * says) plus the set's lists and shared conditions. Its events are evaluated one at a time in the order
 * listed; each tick (an offset from the newest event, or from `start` when there is none, or an ISO
 * time, and with `tickEvery` each multiple of it from the first event to the last) runs before the first
 * event later than it, the rest after the last event. A case passes when
 * the rule raised as many alerts as `expect` lists, each matching its expected one partially, in order.
 * A rule with no tests file, no case that fires or no case that must not fire fails on its own. A bad
 * rule or tests file, or a tests file with no rule beside it, is a problem, not an exception (a rule set
 * with problems runs no test); throws only when `dir` cannot be read (as loadRuleSet does).
 */
export async function runRuleTests(dir: string, options: RunRuleTestsOptions = {}): Promise<RuleTestsReport> {
  const loaded = await loadRuleSet(dir, options);
  if (!loaded.ruleSet) return { results: [], passed: 0, failed: 0, problems: loaded.problems };
  const ruleSet = loaded.ruleSet;
  const results: RuleTestResult[] = [];
  const problems: RuleProblem[] = [];
  const claimed = new Set<string>();
  const rulePaths: string[] = [];

  for (const rule of ruleSet.rules) {
    const rulePath = relative(dir, rule.source.file).split(sep).join('/');
    rulePaths.push(rulePath);
    const [path, ...extra] = await testsFilesOf(dir, rulePath);
    const fail = (file: string, what: string, fix: string) =>
      results.push({ kind: 'rule', ruleId: rule.id, file, case: what, passed: false, diff: fix });
    if (path === undefined) {
      const expected = rule.source.file.replace(/\.rule\.(?:ya?ml|json)$/, '.tests.yaml');
      fail(
        rule.source.file,
        'no tests file',
        `rule ${rule.id} has no tests: add ${expected} with a case that fires and a case that must not fire`,
      );
      continue;
    }
    for (const p of [path, ...extra]) claimed.add(p);
    const file = await ParsedFile.read(dir, path);
    for (const p of extra) file.report({ path: [], message: `rule ${rule.id} has a second tests file ${p}; keep one` });
    const tests = readTestsFile(file, rule);
    problems.push(...file.problems);
    if (!tests || file.problems.length > 0) {
      fail(
        file.file,
        'invalid tests file',
        `rule ${rule.id}: its tests file has ${file.problems.length} problem${file.problems.length === 1 ? '' : 's'} (listed with the problems); no case ran`,
      );
      continue;
    }
    for (const [index, testCase] of tests.cases.entries()) {
      results.push({
        kind: 'case',
        ruleId: rule.id,
        file: file.file,
        case: testCase.name,
        ...(await runCase(rule, ruleSet, testCase, index)),
      });
    }
    if (!tests.cases.some((c) => c.expect.length > 0)) {
      fail(
        file.file,
        'no case that fires',
        `rule ${rule.id} has no case that fires: add a case whose expect lists the alert it raises`,
      );
    }
    if (!tests.cases.some((c) => c.expect.length === 0)) {
      fail(
        file.file,
        'no case that must not fire',
        `rule ${rule.id} has no case that must not fire: add a case with near-miss events and expect: []`,
      );
    }
  }

  for (const path of await findTestsFiles(dir)) {
    if (claimed.has(path)) continue;
    const stem = path.replace(/\.tests\.(?:ya?ml|json)$/, '');
    const near = didYouMean(`${stem}.rule.yaml`, rulePaths);
    problems.push({
      file: join(dir, path),
      line: 1,
      column: 1,
      message: `no rule beside this tests file: expected ${stem}.rule.yaml${near}`,
    });
  }

  const passed = results.filter((r) => r.passed).length;
  return { results, passed, failed: results.length - passed, problems: problems.sort(compareProblems) };
}

function readTestsFile(file: ParsedFile, rule: RuleDefinition): TestsFile | undefined {
  if (!file.readable) return undefined;
  if (file.value === null || file.value === undefined) {
    file.report({
      path: [],
      message: `the file is empty; a tests file holds cases: a list of cases with name, events and expect`,
    });
    return undefined;
  }
  const tests = file.validate(testsFileSchema);
  if (!tests) return undefined;
  if (tests.rule !== undefined && tests.rule !== rule.id) {
    file.report({
      path: ['rule'],
      message: `rule '${tests.rule}' is not the rule beside this file ('${rule.id}' in ${rule.source.file}); write rule: ${rule.id} or leave it out`,
    });
  }
  const seen = new Map<string, number>();
  tests.cases.forEach((c, i) => {
    const first = seen.get(c.name);
    if (first !== undefined)
      file.report({
        path: ['cases', i, 'name'],
        message: `case name '${c.name}' is also used by case ${first + 1}; give each case its own name`,
      });
    else seen.set(c.name, i);
  });
  return tests;
}

async function runCase(
  rule: RuleDefinition,
  ruleSet: RuleSet,
  testCase: TestCase,
  index: number,
): Promise<{ passed: boolean; diff?: string }> {
  try {
    const start = testCase.start !== undefined ? Date.parse(testCase.start) : defaultTestStart;
    const events = buildTestEvents(testCase.events, { caseIndex: index, start });
    const evaluator = new Evaluator({
      ruleSet: { ...ruleSet, rules: [{ ...rule, enabled: true }] },
      store: new MemoryStateStore(),
    });
    const last = events.reduce((newest, e) => Math.max(newest, e.timestamp), events.length > 0 ? -Infinity : start);
    const ticks = [
      ...testCase.ticks.map((tick) => tickTime(tick, last)),
      ...everyTick(testCase.tickEvery, events),
    ].sort((a, b) => a - b);
    const actual: AlertCandidate[] = [];
    for (const event of events) {
      // A tick earlier than the event runs before it: ticks at absolute times can sit between events.
      while (ticks.length > 0 && ticks[0]! < event.timestamp) actual.push(...(await evaluator.tick(ticks.shift()!)));
      actual.push(...(await evaluator.evaluate([event])));
    }
    for (const tick of ticks) actual.push(...(await evaluator.tick(tick)));
    const diff = alertsDiff(
      testCase.expect,
      actual.filter((a) => a.ruleId === rule.id),
    );
    return diff === undefined ? { passed: true } : { passed: false, diff };
  } catch (error) {
    return { passed: false, diff: `the case could not run: ${(error as Error).message}` };
  }
}

/** Ticks of a case's `tickEvery` checked at most: beyond this a case's timeline is too long for its step. */
const maxEveryTicks = 100_000;

/** The multiples of `tickEvery` (UTC) from the first event to the last, as a worker ticking on a schedule. */
function everyTick(tickEvery: string | undefined, events: readonly AuditEvent[]): number[] {
  if (tickEvery === undefined || events.length === 0) return [];
  const every = parseDuration(tickEvery);
  const first = Math.ceil(events.reduce((min, e) => Math.min(min, e.timestamp), Infinity) / every) * every;
  const last = events.reduce((max, e) => Math.max(max, e.timestamp), -Infinity);
  if ((last - first) / every >= maxEveryTicks)
    throw new Error(
      `tickEvery ${tickEvery} makes more than ${maxEveryTicks} ticks over the case's events; use a longer tickEvery or list ticks`,
    );
  const ticks: number[] = [];
  for (let tick = first; tick <= last; tick += every) ticks.push(tick);
  return ticks;
}
