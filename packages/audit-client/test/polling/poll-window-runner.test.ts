import { transientFaultKinds } from '@b2c-alerts/testkit';
import { describe, expect, it } from 'vitest';
import {
  defaultPollWindowOptions,
  pollWindow,
  type DirectoryAudit,
  type AuditClientError,
  type GraphAuditReader,
} from '../../src/index.js';
import { MemoryCheckpointStore } from '../../src/polling/memory-checkpoint-store.js';
import { MemorySeenStore } from '../../src/polling/memory-seen-store.js';
import { b2cEvents, directoryEvents, graphTime } from '../helpers/b2c-events.js';
import { start, useEmulator } from '../helpers/emulator-fixture.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

const startEmulator = useEmulator();

/** A poller as an app wires it: one reader, stores, and a sink that records deliveries. */
function poller(reader: GraphAuditReader, watermark?: number) {
  const delivered: DirectoryAudit[] = [];
  const checkpoint = new MemoryCheckpointStore(watermark);
  const seen = new MemorySeenStore();
  const sink = async (events: DirectoryAudit[]) => {
    delivered.push(...events);
  };
  return { delivered, checkpoint, seen, poll: (now: number) => pollWindow({ reader, checkpoint, seen, sink, now }) };
}

function expectExactlyOnce(delivered: DirectoryAudit[], expected: DirectoryAudit[]) {
  const ids = delivered.map((e) => e.id);
  expect(new Set(ids).size).toBe(ids.length); // no duplicate
  expect([...ids].sort()).toEqual(expected.map((e) => e.id).sort()); // no loss
}

