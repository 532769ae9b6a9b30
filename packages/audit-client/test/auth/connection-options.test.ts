import { describe, expect, it } from 'vitest';
import {
  AuditClientError,
  clouds,
  createTokenProvider,
  isLoopbackHost,
  resolveEndpoints,
  type ConnectionOptions,
} from '../../src/index.js';
import { parseConnectionOptions } from '../../src/auth/connection-options.js';

const tenantId = '11111111-2222-3333-4444-555555555555';
const clientId = 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee';
const clientSecret = 'Zq8~sup3r-s3cret-value_do-not-print';

function caught(fn: () => unknown): AuditClientError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AuditClientError);
    return error as AuditClientError;
  }
  throw new Error('expected a throw');
}

describe('parseConnectionOptions', () => {
  it('accepts a secret, a domain tenant and a national cloud', () => {
    const o = parseConnectionOptions({
      tenantId: 'contosob2c.onmicrosoft.com',
      clientId,
      clientSecret,
      cloud: 'usgov',
    });
    expect(o).toMatchObject({ tenantId: 'contosob2c.onmicrosoft.com', clientId, clientSecret, cloud: 'usgov' });
  });

  it('reports every problem at once, by field, never echoing the secret', () => {
    const error = caught(() =>
      parseConnectionOptions({
        tenantId: 'common',
        clientId: 'my-app',
        clientSecret,
        certificate: { privateKeyPem: clientSecret, certificatePem: 'x' },
        cloud: 'mars',
      }),
    );
    expect(error.code).toBe('AC_ERR_OPTIONS_INVALID');
    for (const field of [
      'tenantId',
      'clientId',
      'certificate.certificatePem',
      'certificate.privateKeyPem',
      'cloud',
      'certificate and clientSecret are both set',
    ])
      expect(error.message).toContain(field);
    expect(error.message).not.toContain(clientSecret);
    expect(error.cause).toBeUndefined();
  });

  it('requires a credential', () => {
    const error = caught(() => parseConnectionOptions({ tenantId, clientId }));
    expect(error.message).toContain('clientSecret is missing; give a client secret or a certificate');
  });

  it('refuses plain http to a non-loopback host, naming the option and saying use https', () => {
    for (const [field, url] of [
      ['authorityHost', 'http://login.microsoftonline.com'],
      ['graphBaseUrl', 'http://graph.example.com:8080'],
      ['graphBaseUrl', 'http://10.0.0.5'],
    ] as const) {
      const error = caught(() => parseConnectionOptions({ tenantId, clientId, clientSecret, [field]: url }));
      expect(error.code).toBe('AC_ERR_URL_INSECURE');
      expect(error.message).toContain(field);
      expect(error.message).toContain('use https');
      expect(error.message).not.toContain(clientSecret);
    }
    expect(
      caught(() => createTokenProvider({ tenantId, clientId, clientSecret, graphBaseUrl: 'http://graph.example.com' }))
        .code,
    ).toBe('AC_ERR_URL_INSECURE');
  });

  it('accepts http on loopback hosts only', () => {
    for (const host of ['http://127.0.0.1:8080', 'http://127.9.9.9', 'http://localhost:3000', 'http://[::1]:4000'])
      expect(() =>
        parseConnectionOptions({ tenantId, clientId, clientSecret, authorityHost: host, graphBaseUrl: host }),
      ).not.toThrow();
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
    expect(isLoopbackHost('localhost.evil.com')).toBe(false);
    expect(isLoopbackHost('[::1]')).toBe(true);
  });

  it('refuses URLs with a path or credentials', () => {
    const error = caught(() =>
      parseConnectionOptions({ tenantId, clientId, clientSecret, graphBaseUrl: 'https://graph.microsoft.com/v1.0' }),
    );
    expect(error.message).toContain('graphBaseUrl must be a scheme and host only');
  });
});

describe('resolveEndpoints', () => {
  const base: ConnectionOptions = { tenantId, clientId, clientSecret };

  it.each([
    ['public', 'https://login.microsoftonline.com', 'https://graph.microsoft.com'],
    ['usgov', 'https://login.microsoftonline.us', 'https://graph.microsoft.us'],
    ['usgov-dod', 'https://login.microsoftonline.us', 'https://dod-graph.microsoft.us'],
    ['china', 'https://login.chinacloudapi.cn', 'https://microsoftgraph.chinacloudapi.cn'],
  ] as const)('pairs the %s cloud hosts', (cloud, login, graph) => {
    expect(clouds[cloud]).toEqual({ authorityHost: login, graphBaseUrl: graph });
    const e = resolveEndpoints({ ...base, cloud });
    expect(e).toEqual({
      authority: `${login}/${tenantId}`,
      tokenEndpoint: `${login}/${tenantId}/oauth2/v2.0/token`,
      graphBaseUrl: graph,
      scope: `${graph}/.default`,
    });
  });

  it('gives MSAL an https authority with http token metadata for a loopback emulator', () => {
    const e = resolveEndpoints({
      ...base,
      authorityHost: 'http://127.0.0.1:4010/',
      graphBaseUrl: 'http://127.0.0.1:4010',
    });
    expect(e.authority).toBe(`https://login.microsoftonline.com/${tenantId}`);
    expect(e.tokenEndpoint).toBe(`http://127.0.0.1:4010/${tenantId}/oauth2/v2.0/token`);
    expect(JSON.parse(e.authorityMetadata!)).toMatchObject({
      token_endpoint: e.tokenEndpoint,
      issuer: `${e.authority}/v2.0`,
    });
    expect(e.scope).toBe('http://127.0.0.1:4010/.default');
  });

  it('takes Graph from the cloud of AZURE_AUTHORITY_HOST when only the authority host is set', () => {
    expect(resolveEndpoints({ ...base, authorityHost: 'https://login.microsoftonline.us' }).graphBaseUrl).toBe(
      'https://graph.microsoft.us',
    );
    expect(resolveEndpoints({ ...base, authorityHost: 'https://login.chinacloudapi.cn/' }).scope).toBe(
      'https://microsoftgraph.chinacloudapi.cn/.default',
    );
    expect(
      resolveEndpoints({ ...base, cloud: 'usgov-dod', authorityHost: 'https://login.microsoftonline.us' }).graphBaseUrl,
    ).toBe('https://dod-graph.microsoft.us');
    expect(resolveEndpoints({ ...base, authorityHost: 'https://login.proxy.example' }).graphBaseUrl).toBe(
      'https://graph.microsoft.com',
    );
  });

  it('trusts a custom https login host explicitly', () => {
    expect(resolveEndpoints({ ...base, authorityHost: 'https://login.proxy.example:8443' }).knownAuthorities).toEqual([
      'login.proxy.example:8443',
    ]);
  });
});
