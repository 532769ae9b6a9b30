import { AuditClientError } from '../errors/audit-client-error.js';

/** What the translator may mention, plus the secrets it must scrub from anything it quotes. */
export interface MsalErrorContext {
  tenantId: string;
  clientId: string;
  tokenEndpoint: string;
  credential: 'client secret' | 'certificate';
  /** Values that must never appear in the message (client secret, private key PEM). */
  secrets: readonly string[];
}

interface MsalLikeError {
  name?: string;
  errorCode?: string;
  errorMessage?: string;
  subError?: string;
  status?: number;
  message?: string;
}

const privateKeyPemPattern = /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|$)/g;

/** Quotes at most one line of the identity platform's text, with secrets scrubbed. */
function quote(text: string | undefined, secrets: readonly string[]): string {
  let line = (text ?? '').split(/\r?\n/)[0]?.trim() ?? '';
  for (const secret of secrets) if (secret) line = line.split(secret).join('[redacted]');
  line = line.replace(privateKeyPemPattern, '[redacted]');
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}

/** What to check for the AADSTS codes a daemon app meets most (Entra error code reference). */
function adviceFor(aadsts: string | undefined, errorCode: string, c: MsalErrorContext): string {
  const app = `app ${c.clientId} in tenant ${c.tenantId}`;
  switch (aadsts) {
    case 'AADSTS7000215':
      return `The client secret was rejected: use the secret's Value (not its Secret ID) from ${app} → Certificates & secrets.`;
    case 'AADSTS7000222':
      return `The client secret of ${app} has expired: create a new one under Certificates & secrets and configure it.`;
    case 'AADSTS700027':
    case 'AADSTS700024':
    case 'AADSTS700023':
      return `The certificate assertion was rejected: upload this certificate (public part) to ${app} → Certificates & secrets, check it has not expired, and that the private key matches it.`;
    case 'AADSTS700016':
      return `Application ${c.clientId} was not found in tenant ${c.tenantId}: check the client ID, and that the app is registered in the B2C tenant itself (switch directory in the Entra admin center).`;
    case 'AADSTS90002':
    case 'AADSTS90023':
      return `Tenant ${c.tenantId} was not found: check the tenant ID or domain (e.g. contosob2c.onmicrosoft.com) and the cloud (public, usgov, usgov-dod, china).`;
    case 'AADSTS500011':
      return `The Graph resource was not found in tenant ${c.tenantId}: check graphBaseUrl matches the tenant's cloud.`;
    case 'AADSTS7000112':
      return `${app} is disabled: enable it, or its service principal, in the Entra admin center.`;
    default:
      break;
  }
  switch (errorCode) {
    case 'invalid_client':
      return `The ${c.credential} of ${app} was rejected: check it is current and belongs to this app.`;
    case 'unauthorized_client':
      return `${app} may not use the client-credentials flow: check the app registration exists in the B2C tenant and is enabled.`;
    case 'network_error':
    case 'no_network_connectivity':
      return `Could not reach the token endpoint ${c.tokenEndpoint}: check network access, proxy settings and authorityHost/cloud.`;
    case 'endpoints_resolution_error':
    case 'untrusted_authority':
    case 'openid_config_error':
    case 'invalid_authority_metadata':
      return `Could not resolve the authority for tenant ${c.tenantId}: check authorityHost and cloud.`;
    case 'token_endpoint_redirect':
    case 'token_response_too_large':
      return `Check authorityHost and cloud: the identity platform answers token requests itself.`;
    case 'authority_uri_insecure':
      return 'The authority must use https: check authorityHost.';
    case 'temporarily_unavailable':
    case '':
      return `The token endpoint ${c.tokenEndpoint} is throttling or unavailable: retry in a minute.`;
    default:
      return `Check the tenant, client ID, ${c.credential} and cloud.`;
  }
}

/** OAuth and MSAL error codes that describe the request, the app or its credential: asking again cannot help. */
const permanentErrorCodes = new Set([
  'invalid_client',
  'unauthorized_client',
  'invalid_request',
  'invalid_grant',
  'invalid_scope',
  'unsupported_grant_type',
]);
/** Codes that say the identity platform or the path to it failed for now (RFC 6749 §5.2; MSAL's network errors). */
const transientErrorCodes = new Set([
  'temporarily_unavailable',
  'server_error',
  'network_error',
  'no_network_connectivity',
]);

/**
 * Whether asking again later may succeed: a 408, 429 or 5xx from the token endpoint, a network
 * failure, or MSAL's replay of a 429/5xx it remembers (a ServerError without a status whose code is
 * empty or the AADSTS numbers). An OAuth error naming the app or its credential is permanent.
 */
function isTransient(e: MsalLikeError, errorCode: string): boolean {
  if (permanentErrorCodes.has(errorCode)) return false;
  if (transientErrorCodes.has(errorCode)) return true;
  if (typeof e.status === 'number') return e.status === 408 || e.status === 429 || e.status >= 500;
  return e.name === 'ServerError' && /^(?:\d+(?: \d+)*)?$/.test(errorCode);
}

/**
 * Turns whatever MSAL threw into AC_ERR_TOKEN with a message that says what to check, marked
 * `transient` when a retry may succeed. The one place MSAL errors are interpreted. The secret never
 * appears: quoted server text is scrubbed.
 */
export function translateMsalError(error: unknown, context: MsalErrorContext): AuditClientError {
  if (error instanceof AuditClientError) return error;
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as MsalLikeError;
  const errorCode = e.errorCode ?? '';
  const detail = quote(e.errorMessage ?? e.message, context.secrets);
  const aadsts = /\bAADSTS\d+\b/.exec(detail)?.[0];
  const status = typeof e.status === 'number' && e.status >= 429 ? ` (HTTP ${e.status})` : '';
  const transient = isTransient(e, errorCode);
  const throttled = transient && errorCode !== 'network_error' && errorCode !== 'no_network_connectivity';
  const advice = adviceFor(aadsts, throttled ? 'temporarily_unavailable' : errorCode, context);
  const what = [errorCode, detail].filter(Boolean).join(': ');
  return new AuditClientError(
    'AC_ERR_TOKEN',
    `Could not get a Microsoft Graph token for app ${context.clientId} in tenant ${context.tenantId} with a ${context.credential}${status}. ${advice}${what ? ` (${what})` : ''}`,
    { cause: error, transient },
  );
}
