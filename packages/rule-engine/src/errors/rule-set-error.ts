import { formatProblem, type RuleProblem } from '../parsing/rule-problem.js';
import { RuleEngineError } from './rule-engine-error.js';

/** A rule set that cannot be used; `problems` lists every problem found, not just the first. */
export class RuleSetError extends RuleEngineError {
  override name = 'RuleSetError';
  readonly problems: RuleProblem[];

  constructor(problems: RuleProblem[], options?: { cause?: unknown }) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(
      'RE_ERR_RULE_SET_INVALID',
      `The rule set has ${count}; fix them and reload (the previous rule set, if any, stays in use):\n` +
        problems.map(formatProblem).join('\n'),
      options,
    );
    this.problems = problems;
  }
}
