import type { DirectoryObjectRef } from './directory-object-ref.js';

/** Only what a name needs; `id` and `appId` let the answer be checked against the question. */
const select = `$select=${encodeURIComponent('id,appId,displayName')}`;

/**
 * The GETs that may name `ref`, in the order they are tried (the next on a 404). An application id is
 * looked up as a service principal first: every application used in the tenant has one, including
 * multi-tenant and Microsoft's own, which have no application registration here; a registration
 * without a service principal is found by the second GET. Expects a GUID (isDirectoryId).
 */
export function directoryObjectUrls(graphBaseUrl: string, ref: DirectoryObjectRef): string[] {
  const base = `${graphBaseUrl.replace(/\/+$/, '')}/v1.0`;
  const id = encodeURIComponent(ref.id);
  switch (ref.kind) {
    case 'appId':
      return [`${base}/servicePrincipals(appId='${id}')?${select}`, `${base}/applications(appId='${id}')?${select}`];
    case 'application':
      return [`${base}/applications/${id}?${select}`];
    case 'servicePrincipal':
      return [`${base}/servicePrincipals/${id}?${select}`];
    case 'anyAppObject':
      return [
        `${base}/servicePrincipals(appId='${id}')?${select}`,
        `${base}/applications/${id}?${select}`,
        `${base}/servicePrincipals/${id}?${select}`,
        `${base}/applications(appId='${id}')?${select}`,
      ];
  }
}
