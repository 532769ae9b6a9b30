import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import type { PathProblem } from './path-problem.js';
import { readYamlWithPositions, type PositionedDocument } from './read-yaml-with-positions.js';
import type { RuleProblem } from './rule-problem.js';
import { zodIssueProblems } from './zod-issue-problems.js';

/** One file of a rule set, read and parsed, collecting its own problems with positions. */
export class ParsedFile {
  readonly problems: RuleProblem[] = [];
  /** True when the text was read and parsed; the value may still be invalid. */
  readonly readable: boolean;

  private constructor(
    /** Path relative to the rules directory, forward slashes. */
    readonly path: string,
    /** Path as reported: the rules directory joined with `path`. */
    readonly file: string,
    readonly content: string,
    readonly doc: PositionedDocument,
    readError?: string,
  ) {
    const kind = path.endsWith('.json') ? 'JSON' : 'YAML';
    for (const e of doc.errors)
      this.problems.push({ file, line: e.line, column: e.column, message: `${kind} syntax error: ${e.message}` });
    if (readError) this.problems.push({ file, line: 1, column: 1, message: `cannot read the file (${readError})` });
    this.readable = this.problems.length === 0;
  }

  /** Never throws: a file that cannot be read (removed meanwhile, no permission) is a problem of that file. */
  static async read(dir: string, path: string): Promise<ParsedFile> {
    let content: string;
    try {
      content = await readFile(join(dir, path), 'utf8');
    } catch (error) {
      const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      return new ParsedFile(path, join(dir, path), '', readYamlWithPositions(''), reason);
    }
    return new ParsedFile(
      path,
      join(dir, path),
      content,
      readYamlWithPositions(content, { json: path.endsWith('.json') }),
    );
  }

  get value(): unknown {
    return this.doc.value;
  }

  report(problem: PathProblem): void {
    const { line, column } = this.doc.positionOf(problem.path, problem.part);
    this.problems.push({ file: this.file, line, column, message: problem.message });
  }

  /** Validates the parsed value against `schema`, reporting every issue; returns the output when valid. */
  validate<S extends z.ZodType>(schema: S): z.output<S> | undefined {
    const result = schema.safeParse(this.value);
    if (result.success) return result.data;
    for (const problem of zodIssueProblems(schema, this.value, result.error.issues)) this.report(problem);
    return undefined;
  }
}
