import { describe, expect, it } from 'vitest';
import { eqAnyClause } from '../../src/index.js';
import { b2cEvents, directoryEvents } from '../helpers/b2c-events.js';
import { collectPages } from '../helpers/collect-pages.js';
import { start, useEmulator } from '../helpers/emulator-fixture.js';

const minute = 60_000;
const hour = 60 * minute;

const startEmulator = useEmulator();

describe('GraphAuditReader: one service, extra clauses, newest first', () => {
  it('reads just the service asked, in one request sequence, newest first, with the clauses Graph applied', async () => {
    const fixture = await startEmulator();
    const b2c = b2cEvents('b2c', start - 5 * hour, 30, 10 * minute);
    const directory = directoryEvents('dir', start - 5 * hour, 10, 10 * minute);
    fixture.emulator.addEvents([...b2c, ...directory]);
    const reader = fixture.reader({ services: undefined, pageSize: 7, rateLimit: false });
    const wanted = b2c[3]!.activityDisplayName!;

    const pages = await collectPages(
      reader.readPages(
        { from: start - 6 * hour, to: start },
        { service: 'B2C', descending: true, clauses: [eqAnyClause('activityDisplayName', [wanted])] },
      ),
    );

    const expected = b2c
      .filter((e) => e.activityDisplayName === wanted)
      .map((e) => e.id)
      .reverse();
    expect(expected.length).toBeGreaterThan(0);
    expect(pages.flatMap((p) => p.events.map((e) => e.id))).toEqual(expected);
    const first = new URLSearchParams(fixture.emulator.requests[0]!.query);
    expect(first.get('$filter')).toContain(`loggedByService eq 'B2C'`);
    expect(first.get('$filter')).toContain(`activityDisplayName eq '${wanted.replaceAll("'", "''")}'`);
    expect(first.get('$orderby')).toBe('activityDateTime desc');
    expect(reader.services).toEqual([
      'B2C',
      'Core Directory',
      'Conditional Access',
      'Authentication Methods',
      'Invited Users',
    ]);
  });

  it('reads the slices of several services from the newest when descending', async () => {
    const fixture = await startEmulator();
    const b2c = b2cEvents('b2c', start - 3 * hour + minute, 3, hour);
    fixture.emulator.addEvents(b2c);
    const reader = fixture.reader({ services: ['B2C', 'Core Directory'], rateLimit: false });
    const pages = await collectPages(reader.readPages({ from: start - 3 * hour, to: start }, { descending: true }));
    expect(pages.flatMap((p) => p.events.map((e) => e.id))).toEqual(b2c.map((e) => e.id).reverse());
  });
});
