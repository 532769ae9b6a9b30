import { formatProblem, type RuleProblem } from '@b2c-alerts/rule-engine';
import { WorkerError } from './worker-error.js';

/** The rules directory holds no valid rule set at start, so there is no last good set to run. */
export class RulesInvalidError extends WorkerError {
  override name = 'RulesInvalidError';
  readonly problems: readonly RuleProblem[];

  constructor(dir: string, problems: readonly RuleProblem[]) {
    const shown = problems.slice(0, 50).map((p) => `  ${formatProblem(p)}`);
    const more = problems.length > shown.length ? `\n  … and ${problems.length - shown.length} more` : '';
    super(
      'WK_ERR_RULES_INVALID',
      `The rules in ${dir} are invalid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${shown.join('\n')}${more}\n` +
        'Fix them (b2c-alerts rules validate shows the same list) and start again.',
    );
    this.problems = problems;
  }
}
