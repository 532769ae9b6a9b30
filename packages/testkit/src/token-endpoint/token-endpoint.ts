import { randomBytes, randomUUID } from 'node:crypto';
import { verifyClientAssertion, type RegisteredCertificate } from './client-assertion.js';

export interface TokenEndpointOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  certificate?: RegisteredCertificate;
  tokenLifetimeSeconds: number;
  /** Wall clock for token lifetimes: MSAL caches tokens by the real clock, so ours must agree. */
  wallClock?: () => number;
}

export interface TokenResponse {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** Transient token endpoint failures the emulator can inject (GraphEmulator.injectTokenFaults). */
export type TokenFaultKind = '500' | '429' | 'network-reset' | 'hang';

export const tokenFaultKinds: readonly TokenFaultKind[] = ['500', '429', 'network-reset', 'hang'];

export function checkTokenFaultKind(kind: TokenFaultKind): void {
  if (!tokenFaultKinds.includes(kind))
    throw new TypeError(`Unknown token fault kind '${String(kind)}'; use one of ${tokenFaultKinds.join(', ')}`);
}

/** How a Graph request's `Authorization` header fares. */
export type BearerCheck = 'valid' | 'missing' | 'unknown' | 'expired';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/**
 * The Entra ID v2.0 token endpoint, client-credentials grant only, answering with Entra's own
 * error shapes (AADSTS codes). Issues opaque random bearer tokens that the Graph side accepts until
 * they expire. Never echoes a secret or an assertion back.
 */
export class TokenEndpoint {
  private readonly tokens = new Map<string, number>();
  private readonly wallClock: () => number;

  constructor(private readonly options: TokenEndpointOptions) {
    this.wallClock = options.wallClock ?? Date.now;
  }

  handle(tenantInPath: string, form: URLSearchParams): TokenResponse {
    const o = this.options;
    if (tenantInPath.toLowerCase() !== o.tenantId.toLowerCase()) {
      return this.error(
        400,
        'invalid_request',
        90002,
        `AADSTS90002: Tenant '${tenantInPath}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    }
    const grantType = form.get('grant_type');
    if (!grantType)
      return this.error(
        400,
        'invalid_request',
        900144,
        "AADSTS900144: The request body must contain the following parameter: 'grant_type'.",
      );
    if (grantType !== 'client_credentials') {
      return this.error(
        400,
        'unsupported_grant_type',
        70003,
        `AADSTS70003: The app requested an unsupported grant type '${grantType}'.`,
      );
    }
    const clientId = form.get('client_id');
    if (!clientId)
      return this.error(
        400,
        'invalid_request',
        900144,
        "AADSTS900144: The request body must contain the following parameter: 'client_id'.",
      );
    if (clientId.toLowerCase() !== o.clientId.toLowerCase()) {
      return this.error(
        400,
        'unauthorized_client',
        700016,
        `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${o.tenantId}'.`,
      );
    }
    const scope = form.get('scope');
    if (!scope)
      return this.error(
        400,
        'invalid_request',
        900144,
        "AADSTS900144: The request body must contain the following parameter: 'scope'.",
      );
    if (!scope.split(' ').some((s) => s.endsWith('/.default'))) {
      return this.error(
        400,
        'invalid_scope',
        1002012,
        `AADSTS1002012: The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }

    const assertion = form.get('client_assertion');
    const secret = form.get('client_secret');
    if (assertion !== null) {
      if (form.get('client_assertion_type') !== JWT_BEARER) {
        return this.error(
          400,
          'invalid_request',
          50027,
          `AADSTS50027: JWT token is invalid or malformed. 'client_assertion_type' must be '${JWT_BEARER}'.`,
        );
      }
      const rejection = verifyClientAssertion(assertion, {
        certificate: o.certificate,
        clientId: o.clientId,
        tenantId: o.tenantId,
        nowSeconds: Math.floor(this.wallClock() / 1000),
      });
      if (rejection) return this.error(401, 'invalid_client', rejection.code, rejection.description);
    } else if (secret !== null) {
      if (secret !== o.clientSecret) {
        return this.error(
          401,
          'invalid_client',
          7000215,
          `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${o.clientId}'.`,
        );
      }
    } else {
      return this.error(
        401,
        'invalid_client',
        7000218,
        "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }

    const accessToken = `emu.${randomBytes(32).toString('base64url')}`;
    this.tokens.set(accessToken, this.wallClock() + o.tokenLifetimeSeconds * 1000);
    return {
      status: 200,
      body: JSON.stringify({
        token_type: 'Bearer',
        expires_in: o.tokenLifetimeSeconds,
        ext_expires_in: o.tokenLifetimeSeconds,
        access_token: accessToken,
      }),
    };
  }

  /** Entra's answers when it is overloaded (429, with Retry-After) or failing (500): the OAuth transient errors. */
  transientError(kind: '500' | '429'): TokenResponse {
    const answer =
      kind === '429'
        ? this.error(
            429,
            'temporarily_unavailable',
            90033,
            'AADSTS90033: A transient error has occurred. Please try again.',
          )
        : this.error(
            500,
            'server_error',
            50000,
            'AADSTS50000: There was an error issuing a token or an issue with our sign-in service.',
          );
    return kind === '429' ? { ...answer, headers: { 'retry-after': '1' } } : answer;
  }

  check(authorization: string | undefined): BearerCheck {
    const m = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization) : null;
    if (!m) return 'missing';
    const expiresAt = this.tokens.get(m[1]!);
    if (expiresAt === undefined) return 'unknown';
    return this.wallClock() < expiresAt ? 'valid' : 'expired';
  }

  private error(status: number, error: string, code: number, message: string): TokenResponse {
    const traceId = randomUUID();
    const correlationId = randomUUID();
    const timestamp = new Date(this.wallClock())
      .toISOString()
      .replace('T', ' ')
      .replace(/\.\d+Z$/, 'Z');
    return {
      status,
      body: JSON.stringify({
        error,
        error_description: `${message}\r\nTrace ID: ${traceId}\r\nCorrelation ID: ${correlationId}\r\nTimestamp: ${timestamp}`,
        error_codes: [code],
        timestamp,
        trace_id: traceId,
        correlation_id: correlationId,
        error_uri: `https://login.microsoftonline.com/error?code=${code}`,
      }),
    };
  }
}
