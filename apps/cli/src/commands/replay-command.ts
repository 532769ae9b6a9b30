import type { AlertCandidate } from '@b2c-alerts/rule-engine';
import { Option, type Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { displayPath } from '../text/display-path.js';
import { rulesDirOf } from '../env.js';
import { CliError } from '../errors/cli-error.js';
import { escapeControlChars } from '../text/escape-control-chars.js';
import { parseTime } from '../text/parse-time.js';
import { wholeNumberOption } from '../text/whole-number-option.js';
import { alertJson, alertLine } from '../replay/format-alert.js';
import { formatNamesSummary, replayNameResolver, resolveReplayNames } from '../replay/replay-names.js';
import { formatReplaySummary } from '../replay/replay-summary.js';
import { runReplay } from '@b2c-alerts/rule-engine';
import { requireRuleSet } from '../rules/require-rule-set.js';
import { rulesOption } from '../rules/rules-option.js';

interface RawReplayOptions {
  rules?: string;
  format: 'text' | 'jsonl';
  since?: string;
  until?: string;
  maxGroups?: string;
  resolveNames?: boolean;
}

/** `b2c-alerts replay`: the backtest. Alerts on stdout, input problems and a per-rule summary on stderr. */
export function registerReplayCommand(program: Command, context: CommandContext): void {
  program
    .command('replay')
    .summary('evaluate the rules over exported or archived events (backtest)')
    .description(
      'Read Graph pages, JSON/JSONL (gzip too), Azure Monitor / Event Hub records or an export archive, evaluate the ' +
        'rules in event time with in-memory state, and print the alerts they would have raised, then a per-rule summary ' +
        'on stderr, after the whole input is read. Events are evaluated in time order whatever order they are read in: ' +
        'input in order or out of order by up to an hour (as export writes it) streams in bounded memory; input out of ' +
        'order by more (say, newest first) is read again and sorted in memory, which stderr notes.',
    )
    .argument('<paths...>', 'files or directories (directories are read recursively, sorted by path)')
    .option(...rulesOption(context))
    .addOption(
      new Option('--format <format>', 'alert output: text (one line each) or jsonl (one JSON object each)')
        .choices(['text', 'jsonl'])
        .default('text'),
    )
    .option(
      '--since <when>',
      'skip events before: a duration back from now (3d, 1.5h) or an ISO date-time; absence watches start here',
    )
    .option(
      '--until <when>',
      'skip events after: a duration back from now or an ISO date-time; absence rules are checked up to here',
    )
    .option(
      '--max-groups <n>',
      'groups each rule keeps at most unless its file sets maxGroups (1 to 1,000,000; default 10,000, as the ' +
        "worker's MAX_GROUPS_PER_RULE); beyond it the least recently active are evicted, which the summary reports",
    )
    .option(
      '--resolve-names',
      "name the application and service-principal ids of each alert's event through Microsoft Graph, shown as " +
        '"Display Name (id)"; needs the tenant\'s AZURE_* variables, as export does (replay is offline without it)',
    )
    .action(async (paths: string[], raw: RawReplayOptions) => {
      const maxGroups =
        raw.maxGroups === undefined ? undefined : wholeNumberOption('--max-groups', raw.maxGroups, 1, 1_000_000);
      const now = context.clock.now();
      const since = raw.since === undefined ? undefined : parseTime(raw.since, now, '--since');
      const until = raw.until === undefined ? undefined : parseTime(raw.until, now, '--until');
      if (since !== undefined && until !== undefined && until < since) {
        throw new CliError(
          'CLI_ERR_USAGE',
          `--until ${raw.until} is before --since ${raw.since}; give an end later than the start.`,
        );
      }
      // Before any input is read: without credentials, say so at once.
      const resolver = raw.resolveNames ? await replayNameResolver(context) : undefined;
      const dir = raw.rules ?? rulesDirOf(context.env);
      const ruleSet = await requireRuleSet(dir, context.stderr);
      const format = raw.format === 'jsonl' ? alertJson : alertLine;
      const alerts: AlertCandidate[] = [];
      const stats = await runReplay({
        paths,
        ruleSet,
        ...(since !== undefined ? { since } : {}),
        ...(until !== undefined ? { until } : {}),
        ...(maxGroups !== undefined ? { maxGroups } : {}),
        signal: context.signal,
        // With --resolve-names the alerts wait for their names; replay hands them over only at the end anyway.
        onAlert: (alert) => (resolver ? void alerts.push(alert) : void context.stdout.write(`${format(alert)}\n`)),
        onNotice: (message) => void context.stderr.write(`${message}\n`),
        onProblem: (p) =>
          void context.stderr.write(
            `${escapeControlChars(`${displayPath(p.file)}${p.line === undefined ? '' : `:${p.line}`}: ${p.message}`)}\n`,
          ),
      });
      if (resolver) {
        const names = await resolveReplayNames(alerts, resolver);
        for (const alert of alerts) context.stdout.write(`${format(alert, names.byAlert.get(alert))}\n`);
        context.stderr.write(formatNamesSummary(names));
      }
      context.stderr.write(formatReplaySummary(stats));
      if (stats.problems > 0) {
        throw new CliError(
          'CLI_ERR_RUNTIME',
          `${stats.problems} problem${stats.problems === 1 ? '' : 's'} in the input (above) were skipped; the alerts cover only what could be read.`,
        );
      }
    });
}