describe('pollWindow against the emulator', () => {
  it('with every fault kind injected across the pages of a window, delivers every event exactly once', async () => {
    const fixture = await startEmulator();
    const { emulator, clock } = fixture;
    const events = b2cEvents('e', start - 80 * minute, 300, 12_000); // all inside the window
    emulator.addEvents(events);
    const faults = [
      { kind: '429', retryAfterSeconds: 30 },
      { kind: 'duplicate-across-boundary' },
      { kind: '429-no-retry-after' },
      { kind: '500' },
      { kind: 'truncated-json' },
      { kind: 'duplicate-across-boundary' },
      { kind: '502' },
      { kind: 'html' },
      { kind: '503' },
      { kind: 'network-reset' },
      { kind: '504' },
      { kind: 'duplicate-across-boundary' },
      { kind: '401' },
      { kind: 'duplicate-across-boundary' },
    ] as const;
    const reader = fixture.reader({ pageSize: 20 });
    const p = poller(reader);
    emulator.injectFaults(faults[0]);
    let next = 1;
    // The sink runs once per page: queue the next fault for the next page's request.
    const sink = async (batch: DirectoryAudit[]) => {
      p.delivered.push(...batch);
      if (next < faults.length) emulator.injectFaults(faults[next++]!);
    };
    const now = clock.now();
    const result = await pollWindow({ reader, checkpoint: p.checkpoint, seen: p.seen, sink, now });

    expect(emulator.pendingFaults()).toBe(0);
    expectExactlyOnce(p.delivered, events);
    expect(result).toMatchObject({ delivered: 300, pages: reader.stats.pages });
    expect(emulator.stats.faultsServed).toBe(14);
    expect(result!.duplicates).toBeGreaterThanOrEqual(4);
    expect(result!.fetched).toBe(300 + result!.duplicates);
    expect(reader.stats.retries).toBe(10);
    expect(result!.window.to).toBe(now - defaultPollWindowOptions.delayMs);
    expect(await p.checkpoint.getWatermark()).toBe(result!.window.to);
  });

  it('under random faults over a long catch-up, delivers every event exactly once', async () => {
    const fixture = await startEmulator({
      randomFaults: {
        probability: 0.25,
        seed: 11,
        kinds: transientFaultKinds,
      },
    });
    const { emulator, clock } = fixture;
    const events = b2cEvents('e', start - 2 * day, 1500, 100_000);
    emulator.addEvents(events);
    const reader = fixture.reader({ pageSize: 40 });
    const p = poller(reader, start - 2 * day - minute);
    let polls = 0;
    while ((await p.poll(clock.now())) !== undefined) polls++;
    expect(polls).toBeGreaterThanOrEqual(8); // 48 h in 6 h chunks
    expect(polls).toBeLessThanOrEqual(9);
    expect(emulator.stats.faultsServed).toBeGreaterThan(5);
    expectExactlyOnce(p.delivered, events);
  });

  it('catches late events inside the overlap on the next poll, without duplicates', async () => {
    const fixture = await startEmulator();
    const { emulator, clock } = fixture;
    const onTime = b2cEvents('on', start - 50 * minute, 40, minute);
    emulator.addEvents(onTime);
    // Happened 20 min ago, published 12 min from now: behind the first poll's watermark.
    const late = b2cEvents('late', start - 20 * minute, 5, 1000);
    emulator.addEvents(late, { visibleAt: start + 12 * minute });

    const p = poller(fixture.reader());
    const first = await p.poll(clock.now());
    expect(first!.delivered).toBe(onTime.filter((e) => Date.parse(e.activityDateTime) <= start - 7 * minute).length);
    expect(p.delivered.some((e) => e.id.startsWith('late'))).toBe(false);

    clock.advance(15 * minute);
    const second = await p.poll(clock.now());
    expect(second!.window.from).toBeLessThanOrEqual(start - 20 * minute); // the overlap reaches back to them
    expectExactlyOnce(p.delivered, [...onTime, ...late]);
    expect(second!.duplicates).toBeGreaterThan(0);
  });

  it('leaves the watermark alone when a window fails, so the retry loses nothing', async () => {
    const fixture = await startEmulator();
    const { emulator, clock } = fixture;
    const events = b2cEvents('e', start - 60 * minute, 100, 30_000);
    emulator.addEvents(events);
    const reader = fixture.reader({ pageSize: 20, retry: { maxAttempts: 2 } });
    const p = poller(reader, start - 70 * minute);
    let pagesSeen = 0;
    const failingSink = async (batch: DirectoryAudit[]) => {
      if (++pagesSeen === 3) throw new Error('queue unavailable');
      p.delivered.push(...batch);
    };
    await expect(
      pollWindow({ reader, checkpoint: p.checkpoint, seen: p.seen, sink: failingSink, now: clock.now() }),
    ).rejects.toThrow('queue unavailable');
    expect(await p.checkpoint.getWatermark()).toBe(start - 70 * minute);

    emulator.injectFaults({ kind: '503' }, { kind: '503' });
    const error = await p.poll(clock.now()).catch((e: unknown) => e);
    expect((error as AuditClientError).code).toBe('AC_ERR_GRAPH_RETRIES_EXHAUSTED');
    expect(await p.checkpoint.getWatermark()).toBe(start - 70 * minute);

    await p.poll(clock.now());
    const expected = events.filter((e) => Date.parse(e.activityDateTime) <= start - 7 * minute);
    expectExactlyOnce(p.delivered, expected);
  });

  it('reports a retention gap when the watermark is older than retention', async () => {
    const fixture = await startEmulator();
    const { clock, emulator } = fixture;
    const events = b2cEvents('e', start - 7 * day + 30 * minute, 10, minute);
    emulator.addEvents(events);
    const p = poller(fixture.reader(), start - 10 * day);
    const result = await p.poll(clock.now());
    expect(result!.clampedFrom).toBe(start - 7 * day + minute);
    expect(result!.window.from).toBe(start - 7 * day + minute);
    expectExactlyOnce(p.delivered, events);
    expect(emulator.requests.every((r) => r.status === 200)).toBe(true); // planned inside retention: no 400
  });

  it('clamps on the retention 400 when the tenant keeps less than planned', async () => {
    const fixture = await startEmulator({ retentionDays: 2 });
    const { clock, emulator } = fixture;
    const floor = Date.UTC(2026, 2, 8);
    const events = b2cEvents('e', floor + 5 * minute, 20, minute);
    emulator.addEvents(events);
    const p = poller(fixture.reader(), start - 3 * day);
    const results = [];
    for (let r = await p.poll(clock.now()); r; r = await p.poll(clock.now())) results.push(r);
    // The first window ends before Graph's floor: clamped past its end, it reads nothing.
    expect(results[0]!.clampedFrom).toBe(floor + 1000);
    expect(results[0]!.pages).toBe(0);
    expect(results.some((r) => r.delivered > 0 && r.clampedFrom === floor + 1000)).toBe(true);
    expectExactlyOnce(p.delivered, events);
    expect(emulator.requests[0]!.status).toBe(400);
  });

  it('at the window end: an event at it is delivered once, one a fraction of a millisecond after it comes next poll', async () => {
    const fixture = await startEmulator();
    const { emulator, clock } = fixture;
    const end = clock.now() - defaultPollWindowOptions.delayMs;
    const atEnd = b2cEvents('at', end, 1, 0)[0]!;
    const justAfter = { ...b2cEvents('after', end, 1, 0)[0]!, activityDateTime: graphTime(end, 4567) }; // end + 0.4567 ms
    emulator.addEvents([atEnd, justAfter]);
    const p = poller(fixture.reader(), end - 10 * minute);

    const first = await p.poll(clock.now());
    expect(first!.window.to).toBe(end);
    expect(p.delivered.map((e) => e.id)).toEqual([atEnd.id]);

    clock.advance(minute);
    const second = await p.poll(clock.now());
    expect(second!.window.from).toBeLessThan(end);
    expectExactlyOnce(p.delivered, [atEnd, justAfter]);
    expect(second!.duplicates).toBe(1);
  });

  it('returns undefined when there is nothing new to read', async () => {
    const fixture = await startEmulator();
    const p = poller(fixture.reader(), start - 7 * minute);
    expect(await p.poll(fixture.clock.now())).toBeUndefined();
    expect(fixture.emulator.stats.graphRequests).toBe(0);
  });
});

