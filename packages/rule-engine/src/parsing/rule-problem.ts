/** One thing wrong in a rule set: where (1-based line and column) and what, with the fix when known. */
export interface RuleProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** `file:line:col: message`, the form editors and CI annotations link to. */
export function formatProblem(p: RuleProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

/** Orders problems by file, then position, so output is stable and reads top to bottom. */
export function compareProblems(a: RuleProblem, b: RuleProblem): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  return a.line - b.line || a.column - b.column || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0);
}
