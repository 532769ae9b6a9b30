import type { DirectoryAudit } from '../events/directory-audit.js';
import { AuditClientError, isAuditClientError } from '../errors/audit-client-error.js';
import { isInputTooLargeError } from '../errors/input-too-large-error.js';
import { openExportStream } from '../export-readers/open-export-stream.js';
import { readLines } from '../export-readers/read-lines.js';
import { formatBytes, resolveReadLimits, type ReadLimits } from '../export-readers/read-limits.js';
import { toArchiveIoError } from './archive-io-error.js';

/**
 * The events of one archive part, in file order (gunzip and lines, one chunk in memory, a line at
 * most `maxLineBytes`, the part at most `maxFileBytes` decompressed and `maxExpansionRatio` times its
 * size). A part that cannot be read whole, or passes a limit, throws AC_ERR_ARCHIVE_CORRUPT naming
 * the file and line: parts are renamed into place only when complete, so damage came from outside
 * and must not be skipped silently.
 */
export async function* readArchivePart(file: string, limits: Partial<ReadLimits> = {}): AsyncGenerator<DirectoryAudit> {
  const resolved = resolveReadLimits(limits);
  let stream;
  try {
    stream = await openExportStream(file, resolved, { requireGzip: true });
  } catch (error) {
    throw toArchiveIoError('read', file, error);
  }
  let lineNumber = 0;
  try {
    for await (const batch of readLines(stream, resolved.maxLineBytes)) {
      for (const line of batch) {
        if (typeof line !== 'string') {
          throw corrupt(
            file,
            `line ${lineNumber + 1} is longer than ${formatBytes(resolved.maxLineBytes)} (the maxLineBytes limit)`,
          );
        }
        lineNumber += 1;
        if (line.length === 0) continue;
        yield parseLine(file, lineNumber, line);
      }
    }
  } catch (error) {
    if (isInputTooLargeError(error)) throw corrupt(file, `at line ${lineNumber + 1}: ${error.message}`, error);
    if (isAuditClientError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_')) throw corrupt(file, `not complete gzip data after line ${lineNumber}: ${code}`, error);
    throw toArchiveIoError('read', file, error);
  } finally {
    stream.destroy();
  }
}

function parseLine(file: string, lineNumber: number, line: string): DirectoryAudit {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw corrupt(file, `line ${lineNumber} is not JSON`, error);
  }
  const audit = value as Partial<DirectoryAudit> | null;
  if (
    typeof audit !== 'object' ||
    audit === null ||
    typeof audit.id !== 'string' ||
    typeof audit.activityDateTime !== 'string'
  ) {
    throw corrupt(file, `line ${lineNumber} is not a directoryAudit with id and activityDateTime`);
  }
  return audit as DirectoryAudit;
}

function corrupt(file: string, reason: string, cause?: unknown): AuditClientError {
  return new AuditClientError(
    'AC_ERR_ARCHIVE_CORRUPT',
    `Archive part ${file} is unreadable (${reason}). Move it out of the archive directory and run again; ` +
      'its events are fetched again if Graph still keeps them.',
    cause === undefined ? undefined : { cause },
  );
}
