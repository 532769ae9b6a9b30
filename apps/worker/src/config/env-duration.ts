import { parseDuration } from '@b2c-alerts/rule-engine';

/**
 * Milliseconds of a duration variable: `90s`, `5m`, `1h30m` (units w, d, h, m, s), or a bare whole
 * number of seconds, as many deployments write intervals. Undefined when unreadable; the caller names
 * the variable in its problem (this never echoes the value).
 */
export function parseEnvDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (/^0+[wdhms]$/.test(trimmed)) return 0;
  try {
    return parseDuration(trimmed);
  } catch {
    return undefined;
  }
}
