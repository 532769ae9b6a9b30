import type { AuditEvent } from '@b2c-alerts/audit-client';
import { Prng } from '@b2c-alerts/testkit';
import { rule } from './rules.js';
import { auditEvent, minute, t0 } from './audit-events.js';
import type { RuleDefinition } from '../../src/index.js';

/** One rule of each stateful kind plus a throttled single-event rule. */
export function scenarioRules(): RuleDefinition[] {
  return [
    rule({
      id: 'brute',
      aggregate: { kind: 'count', groupBy: ['target.id'], windowMs: 10 * minute, threshold: 5 },
      fields: ['ip'],
    }),
    rule({
      id: 'spray',
      aggregate: { kind: 'distinct', groupBy: ['ip'], field: 'target.id', windowMs: 10 * minute, threshold: 4 },
    }),
    rule({
      id: 'key-deleted',
      match: { all: [{ fact: 'activity', operator: 'equal', value: 'Delete policy key' }] },
      throttle: { key: ['actor.upn'], forMs: 30 * minute },
    }),
    rule({
      id: 'key-reader',
      match: { all: [{ fact: 'activity', operator: 'equal', value: 'Get policy key' }] },
      aggregate: { kind: 'first-seen', groupBy: ['actor.upn'], learningMs: 60 * minute },
    }),
  ];
}

/**
 * Eight hours of traffic where the alerts do not depend on the order of events that are less than
 * ~20 minutes apart: bursts on one target (6 failures in 3 min), sprays from one IP (5 users in 4 min),
 * policy key deletions in clusters shorter than the throttle, far apart, and policy key reads with no
 * read near the end of first-seen's learning period. Background failures never reach a threshold.
 */
export function scenarioEvents(seed = 7): AuditEvent[] {
  const random = new Prng(seed);
  const events: AuditEvent[] = [];
  let n = 0;
  const add = (minutes: number, spec: Omit<Parameters<typeof auditEvent>[0], 'id' | 'time'>) =>
    events.push(
      auditEvent({ id: `s${String(n++).padStart(5, '0')}`, time: t0 + Math.round(minutes * minute), ...spec }),
    );

  for (let m = 0; m < 480; m += 2) {
    add(m + random.next(), { target: `user-${random.int(1e6)}`, ip: `10.1.${random.int(250)}.${random.int(250)}` });
  }
  for (let b = 0; b < 14; b++) {
    const start = 5 + b * 33 + random.next() * 5;
    for (let i = 0; i < 6; i++) add(start + random.next() * 3, { target: `victim-${b}`, ip: `172.16.0.${i}` });
  }
  for (let s = 0; s < 12; s++) {
    const start = 12 + s * 39 + random.next() * 5;
    for (let i = 0; i < 5; i++) add(start + random.next() * 4, { target: `sprayed-${s}-${i}`, ip: `203.0.113.${s}` });
  }
  for (let c = 0; c < 6; c++) {
    const start = 20 + c * 75;
    const actor = `admin-${c % 2}@contoso.com`;
    for (let i = 0; i <= c % 3; i++)
      add(start + random.next() * 10, { activity: 'Delete policy key', result: 'success', actor });
  }
  for (let r = 0; r < 40; r++) {
    const minutes = r < 15 ? random.next() * 50 : 150 + random.next() * 320;
    const actor = r < 15 || random.chance(0.5) ? `reader-${random.int(5)}@contoso.com` : `new-reader-${r}@contoso.com`;
    add(minutes, { activity: 'Get policy key', result: 'success', actor });
  }
  return events.sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : 1));
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
