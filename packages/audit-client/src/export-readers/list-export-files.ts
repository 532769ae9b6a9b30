import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ExportProblem } from './export-problem.js';
import { quarantineDirectoryName } from '../archive/archive-quarantine.js';

/**
 * Names a directory walk leaves alone: hidden files (state, editors), half-written `.tmp` parts, and an
 * archive's `quarantine/` (pages Graph served damaged, kept for a human, not audit records).
 */
function skipped(name: string, isDirectory: boolean): boolean {
  return name.startsWith('.') || name.endsWith('.tmp') || (isDirectory && name === quarantineDirectoryName);
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function walk(dir: string, into: string[], seen: Set<string>, report: (p: ExportProblem) => void): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    report({ file: dir, message: `cannot list directory (${reason(error)}); check the path and permissions` });
    return;
  }
  for (const entry of entries) {
    if (skipped(entry.name, entry.isDirectory())) continue;
    const path = join(dir, entry.name);
    if (entry.isFile()) into.push(path);
    else await visit(path, into, seen, report, false);
  }
}

async function visit(
  path: string,
  into: string[],
  seen: Set<string>,
  report: (p: ExportProblem) => void,
  named: boolean,
): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    report({ file: path, message: `cannot read (${reason(error)}); check the path and permissions` });
    return;
  }
  // A pipe is read only when named outright (`/dev/stdin`); met in a walk, it could block forever.
  if (info.isFile() || (named && info.isFIFO())) {
    into.push(path);
  } else if (info.isDirectory()) {
    const key = `${info.dev}:${info.ino}`; // symlink loops
    if (seen.has(key)) return;
    seen.add(key);
    await walk(path, into, seen, report);
  } else {
    report({ file: path, message: 'not a regular file or directory; skipped' });
  }
}

/**
 * The files to read, in order: each argument as given; a directory expands to the files below it,
 * recursively, sorted by path (so dated archive parts come out in time order), without dotfiles,
 * `.tmp` files and `quarantine/` directories. A named pipe is read when named outright. Paths that cannot be read are
 * reported, not thrown.
 */
export async function listExportFiles(paths: readonly string[], report: (p: ExportProblem) => void): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const found: string[] = [];
    await visit(path, found, new Set(), report, true);
    found.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    files.push(...found);
  }
  return files;
}
