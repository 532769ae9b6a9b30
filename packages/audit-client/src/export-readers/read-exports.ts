import { ExportReadError } from '../errors/export-read-error.js';
import { auditsIn } from './audits-in.js';
import type { ExportProblem } from './export-problem.js';
import type { ExportRecord } from './export-record.js';
import { listExportFiles } from './list-export-files.js';
import { openExportStream } from './open-export-stream.js';
import { readLines } from './read-lines.js';

type Report = (problem: ExportProblem) => void;

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0d && c !== 0xfeff) return false;
  }
  return true;
}

/** Parses, or returns the error; a failed parse is data here, not an exception. */
function parse(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    return { error: reason(error) };
  }
}

/** The 1-based line of a JSON.parse "at position N" message, when it has one. */
function lineOfPosition(text: string, message: string): number | undefined {
  const match = /at position (\d+)/.exec(message);
  if (!match) return undefined;
  const position = Number(match[1]);
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < position; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** The records of one parsed JSON value (a JSONL line or a whole document); bad items are reported. */
function* recordsOf(value: unknown, file: string, line: number | undefined, report: Report): Generator<ExportRecord> {
  for (const found of auditsIn(value)) {
    if ('problem' in found) {
      const message = found.where === undefined ? found.problem : `${found.where}: ${found.problem}`;
      report(line === undefined ? { file, message } : { file, line, message });
    } else {
      const record: ExportRecord = { audit: found.audit, file };
      if (found.tenant !== undefined) record.tenant = found.tenant;
      if (line !== undefined) record.line = line;
      yield record;
    }
  }
}

/** A line that is a whole object on its own: JSONL, even when this one is broken. */
function looksLikeJsonLine(line: string): boolean {
  const text = line.trim();
  return text.startsWith('{') && text.endsWith('}');
}

function* linesAsJsonl(lines: readonly string[], first: number, file: string, report: Report): Generator<ExportRecord> {
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] as string;
    if (isBlank(text)) continue;
    const parsed = parse(text);
    if ('error' in parsed) report({ file, line: first + i, message: `invalid JSON line (${parsed.error}); skipped` });
    else yield* recordsOf(parsed.value, file, first + i, report);
  }
}

/**
 * A whole JSON document that did not parse. If some of its lines are JSON objects on their own, it
 * is JSONL whose first line is broken: read it line by line so the good lines are not lost.
 */
function* brokenDocument(
  lines: readonly string[],
  first: number,
  error: string,
  file: string,
  report: Report,
): Generator<ExportRecord> {
  const isJsonl = lines.some((text, i) => i > 0 && looksLikeJsonLine(text) && !('error' in parse(text)));
  if (isJsonl) {
    yield* linesAsJsonl(lines, first, file, report);
    return;
  }
  const line = lineOfPosition(lines.join('\n'), error);
  const message =
    `invalid JSON document (${error}); expected a Graph page {"value":[...]}, a JSON array, ` +
    'JSONL or an Azure Monitor {"records":[...]} envelope; file skipped';
  report(line === undefined ? { file, message } : { file, line: first + line - 1, message });
}

/**
 * One file. The first non-blank line decides the shape: if it parses (or is a whole `{...}` line) the
 * file is JSONL and streams line by line; otherwise it is one JSON document, buffered and parsed at
 * the end. Read and gunzip failures end the file with a problem; what was read before them stands.
 */
async function* readFile(file: string, report: Report): AsyncGenerator<ExportRecord> {
  let stream;
  try {
    stream = await openExportStream(file);
  } catch (error) {
    report({ file, message: `cannot read file (${reason(error)}); check the path and permissions` });
    return;
  }
  let mode: 'unknown' | 'jsonl' | 'document' = 'unknown';
  let lineNumber = 0;
  let documentStart = 0;
  const documentLines: string[] = [];
  try {
    for await (const batch of readLines(stream)) {
      for (let text of batch) {
        lineNumber++;
        if (lineNumber === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1); // UTF-8 BOM (PowerShell exports)
        if (mode === 'document') {
          documentLines.push(text);
          continue;
        }
        if (isBlank(text)) continue;
        const parsed = parse(text);
        if (mode === 'unknown') {
          if ('error' in parsed && !looksLikeJsonLine(text)) {
            mode = 'document';
            documentStart = lineNumber;
            documentLines.push(text);
            continue;
          }
          mode = 'jsonl';
        }
        if ('error' in parsed)
          report({ file, line: lineNumber, message: `invalid JSON line (${parsed.error}); skipped` });
        else yield* recordsOf(parsed.value, file, lineNumber, report);
      }
    }
  } catch (error) {
    const message = `cannot read further (${reason(error)}); the file is truncated or not valid gzip; lines before it were read`;
    report(lineNumber > 0 ? { file, line: lineNumber + 1, message } : { file, message });
    return;
  }
  if (mode !== 'document') return;
  const text = documentLines.join('\n');
  const parsed = parse(text);
  if ('error' in parsed) yield* brokenDocument(documentLines, documentStart, parsed.error, file, report);
  else yield* recordsOf(parsed.value, file, undefined, report);
}

/**
 * Every directoryAudit in exported files, in file order: Graph pages, JSON arrays of audits or of
 * Azure Monitor records, JSONL (each line an audit, a record, a page or a `{"records":[...]}`
 * envelope), gzip of any of these (by magic bytes; concatenated members work), and directories of
 * them (recursive, sorted by path, skipping dotfiles and `.tmp`). JSONL streams, so memory stays flat.
 *
 * A bad line, item or file is reported to `onProblem` with its file and line and skipped; the rest is
 * still read. Without `onProblem`, problems are collected and an `ExportReadError`
 * (`AC_ERR_EXPORT_READ`) carrying all of them is thrown after the last record: nothing is dropped unseen.
 */
export async function* readExports(
  paths: readonly string[],
  options: { onProblem?: (problem: ExportProblem) => void } = {},
): AsyncGenerator<ExportRecord> {
  const collected: ExportProblem[] = [];
  const report: Report = options.onProblem ?? ((problem) => collected.push(problem));
  for (const file of await listExportFiles(paths, report)) {
    yield* readFile(file, report);
  }
  if (collected.length > 0) throw new ExportReadError(collected);
}
