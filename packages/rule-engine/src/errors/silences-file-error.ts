import { formatProblem, type RuleProblem } from '../parsing/rule-problem.js';
import { RuleEngineError } from './rule-engine-error.js';

/** An edit of silences.yaml that was refused: the file (or the edit) is invalid, or names no such silence. */
export class SilencesFileError extends RuleEngineError {
  override name = 'SilencesFileError';
  readonly problems: RuleProblem[];

  constructor(
    code: 'RE_ERR_SILENCES_FILE_INVALID' | 'RE_ERR_SILENCE_NOT_FOUND',
    message: string,
    problems: RuleProblem[] = [],
  ) {
    super(code, problems.length > 0 ? `${message}\n${problems.map(formatProblem).join('\n')}` : message);
    this.problems = problems;
  }
}
