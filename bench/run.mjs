// pnpm bench: runs each case in its own node process (so peak RSS is that case's own), prints one
// table and writes it to BENCHMARKS.md, followed by the markdown sections cases emit (lib.mjs section()).
// Ratios compare paths measured in the same run, because these machines are shared and absolute numbers
// drift.
import { spawnSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const cases = readdirSync(join(here, 'cases'))
  .filter((f) => f.endsWith('.mjs'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const rows = [];
const sections = [];
for (const file of cases) {
  process.stderr.write(`bench: ${file} ...\n`);
  const run = spawnSync(process.execPath, ['--expose-gc', join(here, 'cases', file)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0) {
    rows.push({ case: file, metric: 'FAILED', value: `exit ${run.status}`, rss: '', note: 'see stderr above' });
    continue;
  }
  for (const line of run.stdout.split('\n')) {
    if (!line.startsWith('{')) continue;
    const parsed = JSON.parse(line);
    if (typeof parsed.section === 'string') sections.push(parsed.section.trim());
    else rows.push(parsed);
  }
}

const header = '| case | metric | value | peak RSS (MB) | note |\n| --- | --- | ---: | ---: | --- |';
const body = rows.map((r) => `| ${r.case} | ${r.metric} | ${r.value} | ${r.rss ?? ''} | ${r.note ?? ''} |`).join('\n');
const table = `${header}\n${body}`;
process.stdout.write(`\n${table}\n`);
for (const markdown of sections) process.stdout.write(`\n${markdown}\n`);

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`;
const doc = `# Benchmarks

Written by \`pnpm bench\` (bench/run.mjs) on ${new Date().toISOString()} — ${machine}.
Each case runs in its own process; peak RSS is that process's \`maxRSS\`. Compare ratios within one
run, not absolute numbers across runs: these machines are shared.

${table}
${sections.map((markdown) => `\n${markdown}\n`).join('')}`;
const failed = rows.filter((r) => r.metric === 'FAILED').length;
if (failed > 0) {
  process.stderr.write(`bench: ${failed} case(s) failed; BENCHMARKS.md left unchanged\n`);
  process.exit(1);
}
if (only.length === 0) writeFileSync(join(here, '..', 'BENCHMARKS.md'), doc);
else process.stderr.write('bench: subset run, BENCHMARKS.md left unchanged\n');
