import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { readArchivePart } from '@b2c-alerts/audit-client';
import { wellFormedValue } from '../rows/well-formed.js';

/**
 * Writes the records of the part at `path`, read by the archive's reader, into `dir` under the same
 * name (the index's `part` column is the file name), each string with its lone surrogates as U+FFFD
 * (rows/well-formed.ts): a copy DuckDB can read of a part it refuses, whose rows are the raw scan's.
 * Returns the copy's path. The caller owns `dir` and removes it.
 */
export async function writeWellFormedPart(path: string, name: string, dir: string): Promise<string> {
  const target = join(dir, name);
  async function* lines(): AsyncGenerator<string> {
    for await (const record of readArchivePart(path)) yield `${JSON.stringify(wellFormedValue(record))}\n`;
  }
  await pipeline(Readable.from(lines()), createGzip(), createWriteStream(target, { mode: 0o600 }));
  return target;
}
