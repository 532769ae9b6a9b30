import type { AuditEvent } from '../events/audit-event.js';
import { isDirectoryId, refKey, type DirectoryObjectKind, type DirectoryObjectRef } from './directory-object-ref.js';

/** A fact of the normalized event that may hold the id of an application or service principal. */
export interface DirectoryIdFact {
  /** A fact path as rules name facts (`actor.spn`, `details.ApplicationId`). */
  fact: string;
  kind: DirectoryObjectKind;
  /** Only when this other fact holds one of these values (compared case-insensitively). */
  when?: { fact: string; in: readonly string[] };
}

/**
 * The facts that carry application and service-principal ids (docs/architecture.md, "The normalized
 * event"). New facts that hold such ids go here, and alerts and replay name them with no other change.
 * Values that are not GUIDs are skipped, so a fact that sometimes holds a name costs nothing.
 */
export const directoryIdFacts: readonly DirectoryIdFact[] = [
  // B2C sign-in and token events: the application the user signs in to, by its client id.
  { fact: 'actor.spn', kind: 'appId' },
  { fact: 'details.ApplicationId', kind: 'appId' },
  // initiatedBy.app.appId: an application (client) id in Graph's schema, but B2C's own page describes the
  // actor of a sign-in as the application's object id; asked in every form (each miss is remembered).
  { fact: 'actor.appId', kind: 'anyAppObject' },
  // An app actor's id is initiatedBy.app.servicePrincipalId.
  { fact: 'actor.id', kind: 'servicePrincipal', when: { fact: 'actor.type', in: ['app'] } },
  // Directory events about an application registration or a service principal.
  { fact: 'target.id', kind: 'application', when: { fact: 'target.type', in: ['Application'] } },
  { fact: 'target.id', kind: 'servicePrincipal', when: { fact: 'target.type', in: ['ServicePrincipal'] } },
];

/** Refs read from one event at most: an event names a handful of objects, and each may cost a request. */
export const maxRefsPerEvent = 8;

/** A dotted fact of the event; own keys only, so `details.constructor` is absent, not Object's. */
function factAt(event: AuditEvent, path: string): unknown {
  let value: unknown = event;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, key))
      return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function applies(event: AuditEvent, when: DirectoryIdFact['when']): boolean {
  if (when === undefined) return true;
  const value = factAt(event, when.fact);
  return typeof value === 'string' && when.in.some((v) => v.toLowerCase() === value.toLowerCase());
}

/**
 * The application and service-principal ids an event names, each once (by kind and id), in the order of
 * `facts`, at most `maxRefsPerEvent`.
 */
export function directoryObjectRefs(
  event: AuditEvent,
  facts: readonly DirectoryIdFact[] = directoryIdFacts,
): DirectoryObjectRef[] {
  const refs: DirectoryObjectRef[] = [];
  const seen = new Set<string>();
  for (const f of facts) {
    if (refs.length >= maxRefsPerEvent) break;
    const value = factAt(event, f.fact);
    if (!isDirectoryId(value) || !applies(event, f.when)) continue;
    const ref = { kind: f.kind, id: value };
    if (seen.has(refKey(ref))) continue;
    seen.add(refKey(ref));
    refs.push(ref);
  }
  return refs;
}
