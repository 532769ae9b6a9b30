import { isAbsolute, relative } from 'node:path';

/** A path as the user reads it: relative to the working directory when below it, else as given. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}
