import type { AuditEvent } from '@b2c-alerts/audit-client';
import { toEngineFact } from './engine-fact.js';
import { compileFactPath } from './fact-path.js';
import { isInheritedKey } from './inherited-key.js';

/** Reads one fact (with its optional path) from an event. */
export type FactGetter = (event: AuditEvent) => unknown;

/**
 * The value json-rules-engine would compare for `fact` + `path` when the event is run as its facts:
 * the event's own field (undefined when absent: facts are allowed to be undefined), then the path,
 * applied only when that field is a non-null object; on anything else the field itself is the result,
 * exactly as json-rules-engine's almanac does.
 */
export function compileFactGetter(fact: unknown, path?: unknown): FactGetter {
  if (typeof fact !== 'string') return () => undefined;
  const engineFact = toEngineFact(fact, typeof path === 'string' ? path : undefined);
  const field = engineFact.fact;
  const readPath = engineFact.path ? compileFactPath(engineFact.path) : undefined;
  // Facts are the event's own fields (json-rules-engine adds each key of the event as a fact).
  const read = isInheritedKey(field)
    ? (event: AuditEvent): unknown =>
        Object.hasOwn(event, field) ? (event as unknown as Record<string, unknown>)[field] : undefined
    : (event: AuditEvent): unknown => (event as unknown as Record<string, unknown>)[field];
  if (readPath === undefined) return read;
  return (event) => {
    const value = read(event);
    return value !== null && typeof value === 'object' ? readPath(value) : value;
  };
}
