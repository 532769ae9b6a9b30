import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** True when the file starts with the gzip magic bytes 1f 8b, whatever its name says. */
async function isGzip(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * The file's text as a UTF-8 stream, gunzipped when it is gzip (concatenated members included).
 * Rejects when the file cannot be opened; read and gunzip errors surface while iterating.
 */
export async function openExportStream(file: string): Promise<Readable> {
  const gzip = await isGzip(file);
  const source = createReadStream(file);
  if (!gzip) return source.setEncoding('utf8');
  const gunzip = createGunzip();
  // pipeline forwards source errors into gunzip, so the reader sees them; the callback has nothing to add.
  pipeline(source, gunzip, () => {});
  return gunzip.setEncoding('utf8');
}
