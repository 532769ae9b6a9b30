/**
 * A modifiedProperty `oldValue`/`newValue` as rules should see it. Graph sends strings that usually
 * hold JSON text (`"\"Member\""`, `"[\"a\"]"`): those are decoded. Any other string, or JSON that does
 * not parse, is kept verbatim. Null, missing and `""` are absent (undefined).
 */
export function decodeModifiedValue(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value !== 'string') return value; // already decoded upstream (e.g. re-exported events)
  const first = value.charCodeAt(0);
  // Only `"`, `[` and `{` can start JSON worth decoding; numbers and words stay the strings they are.
  if (first !== 0x22 && first !== 0x5b && first !== 0x7b) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}
