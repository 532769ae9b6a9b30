// b2c-alerts export against the Graph emulator (in its own process), client rate limit off (issue 2):
// 200k events over 3 days; verifies every event was written exactly once.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { listArchiveParts, readArchivePart } from '@b2c-alerts/audit-client';
import { runCli } from '@b2c-alerts/cli';
import { emulatorEnv } from '@b2c-alerts/testkit';
import { fmt, perSecond, report } from '../lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const child = spawn(process.execPath, [join(here, '..', 'emulator-process.mjs'), '200000', '3'], {
  stdio: ['pipe', 'pipe', 'inherit'],
});
const first = await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
const emu = JSON.parse(first);
const out = await mkdtemp(join(tmpdir(), 'bench-export-'));
const sink = () =>
  new Writable({
    write(_c, _e, cb) {
      cb();
    },
  });
let stdoutText = '';
const stdout = new Writable({
  write(c, _e, cb) {
    stdoutText += c;
    cb();
  },
});
const env = { ...emulatorEnv(emu), LOG_LEVEL: 'error' };
const t = performance.now();
const code = await runCli(['export', '--since', '4d', '--out', out, '--rate-limit', 'off', '--json'], {
  env,
  stdout,
  stderr: sink(),
});
const ms = performance.now() - t;
const rss = Math.round(process.resourceUsage().maxRSS / 1024); // before the verification below holds every id
child.stdin.end();
if (code !== 0) throw new Error(`export exited ${code}`);
const summary = JSON.parse(stdoutText);
const ids = new Set();
let lines = 0;
for (const file of await listArchiveParts(out))
  for await (const e of readArchivePart(file)) {
    ids.add(e.id);
    lines += 1;
  }
await rm(out, { recursive: true, force: true });
const exact =
  ids.size === emu.events && lines === emu.events
    ? 'every event exactly once'
    : `MISMATCH: ${lines} lines, ${ids.size} ids, ${emu.events} served`;
// A throughput is worth nothing if events were lost or doubled: fail the case (run.mjs marks it FAILED).
if (!exact.startsWith('every')) throw new Error(`export ${exact}`);
report({
  rss,
  case: 'export (emulator, rate limit off)',
  metric: 'events/s',
  value: fmt(perSecond(summary.events, ms)),
  note: `${fmt(summary.events)} events over 3 days, ${summary.pages} pages, ${summary.files} files; ${exact}`,
});
