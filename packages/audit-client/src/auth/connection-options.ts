import { X509Certificate, createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import { cloudNames, type CloudName } from './clouds.js';
import { AuditClientError } from '../errors/audit-client-error.js';
import { isInsecureUrlIssue, secureBaseUrlSchema } from '../support/secure-base-url.js';

/** How to reach one B2C tenant: which app, which credential, which cloud. */
export interface ConnectionOptions {
  /** The B2C tenant id (GUID) or its domain, e.g. `contosob2c.onmicrosoft.com`. Never `common`. */
  tenantId: string;
  /** Application (client) ID of the app registered in the B2C tenant. */
  clientId: string;
  /** Either a client secret ... */
  clientSecret?: string;
  /** ... or a certificate: RSA private key and certificate, both PEM. Preferred over secrets. */
  certificate?: { privateKeyPem: string; certificatePem: string };
  /** Default `public`. */
  cloud?: CloudName;
  /** Overrides the cloud's login host. https, or http on loopback only (emulators). */
  authorityHost?: string;
  /** Overrides the cloud's Graph root. https, or http on loopback only (emulators). */
  graphBaseUrl?: string;
}

const guidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const domainPattern = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

/** Checks the PEMs without ever echoing them: messages name the field, not its content. */
const certificateSchema = z
  .object({ privateKeyPem: z.string().min(1, 'is empty'), certificatePem: z.string().min(1, 'is empty') })
  .superRefine((value, ctx) => {
    let certificate: X509Certificate | undefined;
    try {
      certificate = new X509Certificate(value.certificatePem);
    } catch {
      ctx.addIssue({
        code: 'custom',
        path: ['certificatePem'],
        message: 'is not a PEM certificate (expected -----BEGIN CERTIFICATE-----)',
      });
    }
    let key: ReturnType<typeof createPrivateKey> | undefined;
    try {
      key = createPrivateKey(value.privateKeyPem);
    } catch {
      ctx.addIssue({
        code: 'custom',
        path: ['privateKeyPem'],
        message:
          'is not an unencrypted PEM private key (expected -----BEGIN PRIVATE KEY----- or -----BEGIN RSA PRIVATE KEY-----; decrypt it first)',
      });
    }
    if (key && key.asymmetricKeyType !== 'rsa') {
      ctx.addIssue({
        code: 'custom',
        path: ['privateKeyPem'],
        message: 'must be an RSA key (Entra ID accepts RSA certificates for app credentials)',
      });
    } else if (key && certificate && !certificate.checkPrivateKey(key)) {
      ctx.addIssue({
        code: 'custom',
        path: ['privateKeyPem'],
        message: 'does not belong to certificate.certificatePem; pass the key the certificate was issued for',
      });
    }
  });

/**
 * Validates ConnectionOptions. Every problem is reported at once, each with its field name; secret
 * values are never echoed. http URLs are refused unless the host is loopback.
 */
export const connectionOptionsSchema: z.ZodType<ConnectionOptions> = z
  .object({
    tenantId: z
      .string()
      .trim()
      .refine((v) => guidPattern.test(v) || domainPattern.test(v), {
        message:
          'must be the B2C tenant ID (a GUID) or its domain such as contosob2c.onmicrosoft.com (not common/organizations, not b2clogin.com)',
      })
      .refine((v) => !/\.b2clogin\.com$/i.test(v), {
        message: 'must not be a b2clogin.com host; use the tenant domain such as contosob2c.onmicrosoft.com',
      }),
    clientId: z
      .string()
      .trim()
      .regex(guidPattern, 'must be the Application (client) ID, a GUID shown on the app registration'),
    clientSecret: z.string().min(1, 'is empty').optional(),
    certificate: certificateSchema.optional(),
    cloud: z.enum(cloudNames as [CloudName, ...CloudName[]]).optional(),
    authorityHost: secureBaseUrlSchema('https://login.microsoftonline.us').optional(),
    graphBaseUrl: secureBaseUrlSchema('https://graph.microsoft.us').optional(),
  })
  .superRefine(
    (value, ctx) => {
      // Runs even when fields failed, so the credential problem is reported with the others.
      const input = (value ?? {}) as { clientSecret?: unknown; certificate?: unknown };
      const hasSecret = input.clientSecret !== undefined;
      const hasCertificate = input.certificate !== undefined;
      if (!hasSecret && !hasCertificate) {
        ctx.addIssue({
          code: 'custom',
          path: ['clientSecret'],
          message: 'is missing; give a client secret or a certificate',
        });
      } else if (hasSecret && hasCertificate) {
        ctx.addIssue({
          code: 'custom',
          path: ['certificate'],
          message: 'and clientSecret are both set; give one credential only',
        });
      }
    },
    { when: (payload) => typeof payload.value === 'object' && payload.value !== null },
  );

/**
 * Parses options at the boundary. Throws AuditClientError: AC_ERR_URL_INSECURE when a URL uses http
 * to a non-loopback host (the other problems are listed too), else AC_ERR_OPTIONS_INVALID.
 */
export function parseConnectionOptions(input: unknown): ConnectionOptions {
  const result = connectionOptionsSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const field = issue.path.length ? issue.path.map(String).join('.') : 'options';
    // Our own messages read as a sentence after the field name; zod's stand alone.
    return issue.code === 'custom' ? `${field} ${issue.message}` : `${field}: ${issue.message}`;
  });
  const code = result.error.issues.some(isInsecureUrlIssue) ? 'AC_ERR_URL_INSECURE' : 'AC_ERR_OPTIONS_INVALID';
  // No `cause`: the ZodError carries the input object, secrets included.
  throw new AuditClientError(code, `Invalid Graph connection options: ${problems.join('; ')}.`);
}
