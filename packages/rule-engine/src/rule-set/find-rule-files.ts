import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** The files a rule set is made of, as paths relative to the rules directory (forward slashes), sorted. */
export interface RuleSetFiles {
  /** `**\/*.rule.yaml`, `*.rule.yml`, `*.rule.json` outside lists/ and conditions/. */
  rules: string[];
  /** `lists/*.yaml|yml`: one named list each. */
  lists: string[];
  /** `conditions/*.yaml|yml`: one shared condition each. */
  conditions: string[];
}

const ruleFile = /\.rule\.(?:ya?ml|json)$/;
const namedFile = /^(?:lists|conditions)\/[^/]+\.ya?ml$/;

/** Walks `dir` (skipping dot-directories and node_modules) and sorts its files into rules, lists and conditions. */
export async function findRuleFiles(dir: string): Promise<RuleSetFiles> {
  const found: RuleSetFiles = { rules: [], lists: [], conditions: [] };
  for (const path of await walk(dir, '')) {
    if (namedFile.test(path)) (path.startsWith('lists/') ? found.lists : found.conditions).push(path);
    else if (ruleFile.test(path) && !/^(?:lists|conditions)\//.test(path)) found.rules.push(path);
  }
  for (const list of Object.values(found)) list.sort();
  return found;
}

// Symbolic links are followed (a dangling one is kept, so loading reports it); depth is bounded
// because a link may point back up the tree.
async function walk(root: string, prefix: string, depth = 0): Promise<string[]> {
  const entries = await readdir(prefix === '' ? root : join(root, prefix), { withFileTypes: true });
  const paths: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const path = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
    const isDirectory = entry.isSymbolicLink()
      ? await stat(join(root, path)).then(
          (s) => s.isDirectory(),
          () => false,
        )
      : entry.isDirectory();
    if (isDirectory) {
      if (depth < 20) paths.push(...(await walk(root, path, depth + 1)));
    } else if (entry.isFile() || entry.isSymbolicLink()) {
      paths.push(path);
    }
  }
  return paths;
}
