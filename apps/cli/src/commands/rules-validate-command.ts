import { formatProblem } from '@b2c-alerts/rule-engine';
import type { Command } from 'commander';
import type { CommandContext } from '../command-context.js';
import { displayPath } from '../text/display-path.js';
import { routeVariablesFrom, rulesDirOf } from '../env.js';
import { CliError } from '../errors/cli-error.js';
import { checkRoutesAndSilences } from '../rules/check-routes-and-silences.js';
import { problemLine } from '../rules/problem-line.js';
import { readRules } from '../rules/read-rules.js';
import { rulesOption } from '../rules/rules-option.js';

/** `b2c-alerts rules validate`: every problem as file:line:col: message, exit 1; or one summary line, exit 0. */
export function registerRulesValidateCommand(rules: Command, context: CommandContext): void {
  rules
    .command('validate')
    .summary('check every rule, list, route and silence; exit 1 on any problem')
    .description(
      'Validate the whole rule set at once. Problems are printed as file:line:col: message; notify is checked against routes.yaml ' +
        'when it exists, routes.yaml and silences.yaml are checked in full, and expired silences and channels whose variable is unset are warnings.',
    )
    .option(...rulesOption(context))
    .action(async (raw: { rules?: string }) => {
      const dir = raw.rules ?? rulesDirOf(context.env);
      const { ruleSet, problems: ruleProblems } = await readRules(dir);
      // routes.yaml and silences.yaml in full (readRules reported routes.yaml's shape already).
      const more = await checkRoutesAndSilences(dir, routeVariablesFrom(context.env), context.clock.now());
      const reported = new Set(ruleProblems.map(formatProblem));
      const problems = [...ruleProblems, ...more.problems.filter((p) => !reported.has(formatProblem(p)))];
      const warn = () => {
        for (const w of more.warnings)
          context.stdout.write(`${problemLine({ ...w, message: `warning: ${w.message}` })}\n`);
      };
      if (!ruleSet || problems.length > 0) {
        for (const problem of problems) context.stdout.write(`${problemLine(problem)}\n`);
        warn();
        throw new CliError(
          'CLI_ERR_CHECK_FAILED',
          `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${displayPath(dir)}; fix them and run again.`,
        );
      }
      warn();
      const lists = Object.keys(ruleSet.lists).length;
      context.stdout.write(
        `${ruleSet.rules.length} rule${ruleSet.rules.length === 1 ? '' : 's'}, ${lists} list${lists === 1 ? '' : 's'} valid (version ${ruleSet.version})\n`,
      );
    });
}
