import { createReadStream } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

async function* replay(first: Buffer, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield first;
    for (let next = await rest.next(); !next.done; next = await rest.next()) yield next.value;
  } finally {
    await rest.return?.(); // closes the file when the reader stops early
  }
}

/**
 * The file's text as a UTF-8 stream, gunzipped when its first bytes are the gzip magic 1f 8b
 * (whatever its name says; concatenated members included). The file is opened once and peeked, not
 * re-read, so pipes work too. Rejects when the file cannot be opened or read at all; later read and
 * gunzip errors surface while iterating.
 */
export async function openExportStream(file: string): Promise<Readable> {
  const source = createReadStream(file);
  const chunks = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const head = await chunks.next().catch((error: unknown) => {
    source.destroy();
    throw error;
  });
  if (head.done) return Readable.from([], { objectMode: true });
  const body = Readable.from(replay(head.value, chunks), { objectMode: false });
  if (head.value.length < 2 || head.value[0] !== 0x1f || head.value[1] !== 0x8b) return body.setEncoding('utf8');
  const gunzip = createGunzip();
  // pipeline forwards read errors into gunzip, where the reader sees them; its callback adds nothing.
  pipeline(body, gunzip, () => {});
  return gunzip.setEncoding('utf8');
}
