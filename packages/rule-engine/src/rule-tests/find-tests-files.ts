import { access, readdir } from 'node:fs/promises';
import { join } from 'node:path';

const testsFile = /\.tests\.(?:ya?ml|json)$/;

/** Every `**\/*.tests.yaml|yml|json` under `dir` as relative paths (forward slashes), sorted; dot-directories and node_modules skipped. */
export async function findTestsFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  return entries
    .map((path) => path.split('\\').join('/'))
    .filter(
      (path) =>
        testsFile.test(path) && !path.split('/').some((part) => part.startsWith('.') || part === 'node_modules'),
    )
    .sort();
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
