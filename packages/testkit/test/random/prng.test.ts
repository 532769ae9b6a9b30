import { describe, expect, it } from 'vitest';
import { Prng } from '../../src/index.js';
import { seedFrom } from '../../src/random/prng.js';
import { TickHeap } from '../../src/traffic/tick-heap.js';

describe('Prng', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    const a = new Prng(123);
    const b = new Prng(123);
    const c = new Prng(124);
    const seq = (p: Prng) => Array.from({ length: 8 }, () => p.uint32());
    const first = seq(a);
    expect(seq(b)).toEqual(first);
    expect(seq(c)).not.toEqual(first);
  });

  it('draws in range, and v4-shaped guids', () => {
    const p = new Prng(7);
    const draws = Array.from({ length: 10_000 }, () => p.next());
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    const ints = new Set(Array.from({ length: 1000 }, () => p.range(3, 5)));
    expect([...ints].sort()).toEqual([3, 4, 5]);
    expect(p.guid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(p.weighted(['never', 'always'], [0, 1])).toBe('always');
  });

  it('derives distinct seeds from distinct parts', () => {
    expect(seedFrom('a', 1)).toBe(seedFrom('a', 1));
    expect(seedFrom('a', 1)).not.toBe(seedFrom('a1'));
    expect(seedFrom('a', 1)).not.toBe(seedFrom('a', 2));
  });
});

describe('TickHeap', () => {
  it('pops by key, equal keys in insertion order', () => {
    const heap = new TickHeap<string>();
    const p = new Prng(5);
    const items = Array.from({ length: 500 }, (_, i) => ({ key: p.int(50), label: `n${i}` }));
    for (const it of items) heap.push(it.key, it.label);
    const popped: string[] = [];
    while (heap.size > 0) popped.push(heap.pop()!);
    const expected = [...items]
      .sort((a, b) => a.key - b.key || Number(a.label.slice(1)) - Number(b.label.slice(1)))
      .map((x) => x.label);
    expect(popped).toEqual(expected);
    expect(heap.pop()).toBeUndefined();
    expect(heap.peekKey()).toBe(Number.POSITIVE_INFINITY);
  });
});
