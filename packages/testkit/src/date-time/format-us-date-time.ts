/**
 * Formats an instant the way Graph's .NET backend prints it in the retention error:
 * US culture, UTC, `M/D/YYYY h:mm:ss AM|PM` (e.g. `2/5/2023 12:00:00 AM`).
 */
export function formatUsDateTime(ms: number): string {
  const d = new Date(ms);
  const hours = d.getUTCHours();
  const h12 = hours % 12 === 0 ? 12 : hours % 12;
  const mm = String(d.getUTCMinutes()).padStart(2, '0');
  const ss = String(d.getUTCSeconds()).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()} ${h12}:${mm}:${ss} ${hours < 12 ? 'AM' : 'PM'}`;
}
