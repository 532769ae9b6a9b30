import { clouds, type CloudName } from './clouds.js';
import type { ConnectionOptions } from './connection-options.js';

/** Where tokens and audit events come from, derived once from validated ConnectionOptions. */
export interface ResolvedEndpoints {
  /** https authority handed to MSAL: `{authorityHost}/{tenantId}`. */
  authority: string;
  /** Where the token POST goes: `{authorityHost}/{tenantId}/oauth2/v2.0/token`. */
  tokenEndpoint: string;
  /** Set for loopback emulators: MSAL refuses http authorities but not an http token_endpoint here. */
  authorityMetadata?: string;
  /** Set for https hosts MSAL has no built-in metadata for, so it trusts them without instance discovery. */
  knownAuthorities?: string[];
  /** Graph root without trailing slash, e.g. `https://graph.microsoft.com`. */
  graphBaseUrl: string;
  /** `{graphBaseUrl}/.default`: the app permissions granted on that Graph. */
  scope: string;
}

/** Login hosts MSAL ships cloud metadata for (msal-common AuthorityMetadata.ts). */
const msalKnownHosts = new Set([
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
]);

/** The placeholder authority used for loopback emulators; it is never contacted. */
const loopbackAuthorityHost = 'https://login.microsoftonline.com';

/**
 * The cloud whose login host `authorityHost` is, so that setting only AZURE_AUTHORITY_HOST (the Azure SDK
 * way) also picks that cloud's Graph; a token for one cloud's Graph is refused by another's. US Gov login
 * serves both GCC High and DoD: the first (GCC High) is assumed; AZURE_CLOUD=usgov-dod picks DoD.
 */
function cloudOfAuthorityHost(authorityHost: string | undefined): CloudName | undefined {
  if (authorityHost === undefined) return undefined;
  const host = new URL(authorityHost).hostname;
  return (Object.keys(clouds) as CloudName[]).find((name) => new URL(clouds[name].authorityHost).hostname === host);
}

/** Resolves cloud defaults and overrides; expects options already checked by connectionOptionsSchema. */
export function resolveEndpoints(options: ConnectionOptions): ResolvedEndpoints {
  const cloud = clouds[options.cloud ?? cloudOfAuthorityHost(options.authorityHost) ?? 'public'];
  const authorityHost = new URL(options.authorityHost ?? cloud.authorityHost);
  const graphBaseUrl = new URL(options.graphBaseUrl ?? cloud.graphBaseUrl).origin;
  const tenant = encodeURIComponent(options.tenantId.trim());
  const tokenEndpoint = `${authorityHost.origin}/${tenant}/oauth2/v2.0/token`;
  const scope = `${graphBaseUrl}/.default`;

  if (authorityHost.protocol === 'http:') {
    const authority = `${loopbackAuthorityHost}/${tenant}`;
    const authorityMetadata = JSON.stringify({
      token_endpoint: tokenEndpoint,
      issuer: `${authority}/v2.0`,
      authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
      jwks_uri: `${authority}/discovery/v2.0/keys`,
      end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
    });
    return { authority, tokenEndpoint, authorityMetadata, graphBaseUrl, scope };
  }
  const authority = `${authorityHost.origin}/${tenant}`;
  if (msalKnownHosts.has(authorityHost.hostname)) return { authority, tokenEndpoint, graphBaseUrl, scope };
  return { authority, tokenEndpoint, knownAuthorities: [authorityHost.host], graphBaseUrl, scope };
}
