import { RuleEngineError } from '../errors/rule-engine-error.js';
import { durationPattern, parseDuration } from '../parsing/parse-duration.js';

/** JSON-schema pattern of an offset: a duration with an optional sign (`+30s`, `-5m`, `2h`), or zero (`+0s`). */
export const offsetPattern = `^[+-]?(?:0+[wdhms]|${durationPattern.slice(1, -1)})$`;

/**
 * Milliseconds of a signed offset in a rule test's timeline: `+30s` (or `30s`) later, `-5m` earlier (a
 * late event), `+0s` at the same time. Throws a RuleEngineError (RE_ERR_DURATION_INVALID) naming what
 * is wrong, like parseDuration.
 */
export function parseOffset(text: string): number {
  const trimmed = text.trim();
  const sign = trimmed.startsWith('-') ? -1 : 1;
  const length = trimmed.replace(/^[+-]/, '');
  if (/^0+[wdhms]$/.test(length)) return 0;
  try {
    return sign * parseDuration(length);
  } catch (error) {
    const message = (error as Error).message.replace(/^invalid duration '[^']*'/, `invalid offset '${text}'`);
    throw new RuleEngineError('RE_ERR_DURATION_INVALID', `${message} (an offset is a duration with an optional sign: +30s, -5m, +0s)`, { cause: error });
  }
}
