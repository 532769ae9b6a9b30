/**
 * Formats an instant the way Graph writes `activityDateTime`: UTC, 7 fractional digits, `Z`
 * (e.g. `2019-09-14T18:13:17.0618117Z`). `subMs` is the part below the millisecond in 100 ns
 * ticks (0–9999), so generated events can be finer than a millisecond like real ones.
 */
export function formatActivityDateTime(ms: number, subMs = 0): string {
  const whole = Math.floor(ms);
  const ticks = Math.min(9999, Math.max(0, Math.floor(subMs)));
  return `${new Date(whole).toISOString().slice(0, 23)}${String(ticks).padStart(4, '0')}Z`;
}
