import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock, archiveLockFileName, archiveStateFileName } from '@b2c-alerts/audit-client';
import { emulatorFixture, generateTraffic } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportSummary } from '../../src/export/export-summary.js';
import { runCli } from '../../src/index.js';
import { archiveContents } from '../helpers/archive-contents.js';
import { Capture } from '../helpers/capture.js';

const hour = 3_600_000;
const t0 = Date.parse('2026-11-27T12:00:00Z');

describe('export holds DIR/.export.lock while it runs', { timeout: 60_000 }, () => {
  const clock = new VirtualClock(t0);
  let root: string;
  const emulator = emulatorFixture({ now: () => clock.now(), maxPageSize: 200, rateLimit: false });
  const traffic = [...generateTraffic({ seed: 21, start: t0 - 20 * hour, end: t0 - hour, eventsPerHour: 120 })];
  let dirs = 0;
  const newDir = () => join(root, `archive-${++dirs}`);

  async function exportInto(out: string, options: { env?: Record<string, string>; signal?: AbortSignal } = {}) {
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runCli(['export', '--since', '1d', '--out', out, '--json'], {
      env: options.env ?? emulator.env,
      stdout,
      stderr,
      clock,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return { code, stdout: stdout.text, stderr: stderr.text };
  }

  beforeAll(emulator.start);
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cli-export-lock-'));
    emulator.graph.addEvents(traffic);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('lets one of two concurrent exports into a directory run; the other stops at once with exit 2', async () => {
    const out = newDir();
    const requestsBefore = emulator.graph.stats.graphRequests;
    const [a, b] = await Promise.all([exportInto(out), exportInto(out)]);
    const [winner, loser] = a.code === 0 ? [a, b] : [b, a];

    expect([a.code, b.code].sort()).toEqual([0, 2]);
    expect(loser.stdout).toBe('');
    expect(loser.stderr).toMatch(
      new RegExp(
        `b2c-alerts: Another export \\(pid ${process.pid} on ${hostname().replace(/[.]/g, '\\.')}, started at 2026-11-27T12:00:00\\.000Z\\) is writing to .*archive-1\\. Wait for it to finish, or remove .*${archiveLockFileName.replace('.', '\\.')} if that process is gone\\.`,
      ),
    );
    const summary = JSON.parse(winner.stdout) as ExportSummary;
    expect(summary).toMatchObject({ status: 'completed', events: traffic.length });
    // Only the winner spent the request budget.
    expect(emulator.graph.stats.graphRequests - requestsBefore).toBe(summary.requests);
    const { events } = await archiveContents(out);
    expect(events.length).toBe(traffic.length);
    expect(new Set(events.map((e) => e.id)).size).toBe(traffic.length);
    expect(await readdir(out)).not.toContain(archiveLockFileName);
  });

  it('refuses a directory whose lock a live process holds, touching nothing, and leaves the lock in place', async () => {
    const out = newDir();
    await exportInto(out);
    const state = await readFile(join(out, archiveStateFileName), 'utf8');
    const holder = JSON.stringify({ pid: process.ppid, hostname: hostname(), startedAt: '2026-11-27T11:00:00.000Z' });
    await writeFile(join(out, archiveLockFileName), holder);
    clock.advance(hour);

    const run = await exportInto(out);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `Another export (pid ${process.ppid} on ${hostname()}, started at 2026-11-27T11:00:00.000Z) is writing to ${out}.`,
    );
    expect(await readFile(join(out, archiveLockFileName), 'utf8')).toBe(holder);
    expect(await readFile(join(out, archiveStateFileName), 'utf8')).toBe(state);
  });

  it('takes over the lock of an export that died on this host, with a warning, and removes it at the end', async () => {
    const out = newDir();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    await exportInto(out); // creates the directory
    await writeFile(
      join(out, archiveLockFileName),
      JSON.stringify({ pid: dead, hostname: hostname(), startedAt: '2026-11-27T11:00:00.000Z' }),
    );
    clock.advance(hour);

    const run = await exportInto(out);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ status: 'completed' });
    const warning = run.stderr.split('\n').find((line) => line.includes('took over the archive lock'));
    expect(warning && JSON.parse(warning)).toMatchObject({ level: 40, stalePid: dead, staleHostname: hostname() });
    expect(await readdir(out)).not.toContain(archiveLockFileName);
  });

  it('removes the lock when the run fails, and when it is interrupted', async () => {
    const failedOut = newDir();
    const failed = await exportInto(failedOut, { env: { ...emulator.env, AZURE_CLIENT_SECRET: 'wrong' } });
    expect(failed.code).toBe(1);
    expect(await readdir(failedOut)).not.toContain(archiveLockFileName);

    const interruptedOut = newDir();
    const controller = new AbortController();
    controller.abort(new Error('SIGINT'));
    const interrupted = await exportInto(interruptedOut, { signal: controller.signal });
    expect(interrupted.code).toBe(130);
    expect(await readdir(interruptedOut)).not.toContain(archiveLockFileName);
  });

  it('claims the directory for its tenant before reading, so a run that failed early still refuses another tenant', async () => {
    const out = newDir();
    const failed = await exportInto(out, { env: { ...emulator.env, AZURE_CLIENT_SECRET: 'wrong' } });
    expect(failed.code).toBe(1);
    expect(JSON.parse(await readFile(join(out, archiveStateFileName), 'utf8'))).toEqual({
      version: 1,
      tenant: emulator.graph.tenantId,
    });

    const other = await exportInto(out, { env: { ...emulator.env, AZURE_TENANT_ID: 'fabrikamb2c.onmicrosoft.com' } });
    expect(other.code).toBe(2);
    expect(other.stderr).toContain(`belongs to tenant ${emulator.graph.tenantId}, not fabrikamb2c.onmicrosoft.com`);
  });
});
