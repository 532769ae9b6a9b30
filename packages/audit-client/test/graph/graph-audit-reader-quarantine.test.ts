import { describe, expect, it } from 'vitest';
import { AuditClientError, type QuarantineItem } from '../../src/index.js';
import { b2cEvents } from '../helpers/b2c-events.js';
import { collectPages } from '../helpers/collect-pages.js';
import { start, useEmulator } from '../helpers/emulator-fixture.js';

const hour = 3_600_000;

const startEmulator = useEmulator();

describe('GraphAuditReader quarantine', () => {
  it('yields the good records of a page and hands each record without an id or a valid activityDateTime to onQuarantine', async () => {
    const fixture = await startEmulator();
    const { emulator } = fixture;
    const events = b2cEvents('e', start - 2 * hour, 60, 60_000);
    const [badTime, noId, feb30] = [events[5]!, events[25]!, events[26]!];
    emulator.addEvents([badTime], { serveWith: { activityDateTime: 'Tuesday' } });
    emulator.addEvents([noId], { serveWith: { id: undefined } });
    emulator.addEvents([feb30], { serveWith: { activityDateTime: '2026-02-30T10:00:00.0000000Z' } });
    emulator.addEvents(events);
    const items: QuarantineItem[] = [];
    const reader = fixture.reader({ pageSize: 20, onQuarantine: (item) => void items.push(item) });
    const window = { from: start - 3 * hour, to: start };

    const pages = await collectPages(reader.readPages(window));

    const bad = new Set([badTime.id, noId.id, feb30.id]);
    expect(pages.flatMap((p) => p.events.map((e) => e.id))).toEqual(
      events.filter((e) => !bad.has(e.id)).map((e) => e.id),
    );
    expect(pages.map((p) => p.events.length)).toEqual([19, 18, 20]);
    expect(items.map((i) => i.reason)).toEqual([
      `record "${badTime.id}" has activityDateTime "Tuesday", which is not an ISO-8601 date-time`,
      'the record has no id',
      `record "${feb30.id}" has activityDateTime "2026-02-30T10:00:00.0000000Z", which is not an ISO-8601 date-time`,
    ]);
    expect(items.map((i) => i.page)).toEqual([0, 1, 1]);
    expect(items.every((i) => i.window.from === window.from && i.window.to === window.to)).toBe(true);
    expect(items[1]!.record).toEqual(Object.fromEntries(Object.entries(noId).filter(([k]) => k !== 'id')));
    expect(items[0]!.record).toEqual({ ...badTime, activityDateTime: 'Tuesday' });
    expect(reader.stats).toMatchObject({ pages: 3, events: 57, quarantined: 3, retries: 0 });
  });

  it('fails the window when onQuarantine fails, so the watermark cannot pass a record that was not kept', async () => {
    const fixture = await startEmulator();
    const events = b2cEvents('e', start - 2 * hour, 10, 60_000);
    fixture.emulator.addEvents([events[3]!], { serveWith: { activityDateTime: '' } });
    fixture.emulator.addEvents(events);
    const reader = fixture.reader({
      onQuarantine: async () => {
        throw new Error('disk full');
      },
    });
    await expect(collectPages(reader.readPages({ from: start - 3 * hour, to: start }))).rejects.toThrow('disk full');
  });

  it('without onQuarantine, logs each record it drops', async () => {
    const fixture = await startEmulator();
    const events = b2cEvents('e', start - 2 * hour, 10, 60_000);
    fixture.emulator.addEvents([events[3]!], { serveWith: { id: 42 } });
    fixture.emulator.addEvents(events);
    const warnings: Array<{ fields: object; message: string }> = [];
    const logger = {
      debug() {},
      info() {},
      error() {},
      warn: (fields: object, message: string) => void warnings.push({ fields, message }),
    };
    const reader = fixture.reader({ logger });
    const pages = await collectPages(reader.readPages({ from: start - 3 * hour, to: start }));
    expect(pages[0]!.events).toHaveLength(9);
    expect(warnings).toEqual([
      {
        fields: expect.objectContaining({ reason: 'the record has no id', page: 0 }) as object,
        message: 'graph record set aside; no quarantine configured',
      },
    ]);
    expect(reader.stats.quarantined).toBe(1);
  });

  it('fails a window whose page stays unreadable after every retry, handing the last body to onQuarantine', async () => {
    const fixture = await startEmulator();
    fixture.emulator.addEvents(b2cEvents('e', start - 2 * hour, 30, 60_000));
    fixture.emulator.injectFaults({ kind: 'html' });
    const items: QuarantineItem[] = [];
    const reader = fixture.reader({
      pageSize: 20,
      retry: { maxAttempts: 2 },
      onQuarantine: (item) => void items.push(item),
    });
    const window = { from: start - 3 * hour, to: start };
    const seen: string[] = [];
    const reading = (async () => {
      for await (const page of reader.readPages(window)) {
        seen.push(...page.events.map((e) => e.id));
        fixture.emulator.injectFaults({ kind: 'truncated-json' }, { kind: 'truncated-json' });
      }
    })();
    const error = (await reading.catch((e: unknown) => e)) as AuditClientError;

    // First page: the HTML 502 is retried and the page arrives; the second page stays truncated.
    expect(seen).toHaveLength(20);
    expect(error).toBeInstanceOf(AuditClientError);
    expect(error.code).toBe('AC_ERR_GRAPH_RETRIES_EXHAUSTED');
    expect(error.message).toContain('HTTP 200 with invalid or truncated JSON');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ reason: error.message, window, page: 1 });
    const body = items[0]!.record as string;
    expect(typeof body).toBe('string');
    expect(body.startsWith('{"@odata.context"')).toBe(true);
    expect(() => JSON.parse(body) as unknown).toThrow(SyntaxError);
    expect(reader.stats.quarantined).toBe(1);
  });
});
