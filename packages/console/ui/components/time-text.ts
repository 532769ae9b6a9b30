/** A UTC time from the API as the tables show it (`2026-03-02 10:00:00`); empty for none. */
export function timeText(iso: string | null | undefined): string {
  if (!iso) return '';
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')}`;
}
