import { describe, expect, it } from 'vitest';
import { stateKeys } from '../../src/state/state-keys.js';

describe('stateKeys.outcome', () => {
  it('gives different (rule, event id) pairs different keys whatever they contain', () => {
    const pairs: Array<[string, string]> = [
      ['a:b', 'c'],
      ['a', 'b:c'],
      ['a\\', ':c'],
      ['a\\:', 'c'],
      ['a', 'c'],
    ];
    const keys = pairs.map(([rule, event]) => stateKeys.outcome(rule, event));
    expect(new Set(keys).size).toBe(pairs.length);
    expect(stateKeys.outcome('b2c.rule', 'e1')).toBe('outcome:b2c.rule:e1');
  });
});

describe('stateKeys', () => {
  it('names every family as deployed: a renamed key would orphan the state a deployment holds', () => {
    expect([
      stateKeys.claims('r'),
      stateKeys.throttleTimes('t'),
      stateKeys.throttleSuppressed('t'),
      stateKeys.countEvents('g'),
      stateKeys.countValues('g'),
      stateKeys.countFired('g'),
      stateKeys.distinctValues('g'),
      stateKeys.distinctInfo('g'),
      stateKeys.firstSeenBaseline('r'),
      stateKeys.firstSeenValues('r'),
      stateKeys.absenceGroups('r'),
      stateKeys.absenceStart('r'),
      stateKeys.unused(),
    ]).toEqual([
      'claims:r',
      'throttle-times:t',
      'throttle-suppressed:t',
      'count-events:g',
      'count-values:g',
      'count-fired:g',
      'distinct-values:g',
      'distinct-info:g',
      'first-seen-baseline:r',
      'first-seen-values:r',
      'absence-groups:r',
      'absence-start:r',
      'unused',
    ]);
  });
});

describe('stateKeys of sequences', () => {
  it('names the sequence families as deployed, each step its own key', () => {
    expect([
      stateKeys.sequenceStep(1, 'g'),
      stateKeys.sequenceStep(5, 'g'),
      stateKeys.sequenceAbsent('g'),
      stateKeys.sequenceInfo('g'),
      stateKeys.sequenceWaits('r'),
      stateKeys.sequenceDue('r'),
      stateKeys.sequenceFired('r'),
    ]).toEqual([
      'sequence-step:1:g',
      'sequence-step:5:g',
      'sequence-absent:g',
      'sequence-info:g',
      'sequence-waits:r',
      'sequence-due:r',
      'sequence-fired:r',
    ]);
  });
});

describe('stateKeys.spikeGroups', () => {
  it('names the one hash of a spike rule as deployed', () => {
    expect(stateKeys.spikeGroups('b2c.data-plane.sign-in-volume-partial-drop')).toBe(
      'spike-groups:b2c.data-plane.sign-in-volume-partial-drop',
    );
  });
});
