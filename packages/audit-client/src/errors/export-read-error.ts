import type { ExportProblem } from '../export-readers/export-problem.js';
import { AuditClientError } from './audit-client-error.js';

const listed = 20;

function describe(problems: readonly ExportProblem[]): string {
  const lines = problems
    .slice(0, listed)
    .map((p) => `  ${p.file}${p.line === undefined ? '' : `:${p.line}`}: ${p.message}`);
  if (problems.length > listed) lines.push(`  … and ${problems.length - listed} more (see error.problems)`);
  return (
    `${problems.length} problem(s) while reading exports; the readable records were all yielded. ` +
    `Fix or remove the files below, or pass onProblem to readExports() to handle problems as they come:\n` +
    lines.join('\n')
  );
}

/** Thrown by `readExports()` at the end of reading when problems occurred and no `onProblem` was given. */
export class ExportReadError extends AuditClientError {
  override name = 'ExportReadError';
  /** Every problem, in the order met (the message lists the first 20). */
  readonly problems: readonly ExportProblem[];

  constructor(problems: readonly ExportProblem[]) {
    super('AC_ERR_EXPORT_READ', describe(problems));
    this.problems = problems;
  }
}
