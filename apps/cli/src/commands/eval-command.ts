import { parseAuditServices } from '@b2c-alerts/worker';
import { defaultAuditServices } from '@b2c-alerts/audit-client';
import { attackCatalogue } from '@b2c-alerts/testkit';
import { Option, type Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { rulesDirOf } from '../env.js';
import { CliError } from '../errors/cli-error.js';
import { minimumDaysFor } from '../eval/attack-schedule.js';
import { evaluationVerdict, type EvaluationVerdict } from '../eval/evaluation-report.js';
import { formatEvaluationMarkdown, formatEvaluationTable } from '../eval/format-evaluation.js';
import { runEvaluation } from '../eval/run-evaluation.js';
import { requireRuleSet } from '../rules/require-rule-set.js';
import { rulesOption } from '../rules/rules-option.js';
import { wholeNumberOption } from '../text/whole-number-option.js';

interface RawEvalOptions {
  rules?: string;
  days: string;
  seed: string;
  format: 'table' | 'markdown' | 'json';
  maxBenignPerDay: string;
  services: string;
}

const maxDays = 60;

function budgetOption(value: string): number {
  const text = value.trim();
  const n = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(n >= 0 && n <= 1000))
    throw new CliError(
      'CLI_ERR_USAGE',
      `--max-benign-per-day ${JSON.stringify(value)} is not a number of alerts a day from 0 to 1,000 (e.g. 1 or 0.5).`,
    );
  return n;
}

/** The services as AZURE_AUDIT_SERVICES lists them, read by the worker's own rules; `*` for every one (null). */
function servicesOption(value: string): readonly string[] | null {
  const parsed = parseAuditServices(value);
  if ('problem' in parsed) throw new CliError('CLI_ERR_USAGE', `--services ${parsed.problem}.`);
  return parsed.services;
}

function failure(verdict: EvaluationVerdict, days: number): string {
  const parts: string[] = [];
  if (verdict.missed.length > 0)
    parts.push(
      `${verdict.missed.length} planted attack${verdict.missed.length === 1 ? ' was' : 's were'} missed by the configured pack (${verdict.missed.join(', ')})`,
    );
  if (verdict.benign > verdict.budget)
    parts.push(
      `benign traffic raised ${verdict.benign} alerts in ${days} days, over the budget of ${verdict.budget} (--max-benign-per-day)`,
    );
  return `${parts.join('; and ')}: see the table above for the rules involved.`;
}

/** `b2c-alerts eval`: the labelled evaluation of a rule pack (see runEvaluation). */
export function registerEvalCommand(program: Command, context: CommandContext): void {
  const minDays = minimumDaysFor(attackCatalogue.length);
  program
    .command('eval')
    .summary('plant attacks in generated benign traffic and report which rules catch them, and the noise')
    .description(
      `Generate benign B2C and directory traffic (a warm-up as long as the pack's first-seen rules need to learn, then ` +
        `--days evaluated days), plant ${attackCatalogue.length} attacks of different kinds in the evaluated days, replay it ` +
        "all in event time through the rules twice (configured: the allow-lists hold the generator's admins and pipeline " +
        'and the rules that ship disabled until they are filled are enabled; as shipped: the directory as it is), and ' +
        'print, per attack, the rules whose alerts were raised on its records, and per rule its alerts on benign traffic. ' +
        'Exits 1 when the configured pack misses an attack or raises more benign alerts than --max-benign-per-day allows.',
    )
    .option(...rulesOption(context))
    .option('--days <n>', `evaluated days, after the warm-up (${minDays} to ${maxDays})`, '3')
    .option('--seed <n>', 'seed of the traffic and of the times attacks are planted at (same seed, same report)', '1')
    .addOption(
      new Option('--format <format>', 'table (for a terminal), markdown, or json (the whole report)')
        .choices(['table', 'markdown', 'json'])
        .default('table'),
    )
    .option(
      '--max-benign-per-day <n>',
      'the budget: alerts on benign traffic per evaluated day across the configured pack',
      '1',
    )
    .option(
      '--services <list>',
      "the services the tenant's reader reads, as in AZURE_AUDIT_SERVICES (names separated by commas, or * for " +
        'every one); records of other services are never evaluated',
      defaultAuditServices.join(','),
    )
    .action(async (raw: RawEvalOptions) => {
      const days = wholeNumberOption('--days', raw.days, minDays, maxDays);
      const seed = wholeNumberOption('--seed', raw.seed, 0, 4_294_967_295);
      const maxBenignPerDay = budgetOption(raw.maxBenignPerDay);
      const services = servicesOption(raw.services);
      const ruleSet = await requireRuleSet(raw.rules ?? rulesDirOf(context.env), context.stderr);
      const report = await runEvaluation({
        ruleSet,
        days,
        seed,
        services,
        signal: context.signal,
        onProgress: (time) => context.progress.update(`eval: traffic at ${new Date(time).toISOString().slice(0, 13)}h`),
      });
      context.progress.clear();
      const verdict = evaluationVerdict(report, maxBenignPerDay);
      if (raw.format === 'json') context.stdout.write(`${JSON.stringify({ ...report, verdict }, null, 2)}\n`);
      else if (raw.format === 'markdown') context.stdout.write(formatEvaluationMarkdown(report, verdict));
      else context.stdout.write(formatEvaluationTable(report, verdict));
      if (!verdict.passed) throw new CliError('CLI_ERR_CHECK_FAILED', failure(verdict, days));
    });
}
