import { open, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { toArchiveIoError } from './archive-io-error.js';

/**
 * Writes `data` so that `path` either does not exist or holds all of it, even across a crash or
 * power loss: write `<path>.tmp`, fsync it, rename over `path`, fsync the directory entry.
 */
export async function writeFileDurably(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.tmp`;
  try {
    const handle = await open(tmp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw toArchiveIoError('write', path, error);
  }
  await syncDirectory(dirname(path));
}

/** Makes the entries of `dir` (a rename, a new file or subdirectory) durable. */
export async function syncDirectory(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw toArchiveIoError('sync', dir, error);
  }
}
