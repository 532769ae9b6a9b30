import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock, type DirectoryAudit } from '@b2c-alerts/audit-client';
import { emulatorFixture, generateTraffic } from '@b2c-alerts/testkit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/index.js';
import { archiveContents } from '../helpers/archive-contents.js';
import { Capture } from '../helpers/capture.js';

const hour = 3_600_000;
const t0 = Date.parse('2026-11-27T12:00:00Z');

describe('export and Graph retention', { timeout: 60_000 }, () => {
  let dir: string;
  let clock: VirtualClock;
  const emulator = emulatorFixture({ now: () => clock.now() });
  afterEach(emulator.close);
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-retention-'));
    clock = new VirtualClock(t0);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function start(retentionDays: number, traffic: DirectoryAudit[]) {
    const graph = await emulator.startWith({ retentionDays });
    graph.addEvents(traffic);
    return emulator.env;
  }

  it('warns with the gap when --since is older than the seven days Graph keeps', async () => {
    const traffic = [...generateTraffic({ seed: 2, start: t0 - 9 * 24 * hour, end: t0 - hour, eventsPerHour: 20 })];
    const env = await start(7, traffic);
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runCli(['export', '--since', '2026-11-17T00:00:00Z', '--out', dir], {
      env,
      stdout,
      stderr,
      clock,
    });
    expect(code).toBe(0);
    const warning = /warning: events from (\S+) to (\S+) are older than Graph keeps them/.exec(stdout.text);
    expect(warning?.[1]).toBe('2026-11-17T00:00:00.000Z');
    const gapEnd = Date.parse(warning![2]!);
    expect(gapEnd).toBeGreaterThan(t0 - 7 * 24 * hour);
    expect(gapEnd).toBeLessThan(t0 - 7 * 24 * hour + hour);
    expect(stderr.text).toMatch(
      /"level":40.*"gapFrom":"2026-11-17T00:00:00.000Z".*"msg":"events older than graph retention were not exported"/,
    );

    const { events } = await archiveContents(dir);
    expect(events.map((e) => e.id).sort()).toEqual(
      traffic
        .filter((e) => Date.parse(e.activityDateTime) >= gapEnd)
        .map((e) => e.id)
        .sort(),
    );
  });

  it('reports the gap when Graph itself refuses the start (the retention 400) and exports the rest', async () => {
    // The tenant keeps 2 days, so Graph answers 400 "Minimum allowed time…" for older windows.
    const traffic = [...generateTraffic({ seed: 4, start: t0 - 3 * 24 * hour, end: t0 - hour, eventsPerHour: 40 })];
    const env = await start(2, traffic);
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runCli(['export', '--since', '3d', '--out', dir, '--json'], { env, stdout, stderr, clock });
    expect(code).toBe(0);
    const summary = JSON.parse(stdout.text) as { events: number; retentionGap?: { from: string; to: string } };
    expect(summary.retentionGap?.from).toBe(new Date(t0 - 3 * 24 * hour).toISOString());
    const gapEnd = Date.parse(summary.retentionGap!.to);
    expect(gapEnd).toBeGreaterThanOrEqual(Date.parse('2026-11-25T00:00:00Z')); // startOfUtcDay(now − 2 d)

    const { events } = await archiveContents(dir);
    const expected = traffic.filter((e) => Date.parse(e.activityDateTime) >= gapEnd).map((e) => e.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(events.map((e) => e.id).sort()).toEqual(expected.sort());
    expect(summary.events).toBe(expected.length);
  });
});
