// The shipped pack's regex conditions (issue 12): our linear-time engine (RE2, through the compiled
// `regex` operator) against JavaScript's backtracking RegExp on the same facts of the same generated
// events, in this one run; then one hostile user agent, where RegExp's time grows exponentially.
import { fileURLToPath } from 'node:url';
import { normalize } from '@b2c-alerts/audit-client';
import { RuleMatcher, getFact, loadRuleSet, formatProblem } from '@b2c-alerts/rule-engine';
import { generateTraffic } from '@b2c-alerts/testkit';
import { fmt, perSecond, report } from '../lib.mjs';

const rulesDir = fileURLToPath(new URL('../../rules', import.meta.url));
const { ruleSet, problems } = await loadRuleSet(rulesDir, { routes: ['security'] });
if (!ruleSet) throw new Error(problems.map(formatProblem).join('\n'));

/** Every `regex` leaf of the enabled rules and the shared conditions they use, once per (fact, pattern). */
function regexLeaves() {
  const found = new Map();
  const visit = (condition) => {
    if ('all' in condition) condition.all.forEach(visit);
    else if ('any' in condition) condition.any.forEach(visit);
    else if ('not' in condition) visit(condition.not);
    else if ('condition' in condition) visit(ruleSet.conditions[condition.condition]);
    else if (condition.operator === 'regex' && typeof condition.value === 'string')
      found.set(`${condition.fact} ${condition.value}`, { fact: condition.fact, pattern: condition.value });
  };
  for (const rule of ruleSet.rules) if (rule.enabled) visit(rule.match);
  return [...found.values()];
}

const leaves = regexLeaves();
const end = Date.parse('2026-11-01T00:00:00Z');
const events = [...generateTraffic({ seed: 35, start: end - 86_400_000, end, eventsPerHour: 4200 })]
  .slice(0, 100_000)
  .map((e) => normalize(e));

// Ours: each leaf as a one-leaf rule, so the test is exactly the compiled operator the evaluator runs.
const context = { lists: {}, conditions: {} };
const matchers = leaves.map(
  ({ fact, pattern }, i) =>
    new RuleMatcher(
      [
        {
          id: `bench.regex.${i}`,
          title: 'bench',
          description: 'bench',
          severity: 'low',
          enabled: true,
          match: { all: [{ fact, operator: 'regex', value: pattern }] },
        },
      ],
      context,
    ),
);
// Baseline: what the operator did before, a RegExp per pattern on the same fact.
const regexps = leaves.map(({ fact, pattern }) => ({ fact, regexp: new RegExp(pattern) }));

function runOurs() {
  let hits = 0;
  for (const e of events) for (const m of matchers) hits += m.match(e).length;
  return hits;
}
function runRegExp() {
  let hits = 0;
  for (const e of events)
    for (const { fact, regexp } of regexps) {
      const value = getFact(e, fact);
      if (typeof value === 'string' && regexp.test(value)) hits += 1;
    }
  return hits;
}

runOurs();
runRegExp(); // warm-up
const passes = 3;
let oursHits = 0;
let t = performance.now();
for (let p = 0; p < passes; p += 1) oursHits = runOurs();
const oursRate = perSecond(events.length * leaves.length * passes, performance.now() - t);
let regexpHits = 0;
t = performance.now();
for (let p = 0; p < passes; p += 1) regexpHits = runRegExp();
const regexpRate = perSecond(events.length * leaves.length * passes, performance.now() - t);

const patterns = [...new Set(leaves.map((l) => `'${l.pattern}'`))].join(', ');
report({
  case: `regex: ours (RE2, linear time), ${leaves.length} shipped regex conditions`,
  metric: 'tests/s',
  value: fmt(oursRate),
  note: `${fmt(events.length)} events × ${leaves.length} conditions × ${passes} passes; patterns ${patterns}`,
});
report({
  case: 'regex: RegExp (backtracking), same conditions',
  metric: 'tests/s',
  value: fmt(regexpRate),
  note: `same events; ${oursHits === regexpHits ? 'same' : `DIFFERENT (${regexpHits} vs ${oursHits})`} matches (${fmt(oursHits)})`,
});
report({
  case: 'regex: ours ÷ RegExp on the shipped pack',
  metric: 'ratio',
  value: `${(oursRate / regexpRate).toFixed(2)}×`,
  note: 'same run, same conditions, same events',
});

// One hostile user agent against `^(a+)+$`: RegExp backtracks 2^n ways, RE2 reads the text once.
const hostileLength = 24;
const hostile = { ...events[0], userAgent: `${'a'.repeat(hostileLength)}!` };
const hostileMatcher = new RuleMatcher(
  [
    {
      id: 'bench.regex.hostile',
      title: 'bench',
      description: 'bench',
      severity: 'low',
      enabled: true,
      match: { all: [{ fact: 'userAgent', operator: 'regex', value: '^(a+)+$' }] },
    },
  ],
  context,
);
const reps = 1000;
t = performance.now();
for (let i = 0; i < reps; i += 1) hostileMatcher.match(hostile);
const oursHostileMs = (performance.now() - t) / reps;
t = performance.now();
/^(a+)+$/.test(hostile.userAgent);
const regexpHostileMs = performance.now() - t;
report({
  case: `regex: '^(a+)+$' on a ${hostileLength + 1}-character user agent`,
  metric: 'ms/event',
  value: `${oursHostileMs.toFixed(3)} (ours) vs ${fmt(Math.round(regexpHostileMs))} (RegExp)`,
  note: `same run; RegExp doubles per added character (28 characters took about 10 s), ours stays linear`,
});
