import { describe, expect, it } from 'vitest';
import { AuditClientError, type QuarantineItem } from '../../src/index.js';
import { b2cEvents } from '../helpers/b2c-events.js';
import { collectPages } from '../helpers/collect-pages.js';
import { start, useEmulator } from '../helpers/emulator-fixture.js';

const hour = 3_600_000;
const minute = 60_000;

const startEmulator = useEmulator();

describe('GraphAuditReader: records dated far outside the requested window are quarantined, not yielded', () => {
  it('quarantines a record Graph serves in the window but dated 2099, naming its id and time; the rest is read', async () => {
    const fixture = await startEmulator();
    const events = b2cEvents('spray', start - 2 * hour, 13, minute);
    const [future] = events;
    fixture.emulator.addEvents([future!], { serveWith: { activityDateTime: '2099-01-01T00:00:00.0000000Z' } });
    fixture.emulator.addEvents(events);
    const items: QuarantineItem[] = [];
    const reader = fixture.reader({ onQuarantine: (item) => void items.push(item) });
    const window = { from: start - 3 * hour, to: start };

    const pages = await collectPages(reader.readPages(window));

    expect(pages.flatMap((p) => p.events.map((e) => e.id))).toEqual(events.slice(1).map((e) => e.id));
    expect(items).toHaveLength(1);
    expect(items[0]!.reason).toBe(
      `record "${future!.id}" has activityDateTime "2099-01-01T00:00:00.0000000Z", outside the requested window ` +
        `${new Date(window.from).toISOString()} – ${new Date(window.to).toISOString()} by more than the clock-skew ` +
        'allowance of 1h; not evaluated',
    );
    expect(items[0]!.record).toMatchObject({ id: future!.id, activityDateTime: '2099-01-01T00:00:00.0000000Z' });
    expect(reader.stats).toMatchObject({ events: 12, quarantined: 1 });
  });

  it('keeps records within the clock-skew allowance, and quarantines one far in the past too', async () => {
    const fixture = await startEmulator();
    const window = { from: start - 3 * hour, to: start };
    const events = b2cEvents('edge', start - 2 * hour, 3, minute);
    const [late, early, ancient] = events;
    fixture.emulator.addEvents([late!], {
      serveWith: { activityDateTime: new Date(start + 50 * minute).toISOString() },
    });
    fixture.emulator.addEvents([early!], {
      serveWith: { activityDateTime: new Date(window.from - 50 * minute).toISOString() },
    });
    fixture.emulator.addEvents([ancient!], { serveWith: { activityDateTime: '1970-01-01T00:00:00Z' } });
    const items: QuarantineItem[] = [];
    const reader = fixture.reader({ onQuarantine: (item) => void items.push(item) });

    const pages = await collectPages(reader.readPages(window));

    expect(pages.flatMap((p) => p.events.map((e) => e.id))).toEqual([late!.id, early!.id]);
    expect(items.map((i) => i.reason)).toEqual([
      expect.stringContaining(`"${ancient!.id}" has activityDateTime "1970`),
    ]);
  });

  it('takes the allowance as an option, and refuses a negative one', async () => {
    const fixture = await startEmulator();
    const events = b2cEvents('skew', start - 2 * hour, 2, minute);
    fixture.emulator.addEvents([events[0]!], {
      serveWith: { activityDateTime: new Date(start + 10 * minute).toISOString() },
    });
    fixture.emulator.addEvents(events);
    const items: QuarantineItem[] = [];
    const reader = fixture.reader({ clockSkewMs: 5 * minute, onQuarantine: (item) => void items.push(item) });
    const pages = await collectPages(reader.readPages({ from: start - 3 * hour, to: start }));
    expect(pages.flatMap((p) => p.events.map((e) => e.id))).toEqual([events[1]!.id]);
    expect(items[0]!.reason).toMatch(/clock-skew allowance of 5m/);
    expect(() => fixture.reader({ clockSkewMs: -1 })).toThrow(AuditClientError);
  });
});
