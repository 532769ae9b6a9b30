import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock, type DirectoryAudit } from '@b2c-alerts/audit-client';
import { emulatorFixture, generateTraffic } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportSummary } from '../../src/export/export-summary.js';
import { runCli } from '../../src/index.js';
import { archiveContents } from '../helpers/archive-contents.js';
import { Capture } from '../helpers/capture.js';

const hour = 3_600_000;
const t0 = Date.parse('2026-11-27T12:00:00Z');

describe('export reads the services AZURE_AUDIT_SERVICES names', { timeout: 60_000 }, () => {
  const clock = new VirtualClock(t0);
  let root: string;
  const emulator = emulatorFixture({ now: () => clock.now(), rateLimit: false });
  const traffic: DirectoryAudit[] = [
    ...generateTraffic({ seed: 31, start: t0 - 20 * hour, end: t0 - hour, eventsPerHour: 200 }),
    // An invitation: its service is read by default too (docs/graph-audit-api.md §4.7).
    {
      id: 'Invited Users_export-1',
      activityDateTime: new Date(t0 - 5 * hour).toISOString(),
      activityDisplayName: 'Invite external user',
      category: 'UserManagement',
      loggedByService: 'Invited Users',
      result: 'success',
    },
  ];
  const ids = (service: string) =>
    traffic
      .filter((e) => e.loggedByService === service)
      .map((e) => e.id)
      .sort();

  async function exportInto(out: string, env: Record<string, string> = {}) {
    const stdout = new Capture();
    const stderr = new Capture();
    const code = await runCli(['export', '--since', '1d', '--out', out, '--json'], {
      env: { ...emulator.env, ...env },
      stdout,
      stderr,
      clock,
    });
    return { code, summary: code === 0 ? (JSON.parse(stdout.text) as ExportSummary) : undefined, stderr: stderr.text };
  }

  beforeAll(emulator.start);
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cli-export-services-'));
    emulator.graph.addEvents(traffic);
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('archives the records of every default service, and B2C only with AZURE_AUDIT_SERVICES=B2C', async () => {
    expect(ids('Core Directory').length).toBeGreaterThan(0);
    expect(ids('Invited Users')).toEqual(['Invited Users_export-1']);
    const both = join(root, 'both');
    expect((await exportInto(both)).summary).toMatchObject({ status: 'completed', events: traffic.length });
    expect((await archiveContents(both)).events.map((e) => e.id).sort()).toEqual(traffic.map((e) => e.id).sort());

    const b2cOnly = join(root, 'b2c-only');
    const run = await exportInto(b2cOnly, { AZURE_AUDIT_SERVICES: 'B2C' });
    expect(run.summary).toMatchObject({ status: 'completed', events: ids('B2C').length });
    expect((await archiveContents(b2cOnly)).events.map((e) => e.id).sort()).toEqual(ids('B2C'));
  });

  it('refuses a bad AZURE_AUDIT_SERVICES with exit 2, naming the variable', async () => {
    const run = await exportInto(join(root, 'bad'), { AZURE_AUDIT_SERVICES: 'B2C,,Core Directory' });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'AZURE_AUDIT_SERVICES must list service names separated by commas (e.g. B2C,Core Directory), with no empty name',
    );
  });
});
