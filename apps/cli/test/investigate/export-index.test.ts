import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '@b2c-alerts/audit-client';
import { emulatorFixture, generateTraffic } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/index.js';
import { Capture } from '../helpers/capture.js';

const hour = 3_600_000;
const secret = `cli-test-secret-${Math.random().toString(36).slice(2)}`;

describe('export --index', () => {
  const t0 = Date.parse('2026-06-04T06:00:00Z');
  const clock = new VirtualClock(t0);
  const emulator = emulatorFixture({ clientSecret: secret, now: () => clock.now(), rateLimit: false });
  const traffic = [...generateTraffic({ seed: 3, start: t0 - 3 * 24 * hour, end: t0 - hour, eventsPerHour: 40 })];
  let root: string;

  const run = async (args: string[]) => {
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runCli(args, { env: { ...emulator.env, LOG_LEVEL: 'silent' }, stdout, stderr, clock });
    return { code, stdout: stdout.text, stderr: stderr.text };
  };

  beforeAll(emulator.start);
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cli-export-index-'));
    emulator.graph.addEvents(traffic);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('indexes the closed days it wrote, so events answers them from the index', async () => {
    const out = join(root, 'archive');
    const exported = await run(['export', '--since', '4d', '--out', out, '--json', '--rate-limit', 'off', '--index']);
    expect(exported.code).toBe(0);
    expect(JSON.parse(exported.stdout)).toMatchObject({ status: 'completed' });
    expect(exported.stderr).toBe(
      'Indexed 3 days (' + exported.stderr.match(/\((\S+) events\)/)![1] + ' events); 0 already current.\n',
    );

    const events = await run(['events', '--archive', out, '--format', 'jsonl', '--limit', '100000']);
    expect(events.code).toBe(0);
    // Only the open day (2026-06-04) comes from its parts.
    expect(events.stderr).toBe('notice: 2026-06-04 answered from its raw parts (the open day, not indexed yet).\n');
    const ids = events.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { id: string }).id);
    expect(new Set(ids)).toEqual(new Set(traffic.map((e) => e.id)));
  });
});
