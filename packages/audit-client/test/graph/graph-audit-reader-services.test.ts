import { describe, expect, it } from 'vitest';
import { AuditClientError, GraphAuditReader, VirtualClock, defaultAuditServices } from '../../src/index.js';
import { b2cEvents, directoryEvents } from '../helpers/b2c-events.js';
import { collectPages } from '../helpers/collect-pages.js';
import { start, useEmulator } from '../helpers/emulator-fixture.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

const startEmulator = useEmulator();

/** The `loggedByService` clause of each request the emulator answered, in order ('' when none). */
function servicesAsked(requests: ReadonlyArray<{ query: string }>): string[] {
  return requests.map(
    (r) => /loggedByService eq '([^']*)'/.exec(new URLSearchParams(r.query).get('$filter') ?? '')?.[1] ?? '',
  );
}

/** What the reader reads unless told otherwise, in the order it reads them within an hour slice. */
const defaults = ['B2C', 'Core Directory', 'Conditional Access', 'Authentication Methods', 'Invited Users'];

describe('GraphAuditReader: the services it reads', () => {
  it('reads B2C, Core Directory, the policy services and Invited Users by default, each with its own eq filter, and no other service', async () => {
    const fixture = await startEmulator();
    const b2c = b2cEvents('b2c', start - 50 * minute, 40, minute);
    const directory = directoryEvents('dir', start - 45 * minute, 12, 3 * minute);
    const conditionalAccess = directoryEvents('ca', start - 44 * minute, 2, minute, 'Conditional Access');
    const methods = directoryEvents('am', start - 43 * minute, 2, minute, 'Authentication Methods');
    const invited = directoryEvents('inv', start - 42 * minute, 3, minute, 'Invited Users');
    const other = directoryEvents('pim', start - 40 * minute, 3, minute, 'PIM');
    fixture.emulator.addEvents([...b2c, ...directory, ...conditionalAccess, ...methods, ...invited, ...other]);
    const reader = fixture.reader({ services: undefined, pageSize: 25 });

    const pages = await collectPages(reader.readPages({ from: start - hour, to: start }));

    expect(defaultAuditServices).toEqual(defaults);
    const ids = pages.flatMap((p) => p.events.map((e) => e.id));
    expect(ids).toEqual([...b2c, ...directory, ...conditionalAccess, ...methods, ...invited].map((e) => e.id));
    expect(servicesAsked(fixture.emulator.requests.filter((r) => !r.query.includes('$skiptoken')))).toEqual(defaults);
    for (const request of fixture.emulator.requests) {
      const filter = new URLSearchParams(request.query).get('$filter') ?? '';
      expect(filter).not.toContain(' or ');
    }
    expect(pages.map((p) => p.index)).toEqual(pages.map((_, i) => i));
  });

  it('reads the services it is given, or every service unfiltered with null', async () => {
    const fixture = await startEmulator();
    const b2c = b2cEvents('b2c', start - 50 * minute, 5, minute);
    const directory = directoryEvents('dir', start - 45 * minute, 4, minute);
    const invited = directoryEvents('inv', start - 40 * minute, 3, minute, 'Invited Users');
    fixture.emulator.addEvents([...b2c, ...directory, ...invited]);
    const window = { from: start - hour, to: start };

    const onlyDirectory = fixture.reader({ services: ['Core Directory'] });
    const read = await collectPages(onlyDirectory.readPages(window));
    expect(read.flatMap((p) => p.events.map((e) => e.id))).toEqual(directory.map((e) => e.id));

    const before = fixture.emulator.requests.length;
    const everything = fixture.reader({ services: null });
    const all = await collectPages(everything.readPages(window));
    expect(all.flatMap((p) => p.events.map((e) => e.id)).sort()).toEqual(
      [...b2c, ...directory, ...invited].map((e) => e.id).sort(),
    );
    expect(servicesAsked(fixture.emulator.requests.slice(before))).toEqual(['']);
  });

  it('reads a long window hour by hour, every service per hour, so one trails the other by at most an hour', async () => {
    const fixture = await startEmulator();
    const b2c = b2cEvents('b2c', start - 6 * hour, 360, minute);
    const directory = directoryEvents('dir', start - 6 * hour + 30_000, 72, 5 * minute);
    fixture.emulator.addEvents([...b2c, ...directory]);
    const reader = fixture.reader({ services: undefined, rateLimit: false });
    const window = { from: start - 6 * hour, to: start };

    const pages = await collectPages(reader.readPages(window));

    expect(servicesAsked(fixture.emulator.requests)).toEqual(Array.from({ length: 6 }, () => defaults).flat());
    const yielded = pages.flatMap((p) => p.events);
    // Neighbouring slices share their boundary instant: a record exactly there is read twice.
    expect([...new Set(yielded.map((e) => e.id))].sort()).toEqual([...b2c, ...directory].map((e) => e.id).sort());
    let newest = -Infinity;
    let worstLag = 0;
    for (const event of yielded) {
      const time = Date.parse(event.activityDateTime);
      worstLag = Math.max(worstLag, newest - time);
      newest = Math.max(newest, time);
    }
    expect(worstLag).toBeGreaterThan(0); // Core Directory's hour comes after B2C's
    expect(worstLag).toBeLessThanOrEqual(hour);
  });

  it('clamps a window older than retention once, and reads every service from the clamped start', async () => {
    const fixture = await startEmulator();
    const floor = Date.parse('2026-03-03T00:00:00Z'); // the emulator's: the UTC day of now − 7 d
    const b2c = b2cEvents('b2c', floor + hour + 30_000, 10, minute);
    const directory = directoryEvents('dir', floor + hour + 30_000, 10, minute);
    fixture.emulator.addEvents([...b2c, ...directory]);
    const reader = fixture.reader({ services: undefined, rateLimit: false });
    const clamps: number[] = [];

    const pages = await collectPages(
      reader.readPages({ from: start - 8 * day, to: floor + 3 * hour }, { onClamp: (from) => clamps.push(from) }),
    );

    expect(pages.flatMap((p) => p.events.map((e) => e.id))).toEqual([...b2c, ...directory].map((e) => e.id));
    expect(clamps).toHaveLength(1);
    expect(clamps[0]).toBeGreaterThan(floor);
    expect(fixture.emulator.requests.filter((r) => r.status === 400)).toHaveLength(1);
    // After the clamp, every slice from the floor on is read for every default service.
    expect(servicesAsked(fixture.emulator.requests.filter((r) => r.status === 200))).toEqual(
      Array.from({ length: 3 }, () => defaults).flat(),
    );
  });

  it('refuses services that are empty, blank or repeated, naming the option', () => {
    const base = { tokenProvider: { getToken: async () => 't' }, graphBaseUrl: 'https://graph.microsoft.com' };
    const clock = new VirtualClock(start);
    for (const services of [[], [' '], ['B2C', 'b2c'], Array.from({ length: 11 }, (_, i) => `S${i}`)]) {
      let error: unknown;
      try {
        new GraphAuditReader({ ...base, clock, services });
      } catch (caught) {
        error = caught;
      }
      expect(error, JSON.stringify(services)).toBeInstanceOf(AuditClientError);
      expect((error as AuditClientError).code).toBe('AC_ERR_OPTIONS_INVALID');
      expect((error as AuditClientError).message).toMatch(/services/);
    }
  });
});
