import { describe, expect, it } from 'vitest';
import { stateKeys } from '../../src/state/state-keys.js';

describe('stateKeys.outcome', () => {
  it('gives different (rule, event id) pairs different keys whatever they contain', () => {
    const pairs: Array<[string, string]> = [['a:b', 'c'], ['a', 'b:c'], ['a\\', ':c'], ['a\\:', 'c'], ['a', 'c']];
    const keys = pairs.map(([rule, event]) => stateKeys.outcome(rule, event));
    expect(new Set(keys).size).toBe(pairs.length);
    expect(stateKeys.outcome('b2c.rule', 'e1')).toBe('outcome:b2c.rule:e1');
  });
});
