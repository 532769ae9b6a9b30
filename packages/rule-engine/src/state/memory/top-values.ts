import { compareCodePoints } from '../../evaluation/code-point-order.js';

/** How many values an alert's topValues lists. */
export const topValuesLimit = 5;

/** The most frequent values, most frequent first, ties by value (the order the Redis scripts use). */
export function topValues(counts: Iterable<[string, number]>): Array<{ value: string; count: number }> {
  return [...counts]
    .map(([value, count]) => ({ value, count }))
    .sort((a, b) => b.count - a.count || compareCodePoints(a.value, b.value))
    .slice(0, topValuesLimit);
}
