import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { onTestFinished } from 'vitest';

/** A new temporary directory holding `files` (relative path → content). */
export async function tempDirWith(files: Record<string, string | Buffer>, prefix = 'cli-rules-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

/** tempDirWith for one test: the directory is removed when the test ends. Call it inside the test. */
export async function testDirWith(files: Record<string, string | Buffer>, prefix?: string): Promise<string> {
  const dir = await tempDirWith(files, prefix);
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
