/**
 * Lone surrogates, as both derivations of a row see them. JSON allows an escape of half a surrogate
 * pair (`"\ud83d"`, event text an attacker controls can hold one): JSON.parse yields a lone UTF-16 unit,
 * but DuckDB's strings are UTF-8, which cannot hold one, and its JSON reader refuses the whole part. So
 * the row carries each lone surrogate as U+FFFD, on both paths: the raw scan derives its rows through
 * these (rows/wire-text.ts, rows/to-event-row.ts), and the index build loads a part DuckDB refuses from
 * a copy re-serialised through them (index/well-formed-part.ts). Refusing such a day instead would let
 * anyone who can put text into an event keep a day out of the index for good; U+FFFD is what a UTF-8
 * decoder makes of the same damage, and the raw record (`--format jsonl`, `events show`) keeps the escape.
 */
export function wellFormedText(text: string): string {
  const t = text as unknown as WellFormed;
  return t.isWellFormed() ? text : t.toWellFormed();
}

/** ES2024's String methods (Node 20 has them; the project's lib is ES2023): ten times a /\p{Cs}/u test's speed. */
interface WellFormed {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/** `value` with every string in it (keys too) made well formed; values without a lone surrogate as they are. */
export function wellFormedValue(value: unknown): unknown {
  if (typeof value === 'string') return wellFormedText(value);
  if (Array.isArray(value)) return value.map(wellFormedValue);
  if (value !== null && typeof value === 'object') {
    // fromEntries defines each key (a `__proto__` key stays a key, as JSON.parse made it).
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [wellFormedText(key), wellFormedValue(item)]));
  }
  return value;
}
