import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A stand-in for dist/ui (the UI is built by another step): a page, a script, a stylesheet. */
export async function fakeUiDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'console-ui-'));
  await writeFile(
    join(dir, 'index.html'),
    '<!doctype html><title>console</title><script type="module" src="app.js"></script>',
  );
  await writeFile(join(dir, 'app.js'), 'console.log("app");\n');
  await writeFile(join(dir, 'app.css'), 'body{}\n');
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
