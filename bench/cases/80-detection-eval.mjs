// The labelled evaluation of the shipped pack (issue 10), as `pnpm eval` runs it: 3 evaluated days of
// generated benign traffic after a warm-up as long as the pack's learning, 24 planted attacks, the pack
// configured and as shipped. Rows: attacks caught, benign alerts a day, events, time and RSS; the full
// table goes to BENCHMARKS.md as its own section.
import { fileURLToPath } from 'node:url';
import { evaluationVerdict, formatEvaluationMarkdown, runEvaluation } from '@b2c-alerts/cli';
import { loadRuleSet } from '@b2c-alerts/rule-engine';
import { fmt, perSecond, report, section } from '../lib.mjs';

const days = 3;
const seed = 1;
const loaded = await loadRuleSet(fileURLToPath(new URL('../../rules', import.meta.url)), {});
if (loaded.ruleSet === undefined)
  throw new Error('the shipped rules have problems: run pnpm b2c-alerts rules validate');
const result = await runEvaluation({ ruleSet: loaded.ruleSet, days, seed });
const verdict = evaluationVerdict(result, 1);

const name = `labelled evaluation: shipped pack, ${days} days after a ${result.warmUpDays}-day warm-up, seed ${seed}`;
const total = result.attacks.length;
const caught = (run) => result.attacks.filter((attack) => attack.caughtBy[run].length > 0);
const missed = (run) =>
  result.attacks
    .filter((attack) => attack.caughtBy[run].length === 0)
    .map((attack) => attack.id)
    .join(', ') || 'none';
const benign = (run) => result.rules.reduce((sum, rule) => sum + rule.benignByDay[run].reduce((a, b) => a + b, 0), 0);
const warmUp = (run) => result.rules.reduce((sum, rule) => sum + rule.warmUp[run], 0);
const events = result.events.warmUp + result.events.evaluated;

report({
  case: name,
  metric: 'attacks caught, configured',
  value: `${caught('configured').length}/${total}`,
  note: `missed: ${missed('configured')}`,
});
report({
  case: name,
  metric: 'attacks caught, as shipped',
  value: `${caught('shipped').length}/${total}`,
  note: `missed: ${missed('shipped')}`,
});
report({
  case: name,
  metric: 'benign alerts/day, configured / as shipped',
  value: `${(benign('configured') / days).toFixed(2)} / ${(benign('shipped') / days).toFixed(2)}`,
  note: `target ≤ 1/day (${verdict.benign} of ${verdict.budget}); warm-up alerts (not budgeted): ${warmUp('configured')} / ${warmUp('shipped')}`,
});
report({
  case: name,
  metric: 'events',
  value: fmt(events),
  note: `${fmt(result.events.warmUp)} warm-up, ${fmt(result.events.evaluated)} evaluated, ${fmt(result.events.planted)} planted, ${fmt(result.events.removedByOutages)} removed by outages; each evaluated twice (configured, as shipped)`,
});
report({
  case: name,
  metric: 'wall time',
  value: `${result.wallSeconds.toFixed(1)} s`,
  note: `${result.cpuSeconds.toFixed(1)} s of CPU; ${fmt(perSecond(events, result.wallSeconds * 1000))} events/s through both runs, generation included`,
});
section(formatEvaluationMarkdown(result, verdict));
