import { isDateTime } from '../parsing/date-time-schema.js';

/** One place where an actual value differs from the expected one. */
export interface Mismatch {
  /** `groupValues.ip`, `eventIds`, or '' for the value itself. */
  path: string;
  expected: unknown;
  actual: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function join(path: string, key: string | number): string {
  return typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`;
}

function sameLeaf(expected: unknown, actual: unknown): boolean {
  if (expected === actual) return true;
  // YAML cannot write undefined: `ip: null` (or `~`) expects the field to be absent.
  if (expected === null && actual === undefined) return true;
  if (typeof expected === 'string' && typeof actual === 'string') {
    // 2026-01-05T10:00:00Z and 2026-01-05T10:00:00.000Z are the same instant.
    return isDateTime(expected) && isDateTime(actual) && Date.parse(expected) === Date.parse(actual);
  }
  // YAML reads `value: 42` as a number where the alert holds the text '42'.
  return (
    typeof actual === 'string' &&
    (typeof expected === 'number' || typeof expected === 'boolean') &&
    String(expected) === actual
  );
}

/**
 * Where `actual` does not match `expected`, partially: an object compares only the keys `expected`
 * gives (recursively); a list must have as many items, each matched partially; leaves are equal, or
 * the same instant for two ISO date-times; null expects an absent field. Empty when they match.
 */
export function partialMismatches(expected: unknown, actual: unknown, path = ''): Mismatch[] {
  if (isPlainObject(expected)) {
    if (!isPlainObject(actual)) return [{ path, expected, actual }];
    return Object.keys(expected).flatMap((key) =>
      partialMismatches(expected[key], Object.hasOwn(actual, key) ? actual[key] : undefined, join(path, key)),
    );
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual) || actual.length !== expected.length) return [{ path, expected, actual }];
    return expected.flatMap((item, index) => partialMismatches(item, actual[index], join(path, index)));
  }
  return sameLeaf(expected, actual) ? [] : [{ path, expected, actual }];
}

/** `actual` cut down to the keys `expected` compares, for showing next to it. */
export function projectOnto(actual: unknown, expected: unknown): unknown {
  if (isPlainObject(expected) && isPlainObject(actual)) {
    return Object.fromEntries(Object.keys(expected).map((key) => [key, projectOnto(actual[key], expected[key])]));
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    return actual.map((item, index) => (index < expected.length ? projectOnto(item, expected[index]) : item));
  }
  return actual;
}
