/** Absurd Retry-After values (or dates far ahead) are capped here rather than stalling a poller for days. */
export const maxRetryAfterMs = 60 * 60_000;

/**
 * Parses an HTTP `Retry-After` header (RFC 9110: delay-seconds or an HTTP-date) into milliseconds to
 * wait from `now`. Undefined when absent or unreadable, so the caller backs off instead.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(Math.round(Number(text) * 1000), maxRetryAfterMs);
  // Only real dates: Date.parse accepts much else, and an IMF-fixdate always names a GMT time.
  if (!/GMT$/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(at - now, 0), maxRetryAfterMs);
}
