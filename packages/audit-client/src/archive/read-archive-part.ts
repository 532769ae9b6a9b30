import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { DirectoryAudit } from '../events/directory-audit.js';
import { AuditClientError, isAuditClientError } from '../errors/audit-client-error.js';
import { toArchiveIoError } from './archive-io-error.js';

/**
 * The events of one archive part, in file order (gunzip + readline, one chunk in memory). A part
 * that cannot be read whole throws AC_ERR_ARCHIVE_CORRUPT: parts are renamed into place only when
 * complete, so damage came from outside and must not be skipped silently.
 */
export async function* readArchivePart(file: string): AsyncGenerator<DirectoryAudit> {
  const source = createReadStream(file);
  const gunzip = createGunzip();
  // pipe() does not forward errors; readline forwards its input's errors to the iterator.
  source.on('error', (error) => gunzip.destroy(error));
  const lines = createInterface({ input: source.pipe(gunzip), crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber += 1;
      if (line.length === 0) continue;
      yield parseLine(file, lineNumber, line);
    }
  } catch (error) {
    if (isAuditClientError(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code.startsWith('Z_')) throw corrupt(file, `not complete gzip data after line ${lineNumber}: ${code}`, error);
    throw toArchiveIoError('read', file, error);
  } finally {
    lines.close();
    source.destroy();
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
