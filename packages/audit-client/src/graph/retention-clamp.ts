/**
 * Graph answers a window that starts before retention with HTTP 400, code `UnknownError`, message
 * `... (Parameter 'Minimum allowed time for activityDateTime is 2/5/2023 12:00:00 AM')`: a US-format
 * date, read here as UTC. Returns the floor in epoch ms, or undefined when the text is not that error.
 */
export function parseRetentionFloor(message: string | undefined): number | undefined {
  if (!message) return undefined;
  const match =
    /Minimum allowed time for activityDateTime is\s+(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?)?/i.exec(
      message,
    );
  if (!match) return undefined;
  const [, month, day, year, hourText, minute, second, meridiem] = match;
  let hour = Number(hourText ?? 0);
  if (meridiem) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (meridiem.toUpperCase() === 'PM' ? 12 : 0);
  }
  const ms = Date.UTC(Number(year), Number(month) - 1, Number(day), hour, Number(minute ?? 0), Number(second ?? 0));
  const check = new Date(ms);
  // Reject impossible dates (2/31) rather than let Date.UTC roll them over.
  if (check.getUTCMonth() !== Number(month) - 1 || check.getUTCDate() !== Number(day) || hour > 23) return undefined;
  return ms;
}

/** True when the text is the retention error, even if its date could not be read. */
export function isRetentionError(message: string | undefined): boolean {
  return !!message && /Minimum allowed time for activityDateTime/i.test(message);
}

/** Added to the parsed floor, so the retried query is not refused again on a boundary. */
export const retentionClampMarginMs = 1000;

/**
 * Added instead when Graph refuses a window it clamped already: its floor moved between the two
 * requests (a floor to the second, not a midnight), and a 1 s margin would chase it forever.
 */
export const movingRetentionClampMarginMs = 60_000;

/** Clamps per window; a refusal after the last means the floor outruns any margin, and the reader gives up. */
export const maxRetentionClampsPerWindow = 3;
