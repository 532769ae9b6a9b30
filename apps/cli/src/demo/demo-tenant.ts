import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { GraphEmulator, b2cAppDirectory, generateTraffic, incidents } from '@b2c-alerts/testkit';

const hour = 3_600_000;

export interface DemoTenant {
  emulator: GraphEmulator;
  events: number;
  /** What was planted, and when: the alerts the demo should find. */
  planted: Array<{ at: number; what: string }>;
}

/**
 * The built-in demo tenant: a Graph emulator holding `days` of generated B2C traffic up to `now`,
 * with three incidents planted in it. Nothing leaves the machine.
 */
export async function startDemoTenant(now: number, days: number): Promise<DemoTenant> {
  const emulator = await GraphEmulator.start({ rateLimit: false });
  emulator.addApplications(b2cAppDirectory.applications);
  emulator.addServicePrincipals(b2cAppDirectory.servicePrincipals);
  const end = now - 10 * 60_000;
  let events = 0;
  const batch: DirectoryAudit[] = [];
  const add = (items: Iterable<DirectoryAudit>) => {
    for (const item of items) {
      batch.push(item);
      events += 1;
      if (batch.length === 5_000) emulator.addEvents(batch.splice(0));
    }
  };
  add(generateTraffic({ seed: 2026, start: end - days * 24 * hour, end, eventsPerHour: 600 }));
  const planted = [
    {
      at: end - Math.min(days * 24 - 2, 40) * hour,
      what: 'a policy key deleted by someone outside the key admins',
      build: incidents.policyKeyDeleted,
    },
    {
      at: end - Math.min(days * 24 - 4, 20) * hour,
      what: 'a burst of custom-policy edits',
      build: incidents.customPolicyBurst,
    },
    { at: end - 3 * hour, what: 'a password spray from one IP', build: incidents.passwordSpray },
  ];
  for (const p of planted) add(p.build(p.at));
  emulator.addEvents(batch);
  return { emulator, events, planted: planted.map(({ at, what }) => ({ at, what })) };
}
