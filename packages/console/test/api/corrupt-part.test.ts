import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { GeneratedArchive } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startConsole, type RunningConsole } from '../../src/index.js';
import { archiveNow, consoleArchive } from '../helpers/console-archive.js';

let archive: GeneratedArchive;
let server: RunningConsole;
let broken: string;
let brokenDayTotal: number;

beforeAll(async () => {
  archive = await consoleArchive();
  server = await startConsole({ archiveDir: archive.dir, clock: { now: () => archiveNow } });
  // Half of a gzip part of the open day (answered from its parts): unreadable.
  const dayDir = join(archive.dir, '2026-04-04');
  broken = (await readdir(dayDir)).sort()[0]!;
  const whole = await readFile(join(dayDir, broken));
  const count = await (await fetch(new URL('/api/events/count?by=day&since=2026-04-04', server.url))).json();
  brokenDayTotal = (count as { total: number }).total;
  await writeFile(join(dayDir, broken), whole.subarray(0, Math.floor(whole.length / 2)));
});

afterAll(async () => {
  await server?.close();
  await archive?.remove();
});

describe('a corrupt part', () => {
  it('is named in sources, and the rest is answered', async () => {
    const res = await fetch(
      new URL('/api/events?limit=1000&since=2026-04-03T20:00:00Z&until=2026-04-04T02:00:00Z', server.url),
    );
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      rows: Array<{ time: string }>;
      sources: { skipped: Array<{ day: string; part: string; reason: string }> };
    };
    expect(body.sources.skipped).toHaveLength(1);
    expect(body.sources.skipped[0]).toMatchObject({ day: '2026-04-04', part: broken });
    expect(body.sources.skipped[0]!.reason).toMatch(/unreadable/);
    expect(JSON.stringify(body.sources)).not.toContain(archive.dir);
    expect(body.rows.some((r) => r.time.startsWith('2026-04-03'))).toBe(true);
    const count = (await (await fetch(new URL('/api/events/count?by=day&since=2026-04-04', server.url))).json()) as {
      total: number;
      sources: { skipped: unknown[] };
    };
    expect(count.sources.skipped).toHaveLength(1);
    expect(count.total).toBeLessThan(brokenDayTotal);
  });
});