describe('pollWindow reading B2C and Core Directory', () => {
  it('under random faults over a long catch-up, delivers every event of both services exactly once', async () => {
    const fixture = await startEmulator({
      randomFaults: { probability: 0.1, seed: 23, kinds: transientFaultKinds },
    });
    const { emulator, clock } = fixture;
    const b2c = b2cEvents('b2c', start - 2 * day, 1500, 100_000);
    const directory = directoryEvents('dir', start - 2 * day + 777, 300, 500_000);
    emulator.addEvents([...b2c, ...directory]);
    const reader = fixture.reader({ services: undefined, pageSize: 40 });
    const p = poller(reader, start - 2 * day - minute);
    const windows: Array<{ from: number; to: number }> = [];
    // Caught up to a fixed now: every service costs a request a slice, so the rate limit's waits move
    // the virtual clock, and polling up to the clock's now would chase the live edge forever.
    const now = clock.now();
    for (let r = await p.poll(now); r; r = await p.poll(now)) windows.push(r.window);
    expect(windows.length).toBeGreaterThanOrEqual(8); // 48 h in 6 h chunks
    expect(windows.length).toBeLessThanOrEqual(9);
    expect(windows.at(-1)!.to).toBe(now - defaultPollWindowOptions.delayMs);
    expect(emulator.stats.faultsServed).toBeGreaterThan(5);
    expectExactlyOnce(
      p.delivered,
      [...b2c, ...directory].filter((e) => Date.parse(e.activityDateTime) <= windows.at(-1)!.to),
    );
    expect(await p.checkpoint.getWatermark()).toBe(windows.at(-1)!.to);
  });

  it('delivers once a record at a slice boundary, which both slices read', async () => {
    const fixture = await startEmulator();
    const { emulator, clock } = fixture;
    const p = poller(fixture.reader({ services: undefined }), start - 3 * hour);
    const window = { from: start - 3 * hour - defaultPollWindowOptions.overlapMs };
    const boundary = directoryEvents('edge', window.from + hour, 1, 0)[0]!; // the end of the first hour slice
    const others = directoryEvents('dir', start - 2 * hour, 5, minute);
    emulator.addEvents([boundary, ...others]);

    const result = await p.poll(clock.now());

    expect(result!.window.from).toBe(window.from);
    expectExactlyOnce(p.delivered, [boundary, ...others]);
    expect(result!.duplicates).toBe(1);
    expect(result!.fetched).toBe(7);
  });

  it('catches a late Core Directory event inside the overlap on the next poll, without duplicates', async () => {
    const fixture = await startEmulator();
    const { emulator, clock } = fixture;
    const onTime = [
      ...b2cEvents('on', start - 50 * minute, 40, minute),
      ...directoryEvents('add', start - 45 * minute, 5, 5 * minute),
    ];
    emulator.addEvents(onTime);
    const late = directoryEvents('late', start - 20 * minute, 3, 1000);
    emulator.addEvents(late, { visibleAt: start + 12 * minute });

    const p = poller(fixture.reader({ services: undefined }));
    await p.poll(clock.now());
    expect(p.delivered.some((e) => e.id.startsWith('late'))).toBe(false);

    clock.advance(15 * minute);
    const second = await p.poll(clock.now());
    expect(second!.duplicates).toBeGreaterThan(0);
    expectExactlyOnce(
      p.delivered,
      [...onTime, ...late].filter((e) => Date.parse(e.activityDateTime) <= second!.window.to),
    );
  });
});
