import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emulatorFixture, generateTraffic } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveContents } from './helpers/archive-contents.js';
import { spawnCli } from './helpers/spawn-cli.js';

describe('the b2c-alerts binary (src/bin.ts)', { timeout: 60_000 }, () => {
  const emulator = emulatorFixture(); // real clock: the child process uses the system clock
  let dir: string;
  const now = Date.now();
  const traffic = [
    ...generateTraffic({ seed: 21, start: now - 3 * 3_600_000, end: now - 10 * 60_000, eventsPerHour: 200 }),
  ];

  beforeAll(emulator.start);
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cli-bin-'));
    emulator.graph.addEvents(traffic);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('exports and exits 0; SIGTERM stops a running export with exit 130', async () => {
    // --since as the same instant the traffic starts at: the child's own `3h` would start seconds later.
    const done = await spawnCli(
      [
        'export',
        '--since',
        new Date(now - 3 * 3_600_000).toISOString(),
        '--out',
        join(dir, 'a'),
        '--json',
        '--rate-limit',
        'off',
      ],
      emulator.env,
    );
    expect(done.stderr).not.toMatch(/"level":50/);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ status: 'completed', events: traffic.length });
    expect((await archiveContents(join(dir, 'a'))).events).toHaveLength(traffic.length);

    // One request per hour: the run blocks on the rate limit after its first window; SIGTERM ends it.
    let signalled = false;
    const stopped = await spawnCli(
      ['export', '--since', '13h', '--out', join(dir, 'b'), '--rate-limit', '1/3600'],
      emulator.env,
      (stderr, child) => {
        if (!signalled && stderr.includes('"msg":"export started"')) {
          signalled = true;
          child.kill('SIGTERM');
        }
      },
    );
    expect(stopped.code).toBe(130);
    expect(stopped.stdout).toMatch(/^export interrupted/);
    expect(stopped.stderr).toMatch(
      /Interrupted by SIGTERM\. Completed work is saved; run the same command again to continue\./,
    );
  });
});
