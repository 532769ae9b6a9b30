// The shipped rule pack over 200k generated events (issue 3): json-rules-engine with one reused engine
// (the reference our differential test uses: fast path resolver, our operators) vs our compiled,
// activity-indexed matcher. The engine runs on a 10k-event slice (it does ~2k events/s); both rates
// and the ratio come from this one run, and the slice's matches are checked to agree.
import { fileURLToPath } from 'node:url';
import { normalize } from '@b2c-alerts/audit-client';
import { RuleMatcher, createReferenceEngine, loadRuleSet, formatProblem } from '@b2c-alerts/rule-engine';
import { generateTraffic, incidents } from '@b2c-alerts/testkit';
import { fmt, perSecond, report } from '../lib.mjs';

const rulesDir = fileURLToPath(new URL('../../rules', import.meta.url));
const { ruleSet, problems } = await loadRuleSet(rulesDir, { routes: ['security'] });
if (!ruleSet) throw new Error(problems.map(formatProblem).join('\n'));
const rules = ruleSet.rules.filter((r) => r.enabled);

const end = Date.parse('2026-11-01T00:00:00Z');
const raw = [...generateTraffic({ seed: 3, start: end - 3 * 86_400_000, end, eventsPerHour: 2800 })].slice(0, 200_000);
raw.splice(
  50_000,
  0,
  ...incidents.policyKeyDeleted(end - 2 * 86_400_000),
  ...incidents.customPolicyBurst(end - 86_400_000),
  ...incidents.passwordSpray(end - 3_600_000),
);
const events = raw.map((e) => normalize(e));

const matcher = new RuleMatcher(rules, ruleSet);
let ours = 0;
for (const e of events.slice(0, 20_000)) ours += matcher.match(e).length; // warm-up
ours = 0;
const passes = 3;
let t = performance.now();
for (let p = 0; p < passes; p += 1) for (const e of events) ours += matcher.match(e).length;
const oursMs = performance.now() - t;
const oursRate = perSecond(events.length * passes, oursMs);

const engine = createReferenceEngine(rules, ruleSet);
const slice = events.slice(40_000, 50_000 + 60); // includes the planted incidents
let disagreements = 0;
t = performance.now();
for (const e of slice) {
  const ids = await engine.match(e);
  const mine = matcher.match(e).map((r) => r.id);
  if (ids.length !== mine.length || ids.some((id) => !mine.includes(id))) disagreements += 1;
}
const engineMs = performance.now() - t;
const engineRate = perSecond(slice.length, engineMs);

report({
  case: `rules: ours (compiled + indexed), ${rules.length} rules`,
  metric: 'events/s',
  value: fmt(oursRate),
  note: `${fmt(events.length)} events × ${passes} passes, ${fmt(ours / passes)} matches per pass`,
});
report({
  case: 'rules: json-rules-engine 7.3 (one reused engine)',
  metric: 'events/s',
  value: fmt(engineRate),
  note: `${fmt(slice.length)}-event slice; ${disagreements} disagreements with ours`,
});
report({
  case: 'rules: ours ÷ json-rules-engine',
  metric: 'ratio',
  value: `${(oursRate / engineRate).toFixed(0)}×`,
  note: 'same run, same rules, same events',
});
