import { DurationError } from '../errors/duration-error.js';
import { durationPattern, parseDuration } from '../parsing/parse-duration.js';

/** JSON-schema pattern of an offset: a duration with an optional sign (`+30s`, `-5m`, `2h`), or zero (`+0s`). */
export const offsetPattern = `^[+-]?${durationPattern.slice(1)}`;

/**
 * Milliseconds of a signed offset in a rule test's timeline: `+30s` (or `30s`) later, `-5m` earlier (a
 * late event), `+0s` at the same time. The length after the sign is a parseDuration duration; throws a
 * DurationError (RE_ERR_DURATION_INVALID) with parseDuration's reason and a word on the sign.
 */
export function parseOffset(text: string): number {
  const trimmed = text.trim();
  const sign = trimmed.startsWith('-') ? -1 : 1;
  try {
    const ms = parseDuration(trimmed.replace(/^[+-]/, ''), { allowZero: true });
    return ms === 0 ? 0 : sign * ms;
  } catch (error) {
    const reason = error instanceof DurationError ? error.reason : (error as Error).message;
    throw new DurationError(text, `${reason} (an offset is a duration with an optional sign: +30s, -5m, +0s)`, {
      cause: error,
    });
  }
}
