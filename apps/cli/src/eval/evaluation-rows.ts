import type { AttackOutcome, EvaluationReport, EvaluationVerdict, RuleOutcome, RunName } from './evaluation-report.js';

/** The cells both table formats show, as plain text (each format escapes and lays them out). */
export interface EvaluationRows {
  summary: string[];
  attackHeader: string[];
  attackRows: string[][];
  ruleHeader: string[];
  ruleRows: string[][];
  notes: string[];
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const count = (n: number) => n.toLocaleString('en-US');
const perDay = (total: number, days: number) => (total / days).toFixed(2);
const minute = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;

function caughtCell(attack: AttackOutcome, run: RunName): string {
  const rules = attack.caughtBy[run];
  if (rules.length > 0) return rules.map((id) => (attack.expectedRules.includes(id) ? `${id} *` : id)).join(', ');
  const reasons: string[] = [];
  if (attack.unreadServices.length > 0)
    reasons.push(`its records are logged by ${attack.unreadServices.join(' and ')}, which the reader does not read`);
  if (attack.notInPack.length > 0) reasons.push(`no rule ${attack.notInPack.join(', ')} in the pack`);
  if (attack.expectedDisabled[run].length > 0) reasons.push(`${attack.expectedDisabled[run].join(', ')} disabled`);
  return reasons.length > 0
    ? `MISSED: ${reasons.join('; ')}`
    : `MISSED: ${attack.expectedRules.join(', ')} raised nothing`;
}

function shippedCell(attack: AttackOutcome): string {
  const { configured, shipped } = attack.caughtBy;
  if (shipped.length > 0 && shipped.join() === configured.join()) return 'same';
  return caughtCell(attack, 'shipped');
}

function ruleRow(rule: RuleOutcome, days: number): string[] {
  const benign = { configured: sum(rule.benignByDay.configured), shipped: sum(rule.benignByDay.shipped) };
  const off = (enabled: boolean, text: string) => (enabled ? text : 'disabled');
  return [
    rule.ruleId,
    `${off(rule.enabled.configured, count(rule.attacksCaught.configured))} / ${off(rule.enabled.shipped, count(rule.attacksCaught.shipped))}`,
    off(rule.enabled.configured, count(benign.configured)),
    off(rule.enabled.configured, perDay(benign.configured, days)),
    off(rule.enabled.shipped, count(benign.shipped)),
    off(rule.enabled.shipped, perDay(benign.shipped, days)),
    `${count(rule.warmUp.configured)} / ${count(rule.warmUp.shipped)}`,
  ];
}

/** What the table of `b2c-alerts eval` says, whatever its format. */
export function evaluationRows(report: EvaluationReport, verdict: EvaluationVerdict): EvaluationRows {
  const { days } = report;
  const caught = (run: 'configured' | 'shipped') =>
    report.attacks.filter((attack) => attack.caughtBy[run].length > 0).length;
  const total = report.attacks.length;
  const benign = (run: 'configured' | 'shipped') => sum(report.rules.map((rule) => sum(rule.benignByDay[run])));
  const warmUp = (run: 'configured' | 'shipped') => sum(report.rules.map((rule) => rule.warmUp[run]));
  const events = report.events;
  const summary = [
    `${total} planted attacks in ${days} evaluated days (${minute(report.evaluatedFrom)} to ${minute(report.evaluatedTo)} UTC), ` +
      `after a ${report.warmUpDays}-day warm-up of benign traffic; seed ${report.seed}.`,
    `Attacks caught: ${caught('configured')}/${total} configured, ${caught('shipped')}/${total} as shipped.`,
    `Alerts on benign traffic: ${count(benign('configured'))} configured (${perDay(benign('configured'), days)}/day, ` +
      `budget ${perDay(verdict.budget, days)}/day), ${count(benign('shipped'))} as shipped (${perDay(benign('shipped'), days)}/day); ` +
      `during the warm-up (not budgeted): ${count(warmUp('configured'))} configured, ${count(warmUp('shipped'))} as shipped.`,
    `Events: ${count(events.warmUp + events.evaluated)} (${count(events.warmUp)} warm-up, ${count(events.evaluated)} evaluated), ` +
      `${count(events.planted)} of them planted, ${count(events.removedByOutages)} benign ones removed by outages; ` +
      `reader's services: ${report.services === null ? 'every one' : report.services.join(', ')}.`,
    `Run: ${report.wallSeconds.toFixed(1)} s (${report.cpuSeconds.toFixed(1)} s of CPU), peak RSS ${count(report.peakRssMb)} MB.`,
    verdict.passed
      ? 'Targets met: every planted attack caught (configured), benign alerts within budget.'
      : `Targets NOT met: ${[
          verdict.missed.length > 0 ? `missed ${verdict.missed.join(', ')}` : '',
          verdict.benign > verdict.budget
            ? `${count(verdict.benign)} benign alerts over a budget of ${verdict.budget}`
            : '',
        ]
          .filter(Boolean)
          .join('; ')}.`,
  ];

  const attackRows = report.attacks.map((attack) => [
    attack.id,
    attack.kind,
    minute(attack.at),
    attack.expectedRules.join(', '),
    caughtCell(attack, 'configured'),
    shippedCell(attack),
  ]);

  const listed = report.rules.filter(
    (rule) =>
      rule.attacksCaught.configured + rule.attacksCaught.shipped + rule.warmUp.configured + rule.warmUp.shipped > 0 ||
      sum(rule.benignByDay.configured) + sum(rule.benignByDay.shipped) > 0,
  );
  const ruleRows = listed.map((rule) => ruleRow(rule, days));
  ruleRows.push([
    `all ${report.rules.length} rules enabled in either run`,
    `${sum(report.rules.map((r) => r.attacksCaught.configured))} / ${sum(report.rules.map((r) => r.attacksCaught.shipped))}`,
    count(benign('configured')),
    perDay(benign('configured'), days),
    count(benign('shipped')),
    perDay(benign('shipped'), days),
    `${count(warmUp('configured'))} / ${count(warmUp('shipped'))}`,
  ]);

  const notes = [
    "Caught by: the rules whose alerts were raised on the attack's records; * marks the rule written for it.",
    `Configured: the allow-lists hold the generator's benign actors (its admins, role managers and deployment pipeline) ` +
      `and the rules that ship disabled until they are filled are enabled. As shipped: the rules directory as it is.`,
    `${report.rules.length - listed.length} other enabled rules neither caught a planted attack nor raised an alert.`,
  ];
  const learning = report.learning.filter((rule) => rule.endsAt !== undefined && rule.endsAt > report.evaluatedFrom);
  const silent = report.learning.filter((rule) => rule.endsAt === undefined);
  if (learning.length > 0)
    notes.push(
      `Still learning into the evaluated days (an attack before then is learnt, not alerted): ` +
        learning.map((rule) => `${rule.ruleId} until ${minute(rule.endsAt ?? '')}`).join(', '),
    );
  else if (report.learning.length > 0)
    notes.push('Every first-seen rule had finished learning before the evaluated days.');
  if (silent.length > 0)
    notes.push(
      `Matched nothing in the traffic, so they learn from their first event, maybe a planted one: ${silent.map((rule) => rule.ruleId).join(', ')}`,
    );
  return {
    summary,
    attackHeader: [
      'attack',
      'kind',
      'planted (UTC)',
      'expected rule',
      'caught by, configured',
      'caught by, as shipped',
    ],
    attackRows,
    ruleHeader: [
      'rule',
      'attacks caught (configured / as shipped)',
      'benign alerts, configured',
      'per day',
      'benign alerts, as shipped',
      'per day',
      'warm-up alerts (configured / as shipped)',
    ],
    ruleRows,
    notes,
  };
}
