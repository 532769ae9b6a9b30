/**
 * Bounds on what is derived from event text: lists of permissions, keys and URIs keep at most
 * maxDerivedItems entries, and an entry is parsed from at most maxParsedChars of its text. The record
 * itself is bounded by the page size; these keep the derived facts (and the work) small however the
 * text is shaped.
 */
export const maxDerivedItems = 100;
export const maxParsedChars = 4096;

/** Longest redirect URI kept whole; a longer one keeps its start and ends with `…`. */
export const maxUriLength = 2048;

/**
 * A modified value as one text: a non-empty string (trimmed), the only item of a one-item list (the
 * directory writes `["Some App"]` for names), or a number or boolean as text. Anything else is absent.
 */
export function textOf(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.length === 1 ? textOf(value[0]) : undefined;
  if (typeof value === 'string') {
    const text = value.trim();
    return text === '' ? undefined : text;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A modified value as a list: a list's items, one value as a list of one, nothing as []; at most maxDerivedItems. */
export function listOf(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).slice(0, maxDerivedItems);
}

/** `True` / `False` as the directory writes booleans (any case); anything else is absent. */
export function booleanOf(value: string | undefined): boolean | undefined {
  const lower = value?.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

/** Items of `next` not in `previous`, in order, without repeats; at most maxDerivedItems. */
export function addedItems(previous: readonly string[], next: readonly string[]): string[] {
  const before = new Set(previous);
  const added = new Set<string>();
  for (const item of next) {
    if (added.size >= maxDerivedItems) break;
    if (!before.has(item)) added.add(item);
  }
  return [...added];
}

/** The best name of a principal or app, from the fields in order of preference. */
export function bestName(...candidates: Array<string | undefined>): string | undefined {
  return candidates.find((candidate) => candidate !== undefined);
}
