/**
 * What a directory id names, which decides where Graph is asked: an application (client) id, the
 * object id of an application registration, the object id of a service principal, or an id that may be
 * any of the three (`anyAppObject`: asked in each form until one answers).
 */
export type DirectoryObjectKind = 'appId' | 'application' | 'servicePrincipal' | 'anyAppObject';

/** An id read from an event, to be named. */
export interface DirectoryObjectRef {
  kind: DirectoryObjectKind;
  /** As the event wrote it; looked up (and cached) case-insensitively. */
  id: string;
}

const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Only GUIDs are looked up: directory ids are GUIDs, and anything else from an event (`N/A`, a name, a
 * crafted path) must never reach a Graph URL or the cache.
 */
export function isDirectoryId(value: unknown): value is string {
  return typeof value === 'string' && guid.test(value);
}

/** The cache and single-flight key of a ref. */
export function refKey(ref: DirectoryObjectRef): string {
  return `${ref.kind}:${ref.id.toLowerCase()}`;
}
