import type { DirectoryObjectRef } from './directory-object-ref.js';

/** Only what a name needs; `id` and `appId` let the answer be checked against the question. */
const select = `$select=${encodeURIComponent('id,appId,displayName')}`;

/** Where an object is read: Graph grants (and refuses) each collection on its own. */
export type DirectoryCollection = 'applications' | 'servicePrincipals';

/** One GET that may name a ref. */
export interface DirectoryObjectGet {
  collection: DirectoryCollection;
  url: string;
}

/**
 * The GETs that may name `ref`, in the order they are tried (the next on a 404). An application id is
 * looked up as a service principal first: every application used in the tenant has one, including
 * multi-tenant and Microsoft's own, which have no application registration here; a registration
 * without a service principal is found by the second GET. Expects a GUID (isDirectoryId).
 */
export function directoryObjectUrls(graphBaseUrl: string, ref: DirectoryObjectRef): DirectoryObjectGet[] {
  const base = `${graphBaseUrl.replace(/\/+$/, '')}/v1.0`;
  const id = encodeURIComponent(ref.id);
  const byAppId = (collection: DirectoryCollection) => ({
    collection,
    url: `${base}/${collection}(appId='${id}')?${select}`,
  });
  const byId = (collection: DirectoryCollection) => ({ collection, url: `${base}/${collection}/${id}?${select}` });
  switch (ref.kind) {
    case 'appId':
      return [byAppId('servicePrincipals'), byAppId('applications')];
    case 'application':
      return [byId('applications')];
    case 'servicePrincipal':
      return [byId('servicePrincipals')];
    case 'anyAppObject':
      return [byAppId('servicePrincipals'), byId('applications'), byId('servicePrincipals'), byAppId('applications')];
  }
}
