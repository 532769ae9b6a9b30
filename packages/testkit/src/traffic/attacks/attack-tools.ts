import { B2cEventBuilder } from '../b2c-event-builder.js';
import { DirectoryEventBuilder } from '../directory-event-builder.js';
import { IncidentClock } from '../incident-clock.js';
import { Prng, seedFrom } from '../../random/prng.js';
import type { AttackOptions } from './planted-attack.js';

export const DEFAULT_TENANT = 'contosob2c.onmicrosoft.com';

/** What one attack's records are built with: its own PRNG (seeded from the attack, time and tenant), clock and builders. */
export interface AttackTools {
  prng: Prng;
  tenant: string;
  clock: IncidentClock;
  b2c: B2cEventBuilder;
  directory: DirectoryEventBuilder;
}

export function attackTools(id: string, at: number, options: AttackOptions = {}): AttackTools {
  const tenant = options.tenant ?? DEFAULT_TENANT;
  const prng = new Prng(seedFrom('attack', id, at, tenant));
  return {
    prng,
    tenant,
    clock: new IncidentClock(prng, at),
    b2c: new B2cEventBuilder(prng, tenant),
    directory: new DirectoryEventBuilder(prng, tenant),
  };
}
