import { ExportReadError } from '../errors/export-read-error.js';
import { isInputTooLargeError } from '../errors/input-too-large-error.js';
import { auditOfElement, auditsIn } from './audits-in.js';
import type { ExportProblem } from './export-problem.js';
import type { ExportRecord } from './export-record.js';
import { listExportFiles } from './list-export-files.js';
import { openExportStream } from './open-export-stream.js';
import { JsonItemSplitter, type SplitEvent } from './json-item-splitter.js';
import { readLines } from './read-lines.js';
import { formatBytes, resolveReadLimits, type ReadLimits } from './read-limits.js';

type Report = (problem: ExportProblem) => void;

type Mode = 'unknown' | 'jsonl' | 'document' | 'probe';

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

function startsDocument(text: string): boolean {
  const start = text.trimStart();
  return start.startsWith('[') || start.startsWith('{');
}

const documentHelp =
  'expected a Graph page {"value":[...]}, a JSON array, JSONL or an Azure Monitor {"records":[...]} envelope';

/** Lists at most `max` problems of one file; `close()` reports how many more there were. */
function perFile(report: Report, file: string, max: number): Report & { close(): void } {
  let listed = 0;
  let more = 0;
  const limited = (problem: ExportProblem) => {
    if (listed < max) {
      listed++;
      report(problem);
    } else more++;
  };
  return Object.assign(limited, {
    close() {
      if (more > 0)
        report({ file, message: `${more} more problem(s) in this file not listed (the maxProblemsPerFile limit)` });
    },
  });
}

/** The records of one item the splitter found in a JSON document; its problems are reported. */
function* recordsOfItem(
  event: Exclude<SplitEvent, { kind: 'error' }>,
  firstLine: number,
  file: string,
  limits: ReadLimits,
  report: Report,
): Generator<ExportRecord> {
  const line = firstLine + event.line - 1;
  const where =
    event.container === 'whole' ? '' : `${event.container === 'array' ? '' : event.container}[${event.index}]: `;
  if (event.kind === 'too-large') {
    const what = event.container === 'whole' ? 'a JSON value' : 'an item';
    report({
      file,
      line,
      message: `${where}${what} larger than ${formatBytes(limits.maxLineBytes)} (the maxLineBytes limit); skipped`,
    });
    return;
  }
  const parsed = parse(event.text);
  if ('error' in parsed) {
    report({ file, line, message: `${where}invalid JSON (${parsed.error}); skipped` });
    return;
  }
  if (event.container === 'whole') {
    yield* recordsOf(parsed.value, file, undefined, report);
    return;
  }
  const found = auditOfElement(parsed.value, event.container, event.index);
  if ('problem' in found) {
    report({ file, message: found.where === undefined ? found.problem : `${found.where}: ${found.problem}` });
    return;
  }
  const record: ExportRecord = { audit: found.audit, file };
  if (found.tenant !== undefined) record.tenant = found.tenant;
  yield record;
}

/**
 * One file. The first non-blank line decides the shape: if it parses (or is a whole `{...}` line) the
 * file is JSONL and streams line by line; otherwise it is a JSON document, streamed item by item
 * (JsonItemSplitter). A document that breaks before its first item, followed by a line that is a JSON
 * object on its own, is JSONL whose first line is broken. Lines and items over `maxLineBytes` are
 * reported and skipped; a file past `maxFileBytes` or `maxExpansionRatio` is read up to there. Read
 * and gunzip failures end the file with a problem; what was read before them stands.
 */
