import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { listRulesDir } from '../rule-set/list-rules-dir.js';

const testsFile = /\.tests\.(?:ya?ml|json)$/;

/** Every `**\/*.tests.yaml|yml|json` under `dir` as relative paths (forward slashes), sorted, listed as the rules are (listRulesDir). */
export async function findTestsFiles(dir: string): Promise<string[]> {
  return (await listRulesDir(dir)).filter((path) => testsFile.test(path));
}

/** The tests files of the rule file `rulePath` (relative to `dir`): `<stem>.tests.yaml|yml|json` that exist beside it. */
export async function testsFilesOf(dir: string, rulePath: string): Promise<string[]> {
  const stem = rulePath.replace(/\.rule\.(?:ya?ml|json)$/, '');
  const candidates = ['yaml', 'yml', 'json'].map((ext) => `${stem}.tests.${ext}`);
  const found = await Promise.all(
    candidates.map((path) =>
      access(join(dir, path)).then(
        () => path,
        () => undefined,
      ),
    ),
  );
  return found.filter((path): path is string => path !== undefined);
}
