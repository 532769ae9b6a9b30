import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock, type DirectoryAudit } from '@b2c-alerts/audit-client';
import {
  emulatorFixture,
  faultKinds,
  formatActivityDateTime,
  generateTraffic,
  type FaultKind,
  type GraphEmulator,
} from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportSummary } from '../../src/export/export-summary.js';
import { runCli } from '../../src/index.js';
import { archiveContents } from '../helpers/archive-contents.js';
import { Capture } from '../helpers/capture.js';

const minute = 60_000;
const day = 24 * 60 * minute;
const transientFaults = faultKinds.filter((k) => k !== '401' && k !== '403');

/**
 * A terminal that queues the next fault kind each time the progress line moves (a page was written),
 * so every kind meets a real request of the run, one at a time, whatever the random draw does.
 */
class FaultFeeder extends Capture {
  private next = 0;
  private events = '0';
  constructor(
    private readonly emulator: GraphEmulator,
    private readonly kinds: readonly FaultKind[],
  ) {
    super(true, 200);
  }
  override write(chunk: string): boolean {
    const shown = /· (\d+) events ·/.exec(chunk)?.[1];
    if (shown !== undefined && shown !== this.events && this.next < this.kinds.length)
      this.emulator.injectFaults({ kind: this.kinds[this.next++]! });
    this.events = shown ?? this.events;
    return super.write(chunk);
  }
}

// The acceptance run: 200k events over 3 days, every event exactly once; a rerun after late
// events appear adds exactly those. The client's rate limit is off (the emulator does not throttle),
// so this measures correctness at volume, not Graph's 5 requests / 10 s.
describe('export of 200k events over 3 days', { timeout: 240_000 }, () => {
  const t0 = Date.parse('2026-11-27T12:00:00Z');
  const clock = new VirtualClock(t0);
  // Seeded random faults on ~10% of requests, never too many in a row; FaultFeeder adds one of each kind.
  const emulator = emulatorFixture({
    now: () => clock.now(),
    rateLimit: false,
    randomFaults: { probability: 0.1, kinds: transientFaults, seed: 7, retryAfterSeconds: 1 },
  });
  let root: string;
  const ids = new Set<string>();
  let total = 0;

  async function exportOnce(stderr = new Capture()): Promise<ExportSummary> {
    const stdout = new Capture();
    const args = ['export', '--since', '3d', '--out', join(root, 'archive'), '--rate-limit', 'off', '--json'];
    const code = await runCli(args, { env: { ...emulator.env, LOG_LEVEL: 'warn' }, stdout, stderr, clock });
    expect(stderr.text).not.toMatch(/"level":50/);
    expect(code, stderr.text.slice(0, 2000)).toBe(0);
    return JSON.parse(stdout.text) as ExportSummary;
  }

  beforeAll(emulator.start);
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'cli-export-200k-'));
    const start = t0 - 3 * day;
    const end = t0 - 8 * minute;
    const batch: DirectoryAudit[] = [];
    for (const event of generateTraffic({ seed: 200, start, end, eventsPerHour: Math.ceil(200_000 / 72) + 40 })) {
      if (total === 200_000) break;
      ids.add(event.id);
      batch.push(event);
      total += 1;
      if (batch.length === 10_000) emulator.graph.addEvents(batch.splice(0));
    }
    emulator.graph.addEvents(batch);
  });

  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('writes every one of 200k events exactly once through every transient fault kind, queued and seeded random', async () => {
    expect(total).toBe(200_000);
    const summary = await exportOnce(new FaultFeeder(emulator.graph, transientFaults));
    expect(summary).toMatchObject({ status: 'completed', events: 200_000 });
    expect(summary.retries).toBeGreaterThan(0);
    // Every transient kind was really served (and absorbed), not just some faults.
    const served = new Set(emulator.graph.requests.map((r) => r.fault).filter((kind) => kind !== undefined));
    expect([...served].sort()).toEqual([...transientFaults].sort());
    expect(emulator.graph.requests.filter((r) => r.fault !== undefined)).toHaveLength(
      emulator.graph.stats.faultsServed,
    );
    const { events } = await archiveContents(join(root, 'archive'));
    expect(events.length).toBe(200_000);
    expect(new Set(events.map((e) => e.id))).toEqual(ids);
  });

  it('a rerun after late events appear adds exactly those', async () => {
    const watermark = t0 - 7 * minute;
    const late = [3, 11, 20, 29].map((ago, i) => ({
      ...generateTraffic({ seed: 900 + i, start: watermark - ago * minute, end: watermark, eventsPerHour: 60 }).next()
        .value!,
      id: `late-200k-${i}`,
      activityDateTime: formatActivityDateTime(watermark - ago * minute, 42),
    }));
    emulator.graph.addEvents(late, { visibleAt: t0 + 5 * minute });
    clock.advance(10 * minute);
    const summary = await exportOnce();
    expect(summary).toMatchObject({ status: 'completed', events: late.length });
    const { events } = await archiveContents(join(root, 'archive'));
    expect(events.length).toBe(200_000 + late.length);
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
    for (const e of late) expect(events.some((x) => x.id === e.id)).toBe(true);
  });
});
