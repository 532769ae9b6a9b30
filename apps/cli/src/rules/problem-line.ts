import { formatProblem, type RuleProblem } from '@b2c-alerts/rule-engine';
import { displayPath } from '../text/display-path.js';
import { escapeControlChars } from '../text/escape-control-chars.js';

/** `file:line:col: message`, the path relative to the working directory; messages quote file content, so escaped. */
export function problemLine(problem: RuleProblem): string {
  return escapeControlChars(formatProblem({ ...problem, file: displayPath(problem.file) }));
}
