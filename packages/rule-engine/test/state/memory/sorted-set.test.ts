import { Prng } from '@b2c-alerts/testkit';
import { describe, expect, it } from 'vitest';
import { compareCodePoints } from '../../../src/evaluation/code-point-order.js';
import { SortedSet } from '../../../src/state/memory/sorted-set.js';

describe('SortedSet', () => {
  it('keeps Redis order (score, then member by code point) through adds, re-scores and trims', () => {
    const random = new Prng(3);
    const set = new SortedSet();
    const model = new Map<string, number>();
    for (let i = 0; i < 3000; i++) {
      const member = `m${random.int(300)}`;
      const roll = random.next();
      if (roll < 0.6) {
        const score = random.int(100) + Math.floor(i / 30);
        expect(set.add(member, score)).toBe(!model.has(member));
        model.set(member, score);
      } else if (roll < 0.8) {
        expect(set.remove(member)).toBe(model.delete(member));
      } else {
        const cut = random.int(40) + Math.floor(i / 30) - 20;
        const expected = [...model]
          .filter(([, s]) => s <= cut)
          .sort(order)
          .map(([m]) => m);
        expect(set.removeAtMost(cut)).toEqual(expected);
        for (const m of expected) model.delete(m);
      }
      const sorted = [...model].sort(order);
      expect(set.size).toBe(sorted.length);
      if (i % 97 === 0) {
        expect(set.byRank(0, set.size - 1).map((e) => [e.member, e.score])).toEqual(sorted);
        const probe = sorted[Math.floor(sorted.length / 2)];
        if (probe !== undefined) {
          expect(set.rank(probe[0])).toBe(sorted.findIndex(([m]) => m === probe[0]));
          expect(set.countAtMost(probe[1])).toBe(sorted.filter(([, s]) => s <= probe[1]).length);
          expect(set.countBetweenExclusive(probe[1] - 5, probe[1] + 5)).toBe(
            sorted.filter(([, s]) => s > probe[1] - 5 && s < probe[1] + 5).length,
          );
        }
      }
    }
  });

  it('orders members by code point, like UTF-8 bytes', () => {
    const words = ['b', 'a', 'ab', '\uffff', '\u{1f600}', 'é', ''];
    const byBytes = [...words].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y)));
    expect([...words].sort(compareCodePoints)).toEqual(byBytes);
  });
});

function order(a: [string, number], b: [string, number]): number {
  return a[1] - b[1] || compareCodePoints(a[0], b[0]);
}
