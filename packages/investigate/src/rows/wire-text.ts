import { wellFormedText, wellFormedValue } from './well-formed.js';

/**
 * A wire value as the index reads it into a text column (DuckDB's read_json into VARCHAR): strings
 * as they are, other scalars and objects as their JSON text, null and missing as null. Graph sends
 * strings in every field we index; this keeps a stray number the same on both paths. A lone surrogate
 * becomes U+FFFD, as the index holds it (rows/well-formed.ts).
 */
export function wireText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return wellFormedText(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(wellFormedValue(value));
}

/** A wire value as a usable string: null, missing and `""` count as absent (normalize's rule). */
export function presentText(value: unknown): string | null {
  const text = wireText(value);
  return text === null || text === '' ? null : text;
}
