// `pnpm b2c-alerts <args>`: builds the CLI and what it depends on when stale (turbo caches it), quietly,
// showing the build's output only when it fails; then runs the CLI with the given arguments.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const build = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'build', '--filter=@b2c-alerts/cli...', '--output-logs=errors-only'],
  {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  },
);
if (build.status !== 0) {
  process.stderr.write(build.stdout + build.stderr);
  process.stderr.write('b2c-alerts: the build failed (above); fix it or run `pnpm build` to see more.\n');
  process.exit(build.status ?? 1);
}
const cli = spawnSync(
  process.execPath,
  [fileURLToPath(new URL('../apps/cli/dist/bin.js', import.meta.url)), ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exit(cli.status ?? (cli.signal ? 130 : 1));
