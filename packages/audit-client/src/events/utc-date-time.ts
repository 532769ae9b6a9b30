const isoWithOffset = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}:\d{2})(:\d{2})?(\.\d+)?([Zz]|[+-]\d{2}:?\d{2})?$/;

/**
 * An ISO-8601 date-time in the `Z` form that Graph uses (`2019-09-14T18:13:17.0618117Z`), so every
 * source compares and sorts alike. Azure Monitor exports write `+00:00`; other offsets are converted
 * to UTC. The fraction digits (Graph sends 7) are kept verbatim, never rounded through a `Date`.
 * A value without an offset is taken as UTC, as Graph's DateTimeOffset is. A string that is not an
 * ISO date-time is returned unchanged, for the caller to reject.
 */
export function toUtcDateTime(value: string): string {
  // Fast path: already the Graph form.
  if (
    value.length >= 20 &&
    value.charCodeAt(value.length - 1) === 0x5a /* Z */ &&
    value.charCodeAt(10) === 0x54 /* T */
  ) {
    return value;
  }
  const m = isoWithOffset.exec(value);
  if (!m) return value;
  const [, date, hourMinute, seconds = ':00', fraction = '', offset = 'Z'] = m;
  const local = `${date}T${hourMinute}${seconds}`;
  const sign = offset.charCodeAt(0);
  if (sign !== 0x2b /* + */ && sign !== 0x2d /* - */) return `${local}${fraction}Z`;
  const digits = offset.replace(':', '');
  const offsetMinutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  if (offsetMinutes === 0) return `${local}${fraction}Z`;
  const utcMs = Date.parse(`${local}Z`) - (sign === 0x2b ? offsetMinutes : -offsetMinutes) * 60_000;
  if (Number.isNaN(utcMs)) return value;
  return `${new Date(utcMs).toISOString().slice(0, 19)}${fraction}Z`;
}
