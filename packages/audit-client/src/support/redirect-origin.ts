/** Where a redirect points, for a message: its origin only, since its path and query may carry anything. */
export function redirectOrigin(location: string | null, from: string): string {
  if (location === null) return 'no Location';
  try {
    return new URL(location, from).origin;
  } catch {
    return 'an unreadable Location';
  }
}
