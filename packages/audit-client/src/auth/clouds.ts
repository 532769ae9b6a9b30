/** The Microsoft clouds that serve List directoryAudits (Graph docs, concepts/deployments.md). */
export type CloudName = 'public' | 'usgov' | 'usgov-dod' | 'china';

/**
 * Token host and Graph root per cloud. Tokens are not interchangeable between clouds, so the two
 * always travel as a pair. US Gov L4 and L5 (DoD) share the login host but not the Graph root.
 */
export const clouds: Readonly<Record<CloudName, { readonly authorityHost: string; readonly graphBaseUrl: string }>> =
  Object.freeze({
    public: { authorityHost: 'https://login.microsoftonline.com', graphBaseUrl: 'https://graph.microsoft.com' },
    usgov: { authorityHost: 'https://login.microsoftonline.us', graphBaseUrl: 'https://graph.microsoft.us' },
    'usgov-dod': { authorityHost: 'https://login.microsoftonline.us', graphBaseUrl: 'https://dod-graph.microsoft.us' },
    china: { authorityHost: 'https://login.chinacloudapi.cn', graphBaseUrl: 'https://microsoftgraph.chinacloudapi.cn' },
  });

export const cloudNames = Object.keys(clouds) as CloudName[];
