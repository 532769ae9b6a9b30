import { access } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { ParsedFile } from '../parsing/parsed-file.js';
import { compareProblems, type RuleProblem } from '../parsing/rule-problem.js';
import { compileRegex } from '../operators/custom/linear-regex.js';
import { silenceState } from './silence-matcher.js';
import { silencesFileSchema, type SilenceEntry } from './silences-file-schema.js';

export interface LoadSilencesOptions {
  /** For the expired-silence warnings. @defaultValue Date.now() */
  now?: number;
}

export interface LoadSilencesResult {
  /** Every silence, expired ones too; empty when there is any problem (a file is used whole or not at all). */
  silences: SilenceEntry[];
  problems: RuleProblem[];
  /** Silences that have expired at `now`: harmless, but they may be deleted. */
  warnings: RuleProblem[];
}

/**
 * Reads rules/silences.yaml. A missing file means no silences. Problems (with file:line:col) cover the
 * format, unknown matcher names, invalid regexes, endsAt before startsAt and duplicate ids.
 */
export async function loadSilences(file: string, options: LoadSilencesOptions = {}): Promise<LoadSilencesResult> {
  const exists = await access(file).then(
    () => true,
    () => false,
  );
  if (!exists) return { silences: [], problems: [], warnings: [] };
  const parsed = await ParsedFile.read(dirname(file), basename(file));
  if (!parsed.readable) return { silences: [], problems: parsed.problems, warnings: [] };
  if (parsed.value === null || parsed.value === undefined) return { silences: [], problems: [], warnings: [] };
  const value = parsed.validate(silencesFileSchema);
  if (!value) return { silences: [], problems: parsed.problems.sort(compareProblems), warnings: [] };

  const silences = value.silences ?? [];
  const now = options.now ?? Date.now();
  const warnings: RuleProblem[] = [];
  const firstIndex = new Map<string, number>();
  silences.forEach((silence, i) => {
    const at = ['silences', i];
    const first = firstIndex.get(silence.id);
    if (first === undefined) firstIndex.set(silence.id, i);
    else {
      const { line } = parsed.doc.positionOf(['silences', first, 'id']);
      parsed.report({
        path: [...at, 'id'],
        message: `duplicate silence id '${silence.id}': also used on line ${line}; silence ids must be unique`,
      });
    }
    silence.matchers.forEach((matcher, j) => {
      if (!matcher.isRegex) return;
      try {
        compileRegex(matcher.value, { whole: true });
      } catch (error) {
        parsed.report({
          path: [...at, 'matchers', j, 'value'],
          message: `${(error as Error).message} (it is matched against the whole value)`,
        });
      }
    });
    if (Date.parse(silence.endsAt) < Date.parse(silence.startsAt)) {
      parsed.report({
        path: [...at, 'endsAt'],
        message: `silence '${silence.id}' ends before it starts; endsAt must not be before startsAt`,
      });
    } else if (silenceState(silence, now) === 'expired') {
      const { line, column } = parsed.doc.positionOf([...at, 'endsAt']);
      warnings.push({
        file: parsed.file,
        line,
        column,
        message: `silence '${silence.id}' expired at ${silence.endsAt}; delete it when convenient`,
      });
    }
  });
  if (parsed.problems.length > 0)
    return { silences: [], problems: parsed.problems.sort(compareProblems), warnings: [] };
  return { silences, problems: [], warnings };
}
