import { durationOption } from './duration-option.js';
import { CliError } from '../errors/cli-error.js';

const isoPattern = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * Which way a duration counts from now: `past` for flags that read history (`export --since 3d`),
 * `future` for flags that schedule (`silences add --until 2h`).
 */
export type TimeDirection = 'past' | 'future';

/**
 * A point in time given on the command line: a duration from `now` (`90m`, `1h30m`, `1.5h`, `3d`;
 * parseDuration's grammar), back by default, or an ISO-8601 date or date-time. Like Graph, a time
 * without an offset is UTC. Throws CLI_ERR_USAGE naming the option: parseDuration's message for what
 * starts like a duration, else the accepted forms.
 */
export function parseTime(value: string, now: number, option: string, direction: TimeDirection = 'past'): number {
  const text = value.trim();
  if (isoPattern.test(text)) {
    const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) && text.length > 10;
    const ms = Date.parse(hasOffset || text.length === 10 ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`);
    if (!Number.isNaN(ms)) return ms;
  } else if (/^\d/.test(text)) {
    const ms = durationOption(option, text, { allowZero: true });
    return direction === 'past' ? now - ms : now + ms;
  }
  throw new CliError(
    'CLI_ERR_USAGE',
    `${option} ${JSON.stringify(value)} is neither a duration (like 90m, 1h30m, 1.5h, 3d) nor an ISO date-time (like 2026-11-20 or 2026-11-20T08:00:00Z).`,
  );
}
