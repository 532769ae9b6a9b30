// Bundles the console's UI (ui/) into dist/ui/ (or the directory after --out): one script, one
// stylesheet, one page, no remote assets.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--out');
const out = at === -1 ? join(root, 'dist', 'ui') : resolve(process.argv[at + 1] ?? '');
await mkdir(out, { recursive: true });
await build({
  entryPoints: [join(root, 'ui', 'main.ts')],
  bundle: true,
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: false,
  outfile: join(out, 'app.js'),
  logLevel: 'warning',
});
await copyFile(join(root, 'ui', 'index.html'), join(out, 'index.html'));
await copyFile(join(root, 'ui', 'app.css'), join(out, 'app.css'));
