// `pnpm rules:schema`: regenerates rules/rule.schema.json and rules/tests.schema.json from the loader's
// and the test runner's schemas (the editor schemas the rule and tests files name). Builds the
// rule-engine when stale (turbo caches it), quietly, showing the build's output only when it fails.
// The rule-engine tests compare both files with the schemas, so run this whenever a schema changes.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const build = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'build', '--filter=@b2c-alerts/rule-engine', '--output-logs=errors-only'],
  {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  },
);
if (build.status !== 0) {
  process.stderr.write(build.stdout + build.stderr);
  process.stderr.write('rules:schema: the build failed (above); fix it or run `pnpm build` to see more.\n');
  process.exit(build.status ?? 1);
}
const { ruleFileJsonSchema, testsFileJsonSchema } = await import(
  new URL('../packages/rule-engine/dist/index.js', import.meta.url).href
);
for (const [file, schema] of [
  ['rules/rule.schema.json', ruleFileJsonSchema],
  ['rules/tests.schema.json', testsFileJsonSchema],
]) {
  writeFileSync(new URL(`../${file}`, import.meta.url), `${JSON.stringify(schema, null, 2)}\n`);
  process.stdout.write(`wrote ${file}\n`);
}
