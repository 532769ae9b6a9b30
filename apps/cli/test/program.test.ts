import { describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';
import { Capture } from './helpers/capture.js';

async function run(args: string[]) {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await runCli(args, { env: {}, stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('b2c-alerts command line', () => {
  it('prints help and version on stdout with exit 0', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: b2c-alerts/);
    expect(help.stdout).toMatch(/export \[options\]\s+archive audit events/);
    const exportHelp = await run(['export', '--help']);
    expect(exportHelp.stdout).toMatch(/--since <when>/);
    expect((await run(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('exits 2 on usage errors, before reading the environment', async () => {
    const missing = await run(['export', '--out', 'x']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/required option '--since <when>' not specified/);

    const bad = await run(['export', '--since', 'last week', '--out', 'x']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since "last week" is neither a duration/);

    const order = await run(['export', '--since', '1d', '--until', '2d', '--out', 'x']);
    expect(order.code).toBe(2);
    expect(order.stderr).toMatch(/--until 2d is not after --since 1d/);

    const rate = await run(['export', '--since', '1d', '--out', 'x', '--rate-limit', 'fast']);
    expect(rate.stderr).toMatch(/--rate-limit "fast" is not <requests>\/<seconds>/);

    expect((await run(['exprot'])).code).toBe(2);
    expect((await run([])).code).toBe(2);
  });
});