async function* readFile(file: string, reportAll: Report, limits: ReadLimits): AsyncGenerator<ExportRecord> {
  let stream;
  try {
    stream = await openExportStream(file, limits);
  } catch (error) {
    reportAll({ file, message: `cannot read file (${reason(error)}); check the path and permissions` });
    return;
  }
  const report = perFile(reportAll, file, limits.maxProblemsPerFile);
  let mode: Mode = 'unknown';
  // Read through a call: the helpers below change the mode, which flow analysis cannot see.
  const inMode = (...modes: Mode[]) => modes.includes(mode);
  let lineNumber = 0;
  let documentStart = 0;
  let splitter = new JsonItemSplitter(limits.maxLineBytes);
  let broken: { line: number; message: string } | undefined;
  let inOverlong = false;

  const reportBroken = (failure: { line: number; message: string }, itemsRead: boolean) => {
    const rest = itemsRead ? 'the items before it were read, the rest of the file is skipped' : 'file skipped';
    reportAll({
      file,
      line: failure.line,
      message: `invalid JSON document (${failure.message}); ${documentHelp}; ${rest}`,
    });
  };
  /** Items of the document; false once it is broken (the caller stops, or probes for JSONL). */
  function* split(events: Iterable<SplitEvent>): Generator<ExportRecord, boolean> {
    for (const event of events) {
      if (event.kind !== 'error') {
        yield* recordsOfItem(event, documentStart, file, limits, report);
        continue;
      }
      const failure = { line: documentStart + event.line - 1, message: event.message };
      if (splitter.emitted > 0) {
        reportBroken(failure, true);
        return false;
      }
      mode = 'probe';
      broken = failure;
      return false;
    }
    return true;
  }
  const startDocument = (line: number) => {
    mode = 'document';
    documentStart = line;
    splitter = new JsonItemSplitter(limits.maxLineBytes);
  };
  /** A complete line of a JSONL file. */
  function* jsonlLine(text: string, parsed: { value: unknown } | { error: string }): Generator<ExportRecord> {
    if ('error' in parsed) report({ file, line: lineNumber, message: `invalid JSON line (${parsed.error}); skipped` });
    else yield* recordsOf(parsed.value, file, lineNumber, report);
  }

  try {
    reading: for await (const batch of readLines(stream, limits.maxLineBytes)) {
      for (const part of batch) {
        if (typeof part !== 'string') {
          let text = part.overlong;
          if (!inOverlong) {
            if (inMode('probe')) break reading; // an overlong line is no JSONL line: the document stays broken
            if (lineNumber === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
            if (inMode('unknown') && startsDocument(text)) startDocument(lineNumber + 1);
          }
          inOverlong = !part.end;
          if (inMode('document') && !(yield* split(splitter.feed(part.end ? `${text}\n` : text)))) {
            if (!inMode('probe')) break reading;
          }
          if (!part.end) continue;
          lineNumber++;
          if (inMode('unknown', 'jsonl')) {
            report({
              file,
              line: lineNumber,
              message: `line longer than ${formatBytes(limits.maxLineBytes)} (the maxLineBytes limit); skipped`,
            });
          }
          continue;
        }
        let text = part;
        lineNumber++;
        if (lineNumber === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1); // UTF-8 BOM (PowerShell exports)
        if (inMode('document')) {
          if (yield* split(splitter.feed(`${text}\n`))) continue;
          if (!inMode('probe')) break reading;
          if (lineNumber === (broken as { line: number }).line) continue; // the broken line itself is no evidence
        }
        if (isBlank(text)) continue;
        const parsed = parse(text);
        if (inMode('probe')) {
          if ('error' in parsed || !looksLikeJsonLine(text)) break reading;
          // JSONL whose first line is broken: that line is its only casualty.
          const failure = broken as { line: number; message: string };
          report({ file, line: documentStart, message: `invalid JSON line (${failure.message}); skipped` });
          broken = undefined;
          mode = 'jsonl';
        }
        if (inMode('unknown')) {
          if ('error' in parsed && !looksLikeJsonLine(text)) {
            startDocument(lineNumber);
            if (!(yield* split(splitter.feed(`${text}\n`))) && !inMode('probe')) break reading;
            continue;
          }
          mode = 'jsonl';
        }
        yield* jsonlLine(text, parsed);
      }
    }
    if (inMode('document')) yield* split(splitter.end());
    if (inMode('probe') && broken !== undefined) reportBroken(broken, false);
  } catch (error) {
    // Why the file ended is always listed, past the per-file cap.
    if (isInputTooLargeError(error)) {
      reportAll({ file, line: lineNumber + 1, message: error.message });
    } else {
      const message = `cannot read further (${reason(error)}); the file is truncated or not valid gzip; lines before it were read`;
      reportAll(lineNumber > 0 ? { file, line: lineNumber + 1, message } : { file, message });
    }
  } finally {
    stream.destroy();
    report.close();
  }
}

/**
 * Every directoryAudit in exported files, in file order: Graph pages, JSON arrays of audits or of
 * Azure Monitor records, JSONL (each line an audit, a record, a page or a `{"records":[...]}`
 * envelope), gzip of any of these (by magic bytes; concatenated members work), and directories of
 * them (recursive, sorted by path, skipping dotfiles and `.tmp`). JSONL streams line by line and a JSON
 * document item by item, so memory stays flat: it holds at most one line or item of `maxLineBytes`.
 * A file stops at `maxFileBytes` decompressed, or when gzip expands past `maxExpansionRatio` (a bomb);
 * each limit is reported as a problem naming the file and line, and the next file is read (ReadLimits).
 *
 * A bad line, item or file is reported to `onProblem` with its file and line and skipped; the rest is
 * still read. Without `onProblem`, problems are collected and an `ExportReadError`
 * (`AC_ERR_EXPORT_READ`) carrying all of them is thrown after the last record: nothing is dropped unseen.
 */
export async function* readExports(
  paths: readonly string[],
  options: { onProblem?: (problem: ExportProblem) => void; limits?: Partial<ReadLimits> } = {},
): AsyncGenerator<ExportRecord> {
  const limits = resolveReadLimits(options.limits);
  const collected: ExportProblem[] = [];
  const report: Report = options.onProblem ?? ((problem) => collected.push(problem));
  for (const file of await listExportFiles(paths, report)) {
    yield* readFile(file, report, limits);
  }
  if (collected.length > 0) throw new ExportReadError(collected);
}
