/**
 * The case folding every string filter compares with, on both paths: the index's SQL (`iv_fold`, below)
 * and the raw scan's predicate (`foldCase`). It is DuckDB's `lower()` (utf8proc's simple per-character
 * mapping) with final sigma `ς` folded to `σ`. JavaScript's `toLowerCase()` differs from `lower()` in
 * three ways, each undone here: it maps `İ` (U+0130) to `i` + U+0307 (DuckDB: `i`); it writes a final
 * `Σ` as `ς` by context (DuckDB: `σ`, so `ΟΔΟΣ` and `οδοσ` must meet; folding `ς` to `σ` on both sides
 * makes them do so whichever way either is spelled); and Node's Unicode is newer than DuckDB's, so it
 * lower-cases a few recently encoded capitals that DuckDB keeps as they are (kept here too).
 * `investigate/test/filters/fold-case.test.ts` compares the two over every code point, so an upgrade of
 * Node or DuckDB that moves either side fails there, naming the characters.
 */

// Capitals Node lower-cases and DuckDB's utf8proc does not (Unicode 16 and 17 additions), and U+0130.
const keptAsIs = /([\u0130\u1c89\ua7cb\ua7cc\ua7ce\ua7d2\ua7d4\ua7da\ua7dc\u{10d50}-\u{10d65}\u{16ea0}-\u{16eb8}])/u;
// eslint-disable-next-line no-control-regex -- the ASCII range is what is tested
const ascii = /^[\u0000-\u007f]*$/;

export function foldCase(value: string): string {
  if (ascii.test(value)) return value.toLowerCase();
  if (!keptAsIs.test(value)) return value.toLowerCase().replaceAll('ς', 'σ');
  return value
    .split(keptAsIs)
    .map((piece, i) => (i % 2 === 0 ? piece.toLowerCase() : piece === '\u0130' ? 'i' : piece))
    .join('')
    .replaceAll('ς', 'σ');
}

/** `foldCase` in SQL, as a macro of the engine (query/duckdb-engine.ts creates it). */
export const foldMacroSql = `CREATE OR REPLACE TEMP MACRO iv_fold(s) AS replace(lower(s), 'ς', 'σ');`;
