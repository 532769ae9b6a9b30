import { DurationError } from '../errors/duration-error.js';

const unitMs = { w: 604_800_000, d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1 } as const;
type Unit = keyof typeof unitMs;
const units = Object.keys(unitMs) as Unit[];

/** JSON-schema pattern of a duration: `<number><unit>` terms, decimals allowed, largest unit first. */
export const durationPattern = `^${units.map((unit) => `(?:\\d+(?:\\.\\d+)?${unit})?`).join('')}$`;

export interface ParseDurationOptions {
  /** Accept a zero length (`0s`), where zero means "none" (a route timer, a poll delay, an offset). */
  allowZero?: boolean;
}

/**
 * Milliseconds of a duration: one or more `<number><unit>` terms, largest unit first, each unit once,
 * decimals allowed in any term: `90m`, `1h30m`, `1.5h`, `7d`, `250ms` (units ms, s, m, h, d, w). The
 * one grammar of rule files, CLI flags and environment variables. A bare number is refused: nobody can
 * tell seconds from minutes. Throws DurationError (RE_ERR_DURATION_INVALID); the caller prefixes where
 * the text came from (file:line:col, the flag, the variable).
 */
export function parseDuration(text: string, options: ParseDurationOptions = {}): number {
  const fail = (reason: string): never => {
    throw new DurationError(text, reason);
  };
  const trimmed = text.trim();
  if (trimmed === '') fail('is empty: write a duration such as 90m, 1h30m or 1.5h');
  if (trimmed.startsWith('-')) fail('cannot be negative: write a duration such as 90m, 1h30m or 1.5h');
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) {
    fail(
      Number(trimmed) === 0 && !options.allowZero
        ? 'has no unit, and must be longer than zero: write for example 10m'
        : `has no unit: write ${trimmed}s`,
    );
  }
  let total = 0;
  let lastIndex = -1;
  let rest = trimmed;
  while (rest !== '') {
    const term = /^(\d+(?:\.\d+)?)([a-zA-Z]+)/.exec(rest);
    if (!term) return fail('is not a duration: write one or more <number><unit> terms such as 90m, 1h30m or 1.5h');
    const [whole, number, unit] = term as unknown as [string, string, string];
    if (!(unit in unitMs)) fail('has an unknown unit: use ms, s, m, h, d or w');
    const index = units.indexOf(unit as Unit);
    if (index <= lastIndex)
      fail('repeats a unit or has them out of order: write each unit once, largest first, such as 1h30m');
    lastIndex = index;
    total += Number(number) * unitMs[unit as Unit];
    rest = rest.slice(whole.length);
  }
  // Decimals of an hour are not exact in binary; durations are whole milliseconds.
  const ms = Math.round(total);
  if (ms === 0 && total > 0) fail('is shorter than a millisecond');
  if (ms === 0 && !options.allowZero) fail('must be longer than zero');
  if (!Number.isSafeInteger(ms)) fail('is too long');
  return ms;
}
