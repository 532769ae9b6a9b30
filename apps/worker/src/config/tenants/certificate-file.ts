import { readFileSync } from 'node:fs';

export type CertificateRead = { certificate: { privateKeyPem: string; certificatePem: string } } | { problem: string };

const pemBlock = (label: string) => new RegExp(`-----BEGIN ${label}-----[\\s\\S]+?-----END ${label}-----`);

/**
 * Reads the PEM file of the Azure SDK convention (private key and certificate, in any order). Sync: it
 * runs once at start, before anything connects. Problems name the file, never its content.
 */
export function readCertificateFile(path: string): CertificateRead {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EACCES'
          ? 'is not readable by this user'
          : `cannot be read (${code ?? 'error'})`;
    return {
      problem: `points to ${path}, which ${reason}; give a PEM file holding the private key and the certificate`,
    };
  }
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text)) {
    return {
      problem: `points to ${path}, whose private key is encrypted; export it without a passphrase (openssl pkey -in key.pem -out plain.pem)`,
    };
  }
  const key = pemBlock('(?:RSA |EC )?PRIVATE KEY').exec(text);
  const certificatePem = pemBlock('CERTIFICATE').exec(text);
  if (!key || !certificatePem) {
    const missing = [
      key ? undefined : 'a private key (-----BEGIN PRIVATE KEY-----)',
      certificatePem ? undefined : 'a certificate (-----BEGIN CERTIFICATE-----)',
    ];
    return {
      problem: `points to ${path}, which lacks ${missing.filter(Boolean).join(' and ')}; put the private key and the certificate in one PEM file`,
    };
  }
  return { certificate: { privateKeyPem: `${key[0]}\n`, certificatePem: `${certificatePem[0]}\n` } };
}
