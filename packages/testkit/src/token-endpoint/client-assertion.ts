import { constants, createHash, verify, X509Certificate, type KeyObject } from 'node:crypto';

/** The registered certificate a client assertion must be signed with. */
export interface RegisteredCertificate {
  publicKey: KeyObject;
  /** base64url SHA-256 of the certificate DER: what MSAL puts in the `x5t#S256` header. */
  thumbprintSha256: string;
}

/** Reads the first CERTIFICATE block of a PEM (a combined key + certificate file is fine). */
export function registerCertificate(pem: string): RegisteredCertificate {
  const block = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
  if (!block) throw new TypeError('`certificatePem` holds no PEM CERTIFICATE block');
  const cert = new X509Certificate(block[0]);
  return { publicKey: cert.publicKey, thumbprintSha256: createHash('sha256').update(cert.raw).digest('base64url') };
}

export interface AssertionContext {
  certificate: RegisteredCertificate | undefined;
  clientId: string;
  tenantId: string;
  /** Wall-clock seconds: the signer (MSAL) stamps exp/nbf from the real clock. */
  nowSeconds: number;
}

/** An AADSTS error for a client assertion Entra ID would refuse. */
export interface AssertionRejection {
  code: number;
  description: string;
}

const SKEW_SECONDS = 300;

/**
 * Checks a `client_assertion` JWT the way Entra ID does for certificate credentials: RS256 or PS256,
 * `x5t#S256` naming the registered certificate, a signature by its key, iss = sub = client id, an
 * audience of this tenant's token endpoint, and a current validity window.
 */
export function verifyClientAssertion(jwt: string, context: AssertionContext): AssertionRejection | undefined {
  const malformed = { code: 50027, description: 'AADSTS50027: JWT token is invalid or malformed.' };
  const parts = jwt.split('.');
  if (parts.length !== 3) return malformed;
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];
  let header: Record<string, unknown>;
  let payload: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(headerPart, 'base64url').toString('utf8')) as Record<string, unknown>;
    payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return malformed;
  }
  if (typeof header !== 'object' || header === null || typeof payload !== 'object' || payload === null)
    return malformed;

  const alg = header.alg;
  if (alg !== 'RS256' && alg !== 'PS256') {
    return {
      code: 5002738,
      description: `AADSTS5002738: Invalid JWT token. '${String(alg)}' is not a supported signature algorithm. Supported signing algorithms are: 'RS256, PS256'`,
    };
  }
  const cert = context.certificate;
  const thumbprint = header['x5t#S256'];
  if (!cert || typeof thumbprint !== 'string' || thumbprint !== cert.thumbprintSha256) {
    return {
      code: 700027,
      description: `AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '${typeof thumbprint === 'string' ? thumbprint : 'none'}']`,
    };
  }
  const signed = Buffer.from(`${headerPart}.${payloadPart}`);
  const signature = Buffer.from(signaturePart, 'base64url');
  const key =
    alg === 'PS256'
      ? { key: cert.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO }
      : cert.publicKey;
  let valid = false;
  try {
    valid = verify('sha256', signed, key, signature);
  } catch {
    valid = false;
  }
  if (!valid) return { code: 700027, description: 'AADSTS700027: Client assertion failed signature validation.' };

  if (payload.iss !== context.clientId || payload.sub !== context.clientId) {
    return {
      code: 700021,
      description: "AADSTS700021: Client assertion application identifier doesn't match 'client_id' parameter.",
    };
  }
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  const expectedPath = `/${context.tenantId.toLowerCase()}/oauth2/v2.0/token`;
  if (!aud.some((a) => typeof a === 'string' && a.toLowerCase().endsWith(expectedPath))) {
    return {
      code: 50027,
      description: "AADSTS50027: JWT token is invalid or malformed. The audience is not this tenant's token endpoint.",
    };
  }
  const { exp, nbf } = payload;
  if (
    typeof exp !== 'number' ||
    exp + SKEW_SECONDS < context.nowSeconds ||
    (typeof nbf === 'number' && nbf - SKEW_SECONDS > context.nowSeconds)
  ) {
    return { code: 700024, description: 'AADSTS700024: Client assertion is not within its valid time range.' };
  }
  return undefined;
}
