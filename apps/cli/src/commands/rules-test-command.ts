import { runRuleTests } from '@b2c-alerts/rule-engine';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { displayPath } from '../text/display-path.js';
import { rulesDirOf } from '../env.js';
import { CliError } from '../errors/cli-error.js';
import { escapeControlChars } from '../text/escape-control-chars.js';
import { problemLine } from '../rules/problem-line.js';
import { readRoutes } from '../rules/read-rules.js';
import { rulesOption } from '../rules/rules-option.js';

/** `b2c-alerts rules test`: each failure with its diff, then `N passed, N failed`; exit 1 on any failure or problem. */
export function registerRulesTestCommand(rules: Command, context: CommandContext): void {
  rules
    .command('test')
    .summary('run every <stem>.tests.yaml beside its rule')
    .description(
      'Run the cases of every rule: events (or a timed sequence) and the alerts expected, or none. Prints each failure ' +
        'with a diff and ends with "N passed, N failed". A rule needs a case that fires and one that must not. ' +
        'A case whose events its rule skips (no groupBy, distinct field or throttle key value) is a warning, not a failure.',
    )
    .option(...rulesOption(context))
    .action(async (raw: { rules?: string }) => {
      const dir = raw.rules ?? rulesDirOf(context.env);
      const routes = await readRoutes(dir);
      const report =
        routes.problems.length > 0
          ? { results: [], passed: 0, failed: 0, problems: routes.problems, warnings: [] }
          : await runRuleTests(dir, routes.routes === undefined ? {} : { routes: routes.routes });
      const out = (line: string) => context.stdout.write(`${line}\n`);
      for (const problem of report.problems) out(problemLine(problem));
      for (const warning of report.warnings) out(problemLine({ ...warning, message: `warning: ${warning.message}` }));
      for (const result of report.results) {
        if (result.passed) continue;
        out(`FAIL ${escapeControlChars(`${displayPath(result.file)}: ${result.ruleId} › ${result.case}`)}`);
        for (const line of (result.diff ?? '').split('\n')) out(`    ${escapeControlChars(line)}`);
      }
      out(`${report.passed} passed, ${report.failed} failed`);
      if (report.failed > 0 || report.problems.length > 0) {
        const problems =
          report.problems.length > 0
            ? `${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}`
            : '';
        const failed = report.failed > 0 ? `${report.failed} failed` : '';
        throw new CliError('CLI_ERR_CHECK_FAILED', `Rule tests: ${[failed, problems].filter(Boolean).join(', ')}.`);
      }
    });
}
