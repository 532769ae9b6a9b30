import { X509Certificate, createHash, createPrivateKey } from 'node:crypto';
import { ConfidentialClientApplication, LogLevel, type Configuration } from '@azure/msal-node';
import { abortable } from '../support/abortable.js';
import { parseConnectionOptions, type ConnectionOptions } from './connection-options.js';
import { AuditClientError } from '../errors/audit-client-error.js';
import { silentLogger, type Logger } from '../support/logger.js';
import { translateMsalError, type MsalErrorContext } from './msal-error.js';
import { resolveEndpoints } from './resolve-endpoints.js';
import { TokenNetworkClient } from './token-network-client.js';

/** App-only bearer tokens for Microsoft Graph. */
export interface TokenProvider {
  /**
   * A valid access token, from cache while it has more than 5 minutes left (MSAL's renewal offset).
   * `forceRefresh` skips the cache, for one retry after Graph answered 401.
   */
  getToken(signal?: AbortSignal, options?: { forceRefresh?: boolean }): Promise<string>;
}

/** SHA-256 over the certificate's DER, hex: what Entra shows as the thumbprint and MSAL puts in x5t#S256. */
function thumbprintSha256(certificatePem: string): string {
  return createHash('sha256').update(new X509Certificate(certificatePem).raw).digest('hex');
}

/**
 * One MSAL ConfidentialClientApplication for the life of the provider, so its in-memory cache serves
 * every request of a tenant; keep one provider per tenant. Concurrent callers share one token request.
 * Throws AC_ERR_OPTIONS_INVALID / AC_ERR_URL_INSECURE for bad options; getToken throws AC_ERR_TOKEN,
 * marked `transient` for throttling, 5xx and network failures (retry those with backoff).
 */
export function createTokenProvider(options: ConnectionOptions, deps: { logger?: Logger } = {}): TokenProvider {
  const logger = deps.logger ?? silentLogger;
  const connection = parseConnectionOptions(options);
  const endpoints = resolveEndpoints(connection);
  const context: MsalErrorContext = {
    tenantId: connection.tenantId,
    clientId: connection.clientId,
    tokenEndpoint: endpoints.tokenEndpoint,
    credential: connection.certificate ? 'certificate' : 'client secret',
    secrets: [connection.clientSecret, connection.certificate?.privateKeyPem].filter((s): s is string => !!s),
  };

  const credential: Pick<
    NonNullable<Configuration['auth']>,
    'clientSecret' | 'clientCertificate'
  > = connection.certificate
    ? {
        clientCertificate: {
          thumbprintSha256: thumbprintSha256(connection.certificate.certificatePem),
          // MSAL signs with PS256 from a PKCS#8 PEM; normalise PKCS#1 ("RSA PRIVATE KEY") input.
          privateKey: createPrivateKey(connection.certificate.privateKeyPem)
            .export({ type: 'pkcs8', format: 'pem' })
            .toString(),
        },
      }
    : { clientSecret: connection.clientSecret ?? '' };

  let application: ConfidentialClientApplication;
  try {
    application = new ConfidentialClientApplication({
      auth: {
        clientId: connection.clientId,
        authority: endpoints.authority,
        ...credential,
        ...(endpoints.authorityMetadata ? { authorityMetadata: endpoints.authorityMetadata } : {}),
        ...(endpoints.knownAuthorities ? { knownAuthorities: endpoints.knownAuthorities } : {}),
      },
      system: {
        networkClient: new TokenNetworkClient(),
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Warning,
          loggerCallback: (_level, message, containsPii) => {
            if (!containsPii) logger.debug({ msal: message }, 'msal');
          },
        },
      },
    });
  } catch (error) {
    throw translateMsalError(error, context);
  }

  const scopes = [endpoints.scope];
  let shared: Promise<string> | undefined;

  async function acquire(forceRefresh: boolean): Promise<string> {
    try {
      const result = await application.acquireTokenByClientCredential({ scopes, skipCache: forceRefresh });
      if (!result?.accessToken) {
        throw new AuditClientError(
          'AC_ERR_TOKEN',
          `The token endpoint ${endpoints.tokenEndpoint} returned no access token; check authorityHost and cloud.`,
        );
      }
      logger.debug({ fromCache: result.fromCache, expiresOn: result.expiresOn?.toISOString() }, 'graph token acquired');
      return result.accessToken;
    } catch (error) {
      const translated = translateMsalError(error, context);
      // MSAL remembers a 429/5xx and fails every call for its Retry-After, or 60 s of wall-clock time,
      // without asking again. The caller's retry already backs off under the tenant's budget (on its
      // own clock), so forget it; the cache holds no usable token at this point anyway.
      if (translated.transient) application.clearCache();
      throw translated;
    }
  }

  return {
    getToken(signal, requestOptions) {
      if (requestOptions?.forceRefresh) return abortable(acquire(true), signal);
      const pending =
        shared ??
        (shared = acquire(false).finally(() => {
          if (shared === pending) shared = undefined;
        }));
      return abortable(pending, signal).catch((error: unknown) => {
        // A caller that gave up (timeout, shutdown) must not leave the next one waiting on a hung request.
        if (signal?.aborted && shared === pending) shared = undefined;
        throw error;
      });
    },
  };
}
