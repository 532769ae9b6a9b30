import type { DirectoryAudit } from '@b2c-alerts/audit-client';
import { Prng, type PlantedAttack } from '@b2c-alerts/testkit';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/**
 * The time each planted attack gets to itself. The shipped rules throttle for an hour (two for SMS
 * pumping by policy) and look back at most an hour, so attacks three hours apart never hide one another
 * behind a throttle or share a window: each is judged alone.
 */
export const attackSlotMs = 3 * hour;
/** Quiet time kept after an attack before the next slot starts (when the attack leaves room for it). */
const afterMs = hour;
const leadMs = 15 * minute;

export interface ScheduledAttack {
  attack: PlantedAttack;
  /** When it starts and ends (epoch ms): its records, or the outage, lie in [at, end). */
  at: number;
  end: number;
  records: DirectoryAudit[];
}

/** The fewest evaluated days that give `count` attacks a slot each. */
export function minimumDaysFor(count: number): number {
  return Math.max(1, Math.ceil((count * attackSlotMs) / day));
}

/**
 * Plants every attack of `catalogue` once, in catalogue order, each in its own equal slot of the
 * evaluated days [start, start + days), at a time drawn from `seed` inside the slot (so a seed moves
 * attacks across hours of the day, and the same seed always plants the same records at the same times).
 */
export function scheduleAttacks(
  catalogue: readonly PlantedAttack[],
  o: { start: number; days: number; seed: number; tenant: string },
): ScheduledAttack[] {
  const slot = Math.floor((o.days * day) / Math.max(1, catalogue.length));
  if (slot < attackSlotMs)
    throw new RangeError(
      `${catalogue.length} attacks need ${minimumDaysFor(catalogue.length)} evaluated days or more, not ${o.days}`,
    );
  const prng = new Prng(o.seed);
  return catalogue.map((attack, i) => {
    const room = Math.max(0, slot - leadMs - attack.durationMs - afterMs);
    const at = o.start + i * slot + leadMs + Math.floor(prng.next() * room);
    return { attack, at, end: at + attack.durationMs, records: attack.records(at, { tenant: o.tenant }) };
  });
}
