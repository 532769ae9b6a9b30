import { configProblemLines, type ConfigProblem } from '../config/config-problem.js';
import { WorkerError } from './worker-error.js';

/** Every configuration problem at once, each naming its variable; the message lists them all. */
export class WorkerConfigError extends WorkerError {
  override name = 'WorkerConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(
      'WK_ERR_CONFIG',
      `The worker is not configured correctly:\n${configProblemLines(problems)}\nSet these variables and start again (the README lists every variable).`,
    );
    this.problems = Object.freeze(problems.map((p) => Object.freeze({ ...p })));
  }
}
