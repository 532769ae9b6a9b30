/** A problem with one environment variable (or TENANTS_FILE entry); never carries its value. */
export interface ConfigProblem {
  variable: string;
  message: string;
}

/** The problems as error messages list them, one `  - VARIABLE message` line each. */
export function configProblemLines(problems: readonly ConfigProblem[]): string {
  return problems.map((p) => `  - ${p.variable} ${p.message}`).join('\n');
}
