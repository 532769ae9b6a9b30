import { afterEach, describe, expect, it } from 'vitest';
import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { formatActivityDateTime, GraphEmulator, type GraphEmulatorOptions } from '../../src/index.js';
import { audit, auditsUrl, get, getPage, token } from '../helpers/graph-client.js';

const NOW = Date.parse('2026-01-10T12:00:00Z');
let emulator: GraphEmulator | undefined;

async function start(options: GraphEmulatorOptions): Promise<{ em: GraphEmulator; bearer: string }> {
  emulator = await GraphEmulator.start({ now: () => NOW, maxPageSize: 4, ...options });
  return { em: emulator, bearer: await token(emulator) };
}

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

function series(n: number): DirectoryAudit[] {
  const from = Date.parse('2026-01-09T00:00:00Z');
  return Array.from({ length: n }, (_, i) => audit(`e-${i}`, formatActivityDateTime(from + i * 1000, 0)));
}

describe('GraphEmulator served log (recordServed)', () => {
  it('records the wall-clock time each id was first served in a complete page, and keeps the first', async () => {
    const { em, bearer } = await start({ recordServed: true });
    em.addEvents(series(6));
    expect(em.servedAt('e-0')).toBeUndefined();

    const before = Date.now();
    const first = await getPage(auditsUrl(em, { $orderby: 'activityDateTime' }), bearer);
    const after = Date.now();
    expect(first.value.map((e) => e.id)).toEqual(['e-0', 'e-1', 'e-2', 'e-3']);
    for (const id of ['e-0', 'e-1', 'e-2', 'e-3']) {
      // Wall clock, not the emulator's `now` (NOW is in 2026).
      expect(em.servedAt(id)).toBeGreaterThanOrEqual(before);
      expect(em.servedAt(id)).toBeLessThanOrEqual(after);
    }
    expect(em.servedAt('e-4')).toBeUndefined();

    const firstServed = em.servedAt('e-0');
    // A truncated page does not count as served; the next, complete page does.
    em.injectFaults({ kind: 'truncated-json' });
    const truncated = await get(first['@odata.nextLink']!, bearer);
    expect(truncated.status).toBe(200);
    await truncated.text();
    expect(em.servedAt('e-4')).toBeUndefined();
    await getPage(first['@odata.nextLink']!, bearer);
    expect(em.servedAt('e-4')).toBeGreaterThanOrEqual(after);
    expect(em.servedAt('e-5')).toBeGreaterThanOrEqual(after);

    // Reading the first page again, at a later millisecond, keeps the first time.
    const later = Date.now();
    while (Date.now() === later) await new Promise((resolve) => setImmediate(resolve));
    await getPage(auditsUrl(em, { $orderby: 'activityDateTime' }), bearer);
    expect(em.servedAt('e-0')).toBe(firstServed);
  });

  it('records nothing unless asked', async () => {
    const { em, bearer } = await start({});
    em.addEvents(series(2));
    expect((await getPage(auditsUrl(em, {}), bearer)).value).toHaveLength(2);
    expect(em.servedAt('e-0')).toBeUndefined();
  });
});
