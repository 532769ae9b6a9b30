import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import {
  GraphEmulator,
  b2cAppDirectory,
  Prng,
  formatActivityDateTime,
  generateTraffic,
  incidents,
  intruderAdmin,
  parseActivityTime,
} from '@b2c-alerts/testkit';
import type { DemoTiming } from './demo-timing.js';

const hour = 3_600_000;
const tenantDomain = 'contosob2c.onmicrosoft.com';
const eventsPerHour = 250;

/** An incident the demo plants, and what in an alert shows it was caught. */
export interface PlantedIncident {
  at: number;
  /** Epoch ms of the incident's last record: B2C logs an incident over a span, not at one instant. */
  lastRecordAt: number;
  records: number;
  what: string;
  /** Text every alert about this incident carries (a keyset, an actor, an IP) and no other alert does. */
  marker: string;
}

export interface LiveTenant {
  emulator: GraphEmulator;
  domain: string;
  /** Records already published when the demo starts: the last day's history. */
  historyEvents: number;
  incidents: PlantedIncident[];
}

/** Moves an incident's records `speed` times closer to its start (speed 1 leaves them as B2C logs them). */
function compress(events: DirectoryAudit[], at: number, speed: number): DirectoryAudit[] {
  if (speed === 1) return events;
  return events.map((event) => {
    const time = parseActivityTime(event.activityDateTime)!;
    const offsetTicks = (time.ms - at) * 10_000 + time.ticks;
    const scaled = Math.round(offsetTicks / speed);
    return { ...event, activityDateTime: formatActivityDateTime(at + Math.floor(scaled / 10_000), scaled % 10_000) };
  });
}

/**
 * The demo's tenant on a Graph + token emulator: a day of generated B2C traffic up to `start`, then
 * live traffic and three incidents after it. Every record is stored at once but becomes visible only
 * at its activityDateTime plus a publication delay, as Graph publishes them, so the worker meets them
 * as they happen. Nothing leaves the machine.
 */
export async function startLiveTenant(o: {
  start: number;
  until: number;
  timing: DemoTiming;
  now: () => number;
}): Promise<LiveTenant> {
  const { start, timing } = o;
  const emulator = await GraphEmulator.start({ rateLimit: false, now: o.now });
  // The traffic's apps, so alerts name them ("Contoso Web (client id)") as they would in a real tenant.
  emulator.addApplications(b2cAppDirectory.applications);
  emulator.addServicePrincipals(b2cAppDirectory.servicePrincipals);
  const prng = new Prng(2026);
  const { min, max } = timing.publicationDelayMs;
  let historyEvents = 0;
  const publish = (events: Iterable<DirectoryAudit>) => {
    for (const event of events) {
      const at = parseActivityTime(event.activityDateTime)!.ms;
      if (at <= start) historyEvents += 1;
      emulator.addEvents([event], { visibleAt: at + prng.range(min, max) });
    }
  };

  publish(generateTraffic({ seed: 2026, start: start - 24 * hour, end: o.until, eventsPerHour, tenant: tenantDomain }));

  const [keyAt, burstAt, sprayAt] = timing.incidentOffsetsMs.map((offset) => start + offset) as [
    number,
    number,
    number,
  ];
  const keyset = 'B2C_1A_TokenSigningKeyContainer';
  const burstActor = `oscar@${tenantDomain}`;
  const sprayIp = '198.51.100.77';
  const planted = [
    {
      at: keyAt,
      what: `policy key ${keyset} deleted by ${intruderAdmin(tenantDomain).upn}, who is not a key admin`,
      marker: keyset,
      events: incidents.policyKeyDeleted(keyAt, { keyset, tenant: tenantDomain }),
    },
    {
      at: burstAt,
      what: `a burst of 10 custom-policy edits by ${burstActor}`,
      marker: burstActor,
      events: incidents.customPolicyBurst(burstAt, { count: 10, actorUpn: burstActor, tenant: tenantDomain }),
    },
    {
      at: sprayAt,
      what: `a password spray from ${sprayIp} against 30 local accounts`,
      marker: sprayIp,
      events: incidents.passwordSpray(sprayAt, { ip: sprayIp, users: 30, tenant: tenantDomain }),
    },
  ];
  const plantedIncidents: PlantedIncident[] = planted.map(({ at, what, marker, events }) => {
    const records = compress(events, at, timing.speed);
    publish(records);
    const lastRecordAt = Math.max(...records.map((record) => parseActivityTime(record.activityDateTime)!.ms));
    return { at, lastRecordAt, records: records.length, what, marker };
  });
  return { emulator, domain: tenantDomain, historyEvents, incidents: plantedIncidents };
}
