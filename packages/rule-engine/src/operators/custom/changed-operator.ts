import { deepEqual } from './deep-equal.js';
import type { OperatorDefinition } from '../operator-definition.js';

/**
 * `changed`: some modified property named `value` (exact, case-sensitive; or any of a list of names)
 * has `old` and `new` that differ by deep equality. The fact may be `targets` (every target's
 * `modified` list is searched), one target, or a modified-property list itself (`targets` + path
 * `$[0].modified`). Anything else is false.
 */
export const changedOperator: OperatorDefinition = {
  evaluate: (factValue, value) => changed(factValue, namesOf(value)),
  prepare: (value) => {
    const names = namesOf(value);
    return (factValue) => changed(factValue, names);
  },
};

function namesOf(value: unknown): ReadonlySet<string> {
  if (typeof value === 'string') return new Set([value]);
  if (Array.isArray(value)) return new Set(value.filter((item): item is string => typeof item === 'string'));
  return new Set();
}

function changed(factValue: unknown, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  const items = Array.isArray(factValue) ? factValue : [factValue];
  for (const item of items) {
    if (item === null || typeof item !== 'object') continue;
    const modified = (item as { modified?: unknown }).modified;
    if (Array.isArray(modified)) {
      if (modified.some((property) => isChange(property, names))) return true;
    } else if (isChange(item, names)) {
      return true;
    }
  }
  return false;
}

function isChange(property: unknown, names: ReadonlySet<string>): boolean {
  if (property === null || typeof property !== 'object') return false;
  const { name, old, new: current } = property as { name?: unknown; old?: unknown; new?: unknown };
  return typeof name === 'string' && names.has(name) && !deepEqual(old, current);
}
