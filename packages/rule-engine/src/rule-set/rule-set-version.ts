import { createHash } from 'node:crypto';

/**
 * Content hash of a rule set: sha256 over the files' relative paths and contents in path order, first 12
 * hex digits. The same files give the same version wherever the directory lives; a git commit, when
 * there is one, is the app's to add.
 */
export function ruleSetVersion(files: ReadonlyArray<{ path: string; content: string }>): string {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(file.path.replaceAll('\\', '/')).update('\0').update(file.content).update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}
