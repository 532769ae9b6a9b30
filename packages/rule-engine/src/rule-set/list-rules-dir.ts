import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Every file under the rules directory `root`, as paths relative to it (forward slashes), sorted;
 * dot-entries and node_modules are skipped. Symbolic links are followed, a dangling one is kept (so
 * loading reports it), and each directory is listed once, by device and inode: a link that loops, or
 * points to a directory already in the tree, adds nothing. Real directories are listed before linked
 * ones, so a file keeps its own path (lists/ stays lists/ however many links point at it). Throws when
 * a directory cannot be read.
 */
export async function listRulesDir(root: string): Promise<string[]> {
  const seen = new Set<string>();
  const files: string[] = [];
  // Links to directories wait until every real directory is seen, then are listed breadth-first.
  const linked: string[] = [];
  const list = async (prefix: string): Promise<void> => {
    const entries = await readdir(prefix === '' ? root : join(root, prefix), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      if (entry.isDirectory()) {
        if (await firstVisit(join(root, path))) await list(path);
      } else if (entry.isSymbolicLink()) {
        const isDirectory = await stat(join(root, path)).then(
          (s) => s.isDirectory(),
          () => false,
        );
        if (isDirectory) linked.push(path);
        else files.push(path);
      } else if (entry.isFile()) {
        files.push(path);
      }
    }
  };
  const firstVisit = async (path: string): Promise<boolean> => {
    const { dev, ino } = await stat(path);
    const key = `${dev}:${ino}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  };

  await firstVisit(root);
  await list('');
  for (let next = linked.shift(); next !== undefined; next = linked.shift()) {
    if (await firstVisit(join(root, next))) await list(next);
  }
  return files.sort();
}
