import { describe, expect, it } from 'vitest';
import { didYouMean, nearestName } from '../../src/parsing/nearest-name.js';

describe('nearestName', () => {
  const facts = ['actor.upn', 'actor.ip', 'actor.id', 'target.upn', 'activity', 'severity'];

  it('finds a one-letter typo, a swap of neighbours and a case slip', () => {
    expect(nearestName('actor.upm', facts)).toBe('actor.upn');
    expect(nearestName('actvitiy', facts)).toBe('activity');
    expect(nearestName('Activity', facts)).toBe('activity');
    expect(nearestName('severty', facts)).toBe('severity');
  });

  it('allows up to max(2, len/3) edits and nothing that rewrites the whole name', () => {
    expect(nearestName('taget.upx', facts)).toBe('target.upn'); // 2 edits
    expect(nearestName('actr.nam', ['actor.name'])).toBe('actor.name'); // 2 edits, length 8
    expect(nearestName('xyz.abc', facts)).toBeUndefined();
    expect(nearestName('eq', ['in', 'equal'])).toBeUndefined();
  });

  it('never suggests the name itself', () => {
    expect(nearestName('activity', ['activity'])).toBeUndefined();
  });

  it('didYouMean is ready to append, empty when there is nothing near', () => {
    expect(didYouMean('equals', ['equal', 'notEqual'])).toBe("; did you mean 'equal'?");
    expect(didYouMean('zzz', ['equal'])).toBe('');
  });
});
