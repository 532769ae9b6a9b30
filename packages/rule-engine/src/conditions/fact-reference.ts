/** A condition `value` that names another fact: `{ fact, path? }` compares against that fact's value. */
export interface FactReference {
  fact: unknown;
  path?: unknown;
  params?: unknown;
}

/** json-rules-engine's test (almanac.getValue): any non-null object with an own `fact` property. */
export function isFactReference(value: unknown): value is FactReference {
  return value !== null && typeof value === 'object' && Object.hasOwn(value, 'fact');
}
