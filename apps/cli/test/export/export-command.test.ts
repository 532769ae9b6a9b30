import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock, archiveLockFileName, type DirectoryAudit } from '@b2c-alerts/audit-client';
import { emulatorFixture, formatActivityDateTime, generateTraffic, transientFaultKinds } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportSummary } from '../../src/export/export-summary.js';
import { runCli } from '../../src/index.js';
import { archiveContents, leftoverTmpFiles } from '../helpers/archive-contents.js';
import { Capture } from '../helpers/capture.js';

const hour = 3_600_000;
const minute = 60_000;
const secret = `cli-test-secret-${Math.random().toString(36).slice(2)}`;

describe('b2c-alerts export against the Graph emulator', { timeout: 60_000 }, () => {
  const t0 = Date.parse('2026-11-27T12:00:00Z');
  const clock = new VirtualClock(t0);
  const emulator = emulatorFixture({
    clientSecret: secret,
    now: () => clock.now(),
    rateLimit: false,
    randomFaults: { probability: 0.15, kinds: transientFaultKinds, seed: 11, retryAfterSeconds: 2 },
  });
  const env = () => ({ ...emulator.env, LOG_LEVEL: 'debug' });
  let root: string;
  let out: string;
  const traffic: DirectoryAudit[] = [];
  const late: DirectoryAudit[] = [];

  async function exportOnce(args: string[] = []) {
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runCli(['export', '--since', '4d', '--out', out, '--json', ...args], {
      env: env(),
      stdout,
      stderr,
      clock,
    });
    const summary = code === 0 ? (JSON.parse(stdout.text) as ExportSummary) : undefined;
    return { code, stdout: stdout.text, stderr: stderr.text, summary };
  }

  beforeAll(emulator.start);
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cli-export-'));
    out = join(root, 'archive');
    // ~20k events over three days, up to now: the last overlap re-reads real traffic.
    traffic.push(...generateTraffic({ seed: 5, start: t0 - 3 * 24 * hour, end: t0 - 8 * minute, eventsPerHour: 280 }));
    emulator.graph.addEvents(traffic);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes every event exactly once, filed by UTC day, with every transient fault injected', async () => {
    expect(traffic.length).toBeGreaterThan(15_000);
    // Late events: they happened inside the last overlap but Graph publishes them only after this run.
    const watermark = t0 - 7 * minute; // now − default delay
    for (const [i, offset] of [25, 18, 12, 9].entries()) {
      late.push({
        ...traffic[traffic.length - 1 - i]!,
        id: `late-${i}`,
        activityDateTime: formatActivityDateTime(watermark - offset * minute, 1234),
      });
    }
    emulator.graph.addEvents(late, { visibleAt: t0 + 30 * minute });
    emulator.graph.injectFaults({ kind: '401' }, { kind: '429', retryAfterSeconds: 5 }, { kind: 'truncated-json' });
    emulator.graph.injectTokenFaults('500', '429', 'network-reset'); // the token endpoint fails transiently too

    const run = await exportOnce();
    expect(run.stderr).not.toMatch(/"level":50/);
    expect(run.code).toBe(0);
    const summary = run.summary!;
    expect(summary).toMatchObject({
      status: 'completed',
      events: traffic.length,
      watermark: new Date(watermark).toISOString(),
    });
    expect(summary.retries).toBeGreaterThan(0);
    expect(summary.throttledSeconds).toBeGreaterThan(0);
    expect(summary.windows).toBeGreaterThanOrEqual(12); // 4 days in 6-hour windows
    expect(summary.requests).toBeGreaterThan(summary.pages);
    expect(emulator.graph.stats.faultsServed).toBeGreaterThan(5);
    expect(emulator.graph.stats.tokenFaultsServed).toBe(3);
    expect(summary.quarantined).toBe(0);
    expect(await readdir(out)).not.toContain(archiveLockFileName);

    const { files, events } = await archiveContents(out);
    expect(files.length).toBe(summary.files);
    const ids = events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids)).toEqual(new Set(traffic.map((e) => e.id)));
    for (const event of events) expect(event.day).toBe(event.activityDateTime.slice(0, 10));
    expect(new Set(events.map((e) => e.day)).size).toBe(4); // three days of traffic span four UTC dates
    expect(await leftoverTmpFiles(out)).toEqual([]);
  });

  it('a rerun after late events appear inside the overlap adds exactly those', async () => {
    clock.set(t0 + 60 * minute);
    const before = await archiveContents(out);
    const run = await exportOnce();
    expect(run.code).toBe(0);
    expect(run.summary).toMatchObject({ status: 'completed', events: late.length });
    expect(run.summary!.duplicates).toBeGreaterThan(0); // the overlap re-read archived traffic

    const after = await archiveContents(out);
    const beforeIds = new Set(before.events.map((e) => e.id));
    const added = after.events.filter((e) => !beforeIds.has(e.id));
    expect(added.map((e) => e.id).sort()).toEqual(late.map((e) => e.id).sort());
    const ids = after.events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe(traffic.length + late.length);
  });

  it('a rerun with nothing new adds nothing', async () => {
    clock.advance(15 * minute);
    const now = clock.now();
    const before = await archiveContents(out);
    const run = await exportOnce();
    expect(run.code).toBe(0);
    expect(run.summary).toMatchObject({ status: 'completed', events: 0, files: 0 });
    expect(run.summary!.windows).toBe(1);
    const after = await archiveContents(out);
    expect(after.files).toEqual(before.files);

    // Same clock again: there is no window to read at all. (The run's retries of injected faults
    // back off on the virtual clock and move it on: one request per service and slice gives them room.)
    clock.set(now);
    const idle = await exportOnce();
    expect(idle.summary).toMatchObject({ status: 'completed', events: 0, windows: 0, requests: 0 });
  });

  it('never prints the client secret, even at LOG_LEVEL=trace', async () => {
    const all = [await exportOnce(), await exportOnce(['--tenant-label', 'contoso'])];
    clock.advance(10 * minute);
    all.push(await exportOnce());
    const wrong = { ...env(), AZURE_CLIENT_SECRET: `${secret}-wrong`, LOG_LEVEL: 'trace' };
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runCli(['export', '--since', '1h', '--out', join(root, 'other')], {
      env: wrong,
      stdout,
      stderr,
      clock,
    });
    expect(code).toBe(1);
    expect(stderr.text).toMatch(/client secret/i);
    for (const output of [...all.flatMap((r) => [r.stdout, r.stderr]), stdout.text, stderr.text]) {
      expect(output).not.toContain(secret);
    }
  });

  it('refuses an archive directory of another tenant with exit code 2', async () => {
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runCli(['export', '--since', '1h', '--out', out], {
      env: { ...env(), AZURE_TENANT_ID: 'fabrikamb2c.onmicrosoft.com' },
      stdout,
      stderr,
      clock,
    });
    expect(code).toBe(2);
    expect(stdout.text).toBe('');
    expect(stderr.text).toMatch(
      /belongs to tenant 11111111-2222-3333-4444-555555555555, not fabrikamb2c\.onmicrosoft\.com/,
    );
  });
});
