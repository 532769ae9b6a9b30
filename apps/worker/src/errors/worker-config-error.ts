import { WorkerError } from './worker-error.js';

/** A problem with one environment variable (or TENANTS_FILE entry); never carries its value. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Every configuration problem at once, each naming its variable; the message lists them all. */
export class WorkerConfigError extends WorkerError {
  override name = 'WorkerConfigError';
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    const lines = problems.map((p) => `  - ${p.variable} ${p.message}`);
    super(
      'WK_ERR_CONFIG',
      `The worker is not configured correctly:\n${lines.join('\n')}\nSet these variables and start again (the README lists every variable).`,
    );
    this.problems = Object.freeze(problems.map((p) => Object.freeze({ ...p })));
  }
}
