import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock, archiveLockFileName } from '@b2c-alerts/audit-client';
import { emulatorFixture, generateTraffic } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/index.js';
import { archiveContents, leftoverTmpFiles } from '../helpers/archive-contents.js';
import { Capture } from '../helpers/capture.js';

const hour = 3_600_000;
const t0 = Date.parse('2026-11-27T12:00:00Z');

/** A terminal that aborts the run once its progress line shows `limit` events written. */
class AbortingTerminal extends Capture {
  constructor(
    private readonly controller: AbortController,
    private readonly limit: number,
  ) {
    super(true, 120);
  }
  override write(chunk: string): boolean {
    const shown = /· (\d+) events ·/.exec(chunk);
    if (shown && Number(shown[1]) >= this.limit) this.controller.abort();
    return super.write(chunk);
  }
}

describe('export interrupted by a signal', { timeout: 60_000 }, () => {
  const clock = new VirtualClock(t0);
  let dir: string;
  const emulator = emulatorFixture({ now: () => clock.now(), maxPageSize: 500 });
  const traffic = [...generateTraffic({ seed: 9, start: t0 - 2 * 24 * hour, end: t0 - hour, eventsPerHour: 150 })];

  beforeAll(emulator.start);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-interrupt-'));
    emulator.graph.addEvents(traffic);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stops with exit 130 keeping finished parts, shows progress on a terminal, and a rerun completes without duplicates', async () => {
    const controller = new AbortController();
    const stdout = new Capture();
    const stderr = new AbortingTerminal(controller, 2000);
    const code = await runCli(['export', '--since', '2d', '--out', dir], {
      env: emulator.env,
      stdout,
      stderr,
      clock,
      signal: controller.signal,
    });

    expect(code).toBe(130);
    expect(stdout.text).toMatch(/^export interrupted \(11111111-2222-3333-4444-555555555555\): \d+ events written/);
    expect(stderr.text).toMatch(
      /b2c-alerts: Interrupted\. Completed work is saved; run the same command again to continue\./,
    );
    expect(stderr.text).toContain('\r\x1b[2Kexport ');
    const partial = await archiveContents(dir);
    expect(partial.events.length).toBeGreaterThanOrEqual(2000);
    expect(partial.events.length).toBeLessThan(traffic.length);
    expect(await leftoverTmpFiles(dir)).toEqual([]);
    expect(await readdir(dir)).not.toContain(archiveLockFileName); // released on the way out

    // The rerun resumes from the last saved watermark; parts written after it are not written again.
    const again = new Capture();
    const rerunErr = new Capture();
    expect(
      await runCli(['export', '--since', '2d', '--out', dir], {
        env: emulator.env,
        stdout: again,
        stderr: rerunErr,
        clock,
      }),
    ).toBe(0);
    expect(again.text).toMatch(/^export completed/);
    expect(rerunErr.text).not.toContain('\x1b'); // not a terminal: no progress line
    const { events } = await archiveContents(dir);
    const ids = events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(traffic.length);
  });
});
