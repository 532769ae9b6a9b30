/**
 * Orders event ids as the index does: DuckDB compares VARCHAR by UTF-8 bytes, which is code point
 * order. JavaScript's `<` compares UTF-16 code units, which puts U+E000–U+FFFF after the characters
 * beyond U+FFFF (their surrogates start at U+D800): the two would disagree on the newest-first order
 * of events with the same time, and a resumed page could repeat or skip a row. Negative, zero or
 * positive, as a sort comparator.
 */
export function compareIds(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** A code unit's rank in code point order: surrogates (a character past U+FFFF) after U+E000–U+FFFF. */
function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}
