// b2c-alerts replay of 1M events from one gzip JSONL file through the shipped pack (issue 3): the
// backtest a rule author runs; events/s and the process's peak RSS (the file is made in a child).
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli } from '@b2c-alerts/cli';
import { fmt, perSecond, report } from '../lib.mjs';

const count = 1_000_000;
const dir = await mkdtemp(join(tmpdir(), 'bench-replay-'));
const file = join(dir, 'events.jsonl.gz');
const made = spawnSync(
  process.execPath,
  [fileURLToPath(new URL('../make-archive.mjs', import.meta.url)), file, String(count)],
  { stdio: 'inherit' },
);
if (made.status !== 0) throw new Error('could not make the archive');
const size = (await stat(file)).size;
let alerts = 0;
const stdout = new Writable({
  write(c, _e, cb) {
    alerts += String(c).split('\n').filter(Boolean).length;
    cb();
  },
});
const stderr = new Writable({
  write(_c, _e, cb) {
    cb();
  },
});
const rules = fileURLToPath(new URL('../../rules', import.meta.url));
const t = performance.now();
const code = await runCli(['replay', file, '--rules', rules, '--format', 'jsonl'], {
  env: { LOG_LEVEL: 'error' },
  stdout,
  stderr,
});
const ms = performance.now() - t;
await rm(dir, { recursive: true, force: true });
if (code !== 0) throw new Error(`replay exited ${code}`);
report({
  case: 'replay: 1M events, gzip JSONL, shipped pack',
  metric: 'events/s',
  value: fmt(perSecond(count, ms)),
  note: `${(size / 1e6).toFixed(0)} MB gzip, ${fmt(alerts)} alerts, ${(ms / 1000).toFixed(1)} s`,
});
