import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  VirtualClock,
  archiveStateFileName,
  quarantineDirectoryName,
  type QuarantineLine,
} from '@b2c-alerts/audit-client';
import { emulatorFixture, generateTraffic } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportSummary } from '../../src/export/export-summary.js';
import { runCli } from '../../src/index.js';
import { archiveContents } from '../helpers/archive-contents.js';
import { Capture } from '../helpers/capture.js';

const minute = 60_000;
const hour = 60 * minute;
const t0 = Date.parse('2026-11-27T12:00:00Z');

async function quarantineLines(out: string): Promise<QuarantineLine[]> {
  const dir = join(out, quarantineDirectoryName);
  const names = (await readdir(dir, { recursive: true })).filter((n) => n.endsWith('.jsonl')).sort();
  const lines: QuarantineLine[] = [];
  for (const name of names) {
    const text = await readFile(join(dir, name), 'utf8');
    for (const line of text.split('\n').filter(Boolean)) lines.push(JSON.parse(line) as QuarantineLine);
  }
  return lines;
}

describe('export quarantines what it cannot archive', { timeout: 60_000 }, () => {
  const clock = new VirtualClock(t0);
  let root: string;
  const emulator = emulatorFixture({ now: () => clock.now(), maxPageSize: 300 });
  const traffic = [...generateTraffic({ seed: 33, start: t0 - 20 * hour, end: t0 - 10 * minute, eventsPerHour: 150 })];

  async function exportInto(out: string, json = true) {
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runCli(['export', '--since', '1d', '--out', out, ...(json ? ['--json'] : [])], {
      env: emulator.env,
      stdout,
      stderr,
      clock,
    });
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  beforeAll(emulator.start);
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cli-export-quarantine-'));
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes the good records of a page, sets the bad ones aside in DIR/quarantine, and says so; a rerun does not set them aside again', async () => {
    emulator.graph.addEvents(traffic);
    // Records Graph should never send, stored at real times (one inside the overlap the rerun re-reads) but served broken.
    const at = (i: number) => traffic[i]!;
    const badTime = { ...at(100), id: 'bad-time' };
    const noId = { ...at(1000), id: 'no-id' };
    const lastOverlap = { ...at(traffic.length - 5), id: 'bad-late' };
    expect(Date.parse(lastOverlap.activityDateTime)).toBeGreaterThan(t0 - 7 * minute - 30 * minute); // re-read by the rerun
    emulator.graph.addEvents([badTime], { serveWith: { activityDateTime: '27/11/2026 03:00' } });
    emulator.graph.addEvents([noId], { serveWith: { id: undefined } });
    emulator.graph.addEvents([lastOverlap], { serveWith: { activityDateTime: '2026-11-27T10:61:00Z' } });
    const out = join(root, 'records');

    const run = await exportInto(out, false);
    const ranUntil = clock.now(); // the client-side rate limit's waits move the virtual clock

    expect(run.code).toBe(0);
    const [counts, warning, ...rest] = run.stdout.trimEnd().split('\n');
    expect(counts).toMatch(
      new RegExp(`^export completed \\(${emulator.graph.tenantId}\\): ${traffic.length} events written`),
    );
    expect(warning).toBe(
      `warning: 3 items could not be archived (records without an id or a valid activityDateTime, or the body of a page that stayed unreadable) and are in ${join(out, quarantineDirectoryName)}; inspect them there`,
    );
    expect(rest).toEqual([]);
    expect(run.stderr).not.toMatch(/Unexpected|"level":50/);
    expect(run.stderr.split('\n').filter((l) => l.includes('kept in quarantine'))).toHaveLength(3);

    const { events } = await archiveContents(out);
    expect(events.map((e) => e.id).sort()).toEqual(traffic.map((e) => e.id).sort());
    const lines = await quarantineLines(out);
    expect(lines.map((l) => l.reason).sort()).toEqual(
      [
        'record "bad-time" has activityDateTime "27/11/2026 03:00", which is not an ISO-8601 date-time',
        'the record has no id',
        'record "bad-late" has activityDateTime "2026-11-27T10:61:00Z", which is not an ISO-8601 date-time',
      ].sort(),
    );
    const noIdLine = lines.find((l) => l.reason === 'the record has no id')!;
    expect(noIdLine.record).toEqual(Object.fromEntries(Object.entries(noId).filter(([k]) => k !== 'id')));
    expect(Date.parse(noIdLine.quarantinedAt)).toBeGreaterThanOrEqual(t0);
    expect(Date.parse(noIdLine.quarantinedAt)).toBeLessThanOrEqual(ranUntil);

    // The rerun re-reads the last overlap, bad record included, and writes nothing twice.
    clock.advance(hour);
    const rerun = await exportInto(out);
    expect(rerun.code).toBe(0);
    const summary = JSON.parse(rerun.stdout) as ExportSummary;
    expect(summary).toMatchObject({ status: 'completed', events: 0, quarantined: 0 });
    expect(summary.duplicates).toBeGreaterThan(0);
    expect(await quarantineLines(out)).toHaveLength(3);
  });

  it('fails the window of a page that stays unreadable, keeps its last body in quarantine, and leaves the watermark for the rerun', async () => {
    const out = join(root, 'page');
    emulator.graph.injectFaults(...Array.from({ length: 8 }, () => ({ kind: 'truncated-json' as const })));

    const run = await exportInto(out, false);

    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /b2c-alerts: Gave up reading audit events .* after 8 attempts; last failure: HTTP 200 with invalid or truncated JSON\. The watermark did not move/,
    );
    expect(run.stdout).toMatch(/^export failed .*\nwarning: 1 item could not be archived .* and is in /);
    const [line] = await quarantineLines(out);
    expect(line!.reason).toMatch(/^Gave up reading audit events/);
    expect(typeof line!.record).toBe('string');
    expect((line!.record as string).startsWith('{"@odata.context"')).toBe(true);
    expect(line!.page).toBe(0);
    expect(JSON.parse(await readFile(join(out, archiveStateFileName), 'utf8'))).toEqual({
      version: 1,
      tenant: emulator.graph.tenantId,
    });

    const rerun = await exportInto(out);
    expect(rerun.code).toBe(0);
    const summary = JSON.parse(rerun.stdout) as ExportSummary;
    expect(summary).toMatchObject({ status: 'completed', quarantined: 3 }); // a new archive: its own quarantine
    const { events } = await archiveContents(out);
    expect(events.length).toBe(traffic.length);
  });
});
