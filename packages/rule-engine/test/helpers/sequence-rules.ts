import type { AuditEvent } from '@b2c-alerts/audit-client';
import { Prng } from '@b2c-alerts/testkit';
import type { RuleDefinition, SequenceStep, TopLevelCondition } from '../../src/index.js';
import { auditEvent, minute, t0 } from './audit-events.js';
import { rule } from './rules.js';

const activity = (value: string): TopLevelCondition => ({ all: [{ fact: 'activity', operator: 'equal', value }] });
const anyActivity = (...values: string[]): TopLevelCondition => ({
  all: [{ fact: 'activity', operator: 'in', value: values }],
});
const step = (name: string, match: TopLevelCondition, o: Partial<SequenceStep> = {}): SequenceStep => ({
  name,
  match,
  threshold: 1,
  windowMs: o.windowMs ?? 60 * minute,
  ...o,
});

/** A spray (3 distinct targets failing within 10 minutes) then a token, per IP, within an hour. */
export function sprayThenToken(id = 'seq.spray-token'): RuleDefinition {
  return rule({
    id,
    match: anyActivity('Fail', 'Token'),
    aggregate: {
      kind: 'sequence',
      groupBy: ['ip'],
      windowMs: 60 * minute,
      steps: [
        step('spray', activity('Fail'), { threshold: 3, distinct: 'target.id', windowMs: 10 * minute }),
        step('token', activity('Token')),
      ],
    },
  });
}

/** A, then two B within 5 minutes, then C, per IP, within 30 minutes. */
export function threeSteps(id = 'seq.three'): RuleDefinition {
  return rule({
    id,
    match: anyActivity('A', 'B', 'C'),
    aggregate: {
      kind: 'sequence',
      groupBy: ['ip'],
      windowMs: 30 * minute,
      steps: [
        step('a', activity('A')),
        step('b', activity('B'), { threshold: 2, windowMs: 5 * minute }),
        step('c', activity('C')),
      ],
    },
  });
}

/** A then A-or-B (events may count for both steps), per IP, within 20 minutes. */
export function overlapping(id = 'seq.overlap'): RuleDefinition {
  return rule({
    id,
    match: anyActivity('A', 'B'),
    aggregate: {
      kind: 'sequence',
      groupBy: ['ip'],
      windowMs: 20 * minute,
      steps: [step('first', activity('A')), step('second', anyActivity('A', 'B'))],
    },
  });
}

/** A and no B within 20 minutes, per IP (the negative form). */
export function aWithoutB(id = 'seq.a-without-b'): RuleDefinition {
  return rule({
    id,
    match: anyActivity('A', 'B'),
    aggregate: {
      kind: 'sequence',
      groupBy: ['ip'],
      windowMs: 20 * minute,
      steps: [step('a', activity('A'))],
      absent: { match: activity('B'), windowMs: 20 * minute },
    },
  });
}

/** Two A within 10 minutes, then C, and then no B within 15 minutes, per IP. */
export function twoStepsWithoutB(id = 'seq.steps-without-b'): RuleDefinition {
  return rule({
    id,
    match: anyActivity('A', 'B', 'C'),
    aggregate: {
      kind: 'sequence',
      groupBy: ['ip'],
      windowMs: 30 * minute,
      steps: [step('a', activity('A'), { threshold: 2, windowMs: 10 * minute }), step('c', activity('C'))],
      absent: { match: activity('B'), windowMs: 15 * minute },
    },
  });
}

export const sequenceRules = (): RuleDefinition[] => [
  sprayThenToken(),
  threeSteps(),
  overlapping(),
  aWithoutB(),
  twoStepsWithoutB(),
];

/**
 * Random traffic for the sequence rules, in (time, id) order: a few IPs, the activities the rules use
 * plus noise, ties in time, bursts and gaps (`gapMs`, by default longer than every window).
 */
export function sequenceTraffic(seed: number, count = 400, gapMs = 70 * minute): AuditEvent[] {
  const random = new Prng(seed);
  const kinds = ['Fail', 'Fail', 'Fail', 'Token', 'A', 'A', 'B', 'B', 'C', 'Noise'];
  const events: AuditEvent[] = [];
  let time = t0;
  for (let i = 0; i < count; i++) {
    if (random.chance(0.03)) time += gapMs;
    else if (!random.chance(0.1)) time += random.int(5) * 30_000;
    const activity = kinds[random.int(kinds.length)]!;
    // Ids in random code point order against arrival, so ties in time are ordered by id, not by index.
    const id = `${String.fromCharCode(97 + random.int(26))}${i}`;
    events.push(
      auditEvent({
        id,
        time,
        activity,
        ip: `198.51.100.${random.int(3)}`,
        target: `user-${random.int(4)}`,
        result: activity === 'Token' ? 'success' : 'failure',
      }),
    );
  }
  return events.sort((a, b) => a.timestamp - b.timestamp || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
