import type { RuleSet } from '@b2c-alerts/rule-engine';
import { displayPath } from '../text/display-path.js';
import { CliError } from '../errors/cli-error.js';
import type { ProgressStream } from '../progress.js';
import { problemLine } from './problem-line.js';
import { readRules } from './read-rules.js';

/**
 * The rule set under `dir` for a command that cannot go on without it: when it has problems, each is
 * written to `stderr` and CLI_ERR_CONFIG sends the user to `rules validate`.
 */
export async function requireRuleSet(dir: string, stderr: ProgressStream): Promise<RuleSet> {
  const { ruleSet, problems } = await readRules(dir);
  if (ruleSet) return ruleSet;
  for (const problem of problems) stderr.write(`${problemLine(problem)}\n`);
  throw new CliError(
    'CLI_ERR_CONFIG',
    `The rule set in ${displayPath(dir)} has ${problems.length} problem${problems.length === 1 ? '' : 's'} (above); fix them first (b2c-alerts rules validate).`,
  );
}
