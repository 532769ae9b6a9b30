import { CliError } from './errors/cli-error.js';

const unitMs = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 } as const;
const durationPattern = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i;
const isoPattern = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * A point in time given on the command line: a duration back from `now` (`90m`, `12h`, `3d`, `1w`,
 * `30s`) or an ISO-8601 date or date-time. Like Graph, a time without an offset is UTC.
 * Throws CLI_ERR_USAGE naming the option and showing the accepted forms.
 */
export function parseTime(value: string, now: number, option: string): number {
  const text = value.trim();
  const duration = durationPattern.exec(text);
  if (duration) {
    const unit = duration[2]!.toLowerCase() as keyof typeof unitMs;
    return now - Math.round(Number(duration[1]) * unitMs[unit]);
  }
  if (isoPattern.test(text)) {
    const hasOffset = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) && text.length > 10;
    const ms = Date.parse(hasOffset || text.length === 10 ? text.replace(' ', 'T') : `${text.replace(' ', 'T')}Z`);
    if (!Number.isNaN(ms)) return ms;
  }
  throw new CliError(
    'CLI_ERR_USAGE',
    `${option} ${JSON.stringify(value)} is neither a duration (like 90m, 12h, 3d) nor an ISO date-time (like 2026-11-20 or 2026-11-20T08:00:00Z).`,
  );
}
