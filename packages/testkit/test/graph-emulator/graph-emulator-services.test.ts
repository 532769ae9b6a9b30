import { afterEach, describe, expect, it } from 'vitest';
import { generateTraffic, GraphEmulator } from '../../src/index.js';
import { audit, auditsUrl, get, readAll, token } from '../helpers/graph-client.js';

const NOW = Date.parse('2026-01-10T12:00:00Z');
const HOUR = 3_600_000;
let emulator: GraphEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('GraphEmulator: the loggedByService filter, per service as Graph documents it', () => {
  it('serves each service its own records across pages, the filter carried in every nextLink', async () => {
    emulator = await GraphEmulator.start({ now: () => NOW, maxPageSize: 50 });
    const traffic = [...generateTraffic({ seed: 7, start: NOW - 6 * HOUR, end: NOW - HOUR, eventsPerHour: 600 })];
    emulator.addEvents(traffic);
    const bearer = await token(emulator);
    const window = `activityDateTime ge ${new Date(NOW - 6 * HOUR).toISOString()} and activityDateTime le ${new Date(NOW).toISOString()}`;
    const read = (service: string | undefined) =>
      readAll(
        auditsUrl(emulator!, {
          $filter: service === undefined ? window : `loggedByService eq '${service}' and ${window}`,
          $orderby: 'activityDateTime',
          $top: 50,
        }),
        bearer,
      );

    const directory = await read('Core Directory');
    const b2c = await read('B2C');
    const all = await read(undefined);

    const expected = (service: string) => traffic.filter((e) => e.loggedByService === service).map((e) => e.id);
    expect(directory.events.map((e) => e.id)).toEqual(expected('Core Directory'));
    expect(directory.events.length).toBeGreaterThan(20);
    expect(b2c.events.map((e) => e.id)).toEqual(expected('B2C'));
    expect(all.events).toHaveLength(traffic.length);
    expect(directory.pages.length).toBeGreaterThan(1);
    for (const page of directory.pages.slice(0, -1)) {
      const next = new URL(page['@odata.nextLink']!);
      expect(next.searchParams.get('$filter')).toContain("loggedByService eq 'Core Directory'");
    }
  });

  it('serves the policy services and Invited Users, which the reader reads by default, each with its own eq filter', async () => {
    emulator = await GraphEmulator.start({ now: () => NOW });
    const at = (minutes: number) => new Date(NOW - 2 * HOUR + minutes * 60_000).toISOString();
    const records = [
      audit('b2c-1', at(1)),
      audit('ca-1', at(2), { loggedByService: 'Conditional Access', category: 'Policy' }),
      audit('am-1', at(3), { loggedByService: 'Authentication Methods', category: 'ApplicationManagement' }),
      audit('ca-2', at(4), { loggedByService: 'Conditional Access', category: 'Policy' }),
      audit('inv-1', at(5), { loggedByService: 'Invited Users', category: 'UserManagement' }),
    ];
    emulator.addEvents(records);
    const bearer = await token(emulator);
    const read = async (service: string) =>
      (await readAll(auditsUrl(emulator!, { $filter: `loggedByService eq '${service}'` }), bearer)).events.map(
        (e) => e.id,
      );

    expect(await read('Conditional Access')).toEqual(['ca-1', 'ca-2']);
    expect(await read('Authentication Methods')).toEqual(['am-1']);
    expect(await read('Invited Users')).toEqual(['inv-1']);
    expect(await read('B2C')).toEqual(['b2c-1']);
  });

  it('refuses an or of two services (Graph documents only eq on loggedByService), so a reader sending one fails here', async () => {
    emulator = await GraphEmulator.start({ now: () => NOW });
    const bearer = await token(emulator);
    const res = await get(
      auditsUrl(emulator, { $filter: "loggedByService eq 'B2C' or loggedByService eq 'Core Directory'" }),
      bearer,
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(/^Invalid filter clause/);
  });
});
