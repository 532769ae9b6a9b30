/** An application registration or a service principal, as the emulator stores it. */
export interface DirectoryObjectFixture {
  /** The object id. */
  id: string;
  /** The application (client) id. */
  appId: string;
  /** null or absent: an object Graph returns without a name. */
  displayName?: string | null;
}

export type DirectoryCollection = 'applications' | 'servicePrincipals';

/** `/v1.0/applications/{id}`, `/v1.0/servicePrincipals(appId='{appId}')` and the like, parsed. */
export interface DirectoryPath {
  version: string;
  collection: DirectoryCollection;
  by: 'id' | 'appId';
  key: string;
}

const byId = /^\/(v1\.0|beta)\/(applications|servicePrincipals)\/([^/()]+)\/?$/;
const byAppId = /^\/(v1\.0|beta)\/(applications|servicePrincipals)\(appId='([^']*)'\)\/?$/;
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The directory object a GET path names, or undefined when it names none the emulator serves. */
export function parseDirectoryPath(pathname: string): DirectoryPath | undefined {
  let path: string;
  try {
    path = decodeURIComponent(pathname); // `'` arrives as is or as %27
  } catch {
    return undefined;
  }
  const id = byId.exec(path);
  if (id) return { version: id[1]!, collection: id[2] as DirectoryCollection, by: 'id', key: id[3]! };
  const app = byAppId.exec(path);
  if (app) return { version: app[1]!, collection: app[2] as DirectoryCollection, by: 'appId', key: app[3]! };
  return undefined;
}

export function isGuid(value: string): boolean {
  return guid.test(value);
}

/** Applications and service principals by object id and by appId, compared case-insensitively as Graph does. */
export class DirectoryObjectStore {
  private readonly objects: Record<DirectoryCollection, DirectoryObjectFixture[]> = {
    applications: [],
    servicePrincipals: [],
  };

  add(collection: DirectoryCollection, objects: Iterable<DirectoryObjectFixture>): void {
    for (const object of objects) {
      const list = this.objects[collection];
      const at = list.findIndex((o) => o.id.toLowerCase() === object.id.toLowerCase());
      if (at >= 0) list[at] = { ...object };
      else list.push({ ...object });
    }
  }

  find(path: DirectoryPath): DirectoryObjectFixture | undefined {
    const key = path.key.toLowerCase();
    return this.objects[path.collection].find((o) => (path.by === 'id' ? o.id : o.appId).toLowerCase() === key);
  }
}

/** The object with only the `$select`ed properties (all three when none is named). */
export function selected(object: DirectoryObjectFixture, select: string | null): Record<string, unknown> {
  const all: Record<string, unknown> = { id: object.id, appId: object.appId, displayName: object.displayName ?? null };
  if (select === null || select.trim() === '') return all;
  const names = select.split(',').map((s) => s.trim());
  return Object.fromEntries(Object.entries(all).filter(([name]) => names.includes(name)));
}
