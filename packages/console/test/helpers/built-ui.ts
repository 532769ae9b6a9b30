import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const packageDir = join(import.meta.dirname, '..', '..');

/** The UI bundled from ui/ now (the build script into a fresh directory), so tests see the sources. */
export async function builtUi(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'console-ui-built-'));
  await promisify(execFile)(process.execPath, [join(packageDir, 'scripts', 'build-ui.mjs'), '--out', dir]);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
