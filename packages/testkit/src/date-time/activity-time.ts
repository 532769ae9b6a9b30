/**
 * An `activityDateTime` as an exact, comparable key: epoch milliseconds plus the 100 ns ticks below
 * them. Strings with fewer than 7 fractional digits or a `+00:00` offset compare correctly too.
 */
export interface ActivityTime {
  ms: number;
  ticks: number;
}

const pattern = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,7}))?(Z|[+-]\d{2}:\d{2})$/i;

/** Returns undefined when `text` is not an ISO-8601 date-time with a zone. */
export function parseActivityTime(text: string): ActivityTime | undefined {
  const m = pattern.exec(text);
  if (!m) return undefined;
  const seconds = Date.parse(`${m[1]}${m[3]!.toUpperCase()}`);
  if (Number.isNaN(seconds)) return undefined;
  const fraction = (m[2] ?? '').padEnd(7, '0');
  return { ms: seconds + Number(fraction.slice(0, 3)), ticks: Number(fraction.slice(3)) };
}

export function compareActivityTime(a: ActivityTime, b: ActivityTime): number {
  return a.ms - b.ms || a.ticks - b.ticks;
}
