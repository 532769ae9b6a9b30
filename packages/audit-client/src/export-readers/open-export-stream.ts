import { createReadStream } from 'node:fs';
import { pipeline, Readable, Transform } from 'node:stream';
import { createGunzip, type Gunzip } from 'node:zlib';
import { InputTooLargeError } from '../errors/input-too-large-error.js';
import { expansionCheckFloorBytes, formatBytes, type ReadLimits } from './read-limits.js';

async function* replay(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield first;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.(); // closes the file when the reader stops early
  }
}

/**
 * Passes bytes through until `maxFileBytes`, or (for gzip) until the output passes
 * `maxExpansionRatio` times the compressed bytes read, then fails with InputTooLargeError: the
 * reader stops there instead of inflating a bomb.
 */
function byteLimit(limits: ReadLimits, gunzip: Gunzip | undefined): Transform {
  let out = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      out += chunk.length;
      if (out > limits.maxFileBytes) {
        done(
          new InputTooLargeError(
            `more than ${formatBytes(limits.maxFileBytes)} decompressed (the maxFileBytes limit); the rest of the file is not read`,
          ),
        );
        return;
      }
      // bytesWritten is the compressed input zlib has consumed so far, not what the file read ahead.
      const compressed = gunzip === undefined ? 0 : Math.max(1, gunzip.bytesWritten);
      if (gunzip !== undefined && out > expansionCheckFloorBytes && out > limits.maxExpansionRatio * compressed) {
        done(
          new InputTooLargeError(
            `gzip data decompressed to over ${limits.maxExpansionRatio} times its size ` +
              `(${out} bytes from ${compressed}; the maxExpansionRatio limit), as a gzip bomb does; ` +
              'the rest of the file is not read',
          ),
        );
        return;
      }
      done(null, chunk);
    },
  });
}

/**
 * The file's bytes (decompressed), gunzipped when its first bytes are the gzip magic 1f 8b
 * (whatever its name says; concatenated members included), within `limits`. The file is opened once
 * and peeked, not re-read, so pipes work too. Rejects when the file cannot be opened or read at all;
 * later read and gunzip errors, and InputTooLargeError, surface while iterating. With `requireGzip`
 * every file is gunzipped, so one that is not gzip fails with zlib's error.
 */
export async function openExportStream(
  file: string,
  limits: ReadLimits,
  options: { requireGzip?: boolean } = {},
): Promise<Readable> {
  const source = createReadStream(file);
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head = await chunks.next().catch((error: unknown) => {
    source.destroy();
    throw error;
  });
  if (head.done) return Readable.from([]);
  const body = Readable.from(replay(head.value, chunks), { objectMode: false });
  const gzip =
    options.requireGzip === true || (head.value.length >= 2 && head.value[0] === 0x1f && head.value[1] === 0x8b);
  const gunzip = gzip ? createGunzip() : undefined;
  const limit = byteLimit(limits, gunzip);
  // pipeline forwards read and gunzip errors into the last stream, where the reader sees them; its callback adds nothing.
  if (gunzip) pipeline(body, gunzip, limit, () => {});
  else pipeline(body, limit, () => {});
  return limit;
}
