import { constants, createHash, sign, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GraphEmulator, selfSignedCertificate, type TokenFaultKind } from '../../src/index.js';
import { TokenEndpoint } from '../../src/token-endpoint/token-endpoint.js';
import { auditsUrl, fetchToken, get, token } from '../helpers/graph-client.js';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
let dir: string;
let cert: { key: string; pem: string };
let otherCert: { key: string; pem: string };
let emulator: GraphEmulator | undefined;

function selfSigned(name: string): { key: string; pem: string } {
  const made = selfSignedCertificate(dir, name);
  return { key: made.privateKeyPem, pem: made.certificatePem };
}

function thumbprint(pem: string): string {
  return createHash('sha256').update(new X509Certificate(pem).raw).digest('base64url');
}

/** A client assertion as MSAL builds it: header with x5t#S256, claims aud/iss/sub/jti/nbf/exp. */
function assertion(
  em: GraphEmulator,
  o: { alg?: 'RS256' | 'PS256'; key?: string; x5t?: string; aud?: string; iss?: string; exp?: number } = {},
): string {
  const alg = o.alg ?? 'PS256';
  const nowSec = Math.floor(Date.now() / 1000);
  const header = { alg, typ: 'JWT', 'x5t#S256': o.x5t ?? thumbprint(cert.pem) };
  const payload = {
    aud: o.aud ?? `${em.url}/${em.tenantId}/oauth2/v2.0/token`,
    iss: o.iss ?? em.clientId,
    sub: o.iss ?? em.clientId,
    jti: 'f0e1d2c3-b4a5-4697-8877-665544332211',
    nbf: nowSec,
    exp: o.exp ?? nowSec + 600,
  };
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const data = `${b64(header)}.${b64(payload)}`;
  const key = o.key ?? cert.key;
  const signature =
    alg === 'PS256'
      ? sign('sha256', Buffer.from(data), {
          key,
          padding: constants.RSA_PKCS1_PSS_PADDING,
          saltLength: constants.RSA_PSS_SALTLEN_DIGEST,
        })
      : sign('sha256', Buffer.from(data), key);
  return `${data}.${signature.toString('base64url')}`;
}

async function withAssertion(em: GraphEmulator, jwt: string): Promise<Response> {
  return fetchToken(em, { client_secret: '', client_assertion_type: JWT_BEARER, client_assertion: jwt });
}

type AadError = { error: string; error_description: string; error_codes: number[] };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'testkit-cert-'));
  cert = selfSigned('b2c-alerts-test');
  otherCert = selfSigned('someone-else');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('token endpoint: client secret', () => {
  it('issues a bearer token for the configured secret, and Graph accepts it', async () => {
    emulator = await GraphEmulator.start({ clientSecret: 's3cret', tokenLifetimeSeconds: 1800 });
    const res = await fetchToken(emulator);
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 1800, ext_expires_in: 1800 });
    expect(body.access_token).toMatch(/^\S{20,}$/);
    expect((await get(auditsUrl(emulator, {}), body.access_token as string)).status).toBe(200);
    expect(emulator.stats.tokenRequests).toBe(1);
  });

  it('refuses a wrong secret with AADSTS7000215 and never echoes it', async () => {
    emulator = await GraphEmulator.start();
    const res = await fetchToken(emulator, { client_secret: 'wrong-secret-value' });
    expect(res.status).toBe(401);
    const text = await res.text();
    const body = JSON.parse(text) as AadError;
    expect(body.error).toBe('invalid_client');
    expect(body.error_description).toMatch(/^AADSTS7000215: Invalid client secret provided\./);
    expect(body.error_codes).toEqual([7000215]);
    expect(text).not.toContain('wrong-secret-value');
    expect(emulator.stats.tokenRequests).toBe(1);
  });

  it('refuses other grants, another client id, a missing credential and another tenant', async () => {
    emulator = await GraphEmulator.start();
    const em = emulator;
    const err = async (res: Response) => [res.status, ((await res.json()) as AadError).error_codes[0]];
    expect(await err(await fetchToken(em, { grant_type: 'password' }))).toEqual([400, 70003]);
    expect(await err(await fetchToken(em, { client_id: '99999999-0000-0000-0000-000000000000' }))).toEqual([
      400, 700016,
    ]);
    expect(await err(await fetchToken(em, { scope: 'User.Read' }))).toEqual([400, 1002012]);
    const noCredential = await fetch(`${em.url}/${em.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: em.clientId,
        scope: 'https://graph.microsoft.com/.default',
      }),
    });
    expect(await err(noCredential)).toEqual([401, 7000218]);
    const otherTenant = await fetch(`${em.url}/contoso.onmicrosoft.com/oauth2/v2.0/token`, {
      method: 'POST',
      body: 'grant_type=client_credentials',
    });
    expect(await err(otherTenant)).toEqual([400, 90002]);
  });
});

describe('token endpoint: certificate (client_assertion)', () => {
  it.each(['PS256', 'RS256'] as const)(
    'accepts a %s assertion signed by the registered certificate key',
    async (alg) => {
      emulator = await GraphEmulator.start({ certificatePem: cert.pem });
      const res = await withAssertion(emulator, assertion(emulator, { alg }));
      expect(res.status).toBe(200);
      const { access_token } = (await res.json()) as { access_token: string };
      expect((await get(auditsUrl(emulator, {}), access_token)).status).toBe(200);
    },
  );

  it('reads the certificate out of a combined key + certificate PEM', async () => {
    emulator = await GraphEmulator.start({ certificatePem: `${cert.key}\n${cert.pem}` });
    expect((await withAssertion(emulator, assertion(emulator))).status).toBe(200);
  });

  it('refuses an unknown thumbprint, a foreign signature, a wrong issuer, audience or lifetime', async () => {
    emulator = await GraphEmulator.start({ certificatePem: cert.pem });
    const em = emulator;
    const code = async (jwt: string) => {
      const res = await withAssertion(em, jwt);
      return [res.status, ((await res.json()) as AadError).error_codes[0]];
    };
    expect(await code(assertion(em, { key: otherCert.key, x5t: thumbprint(otherCert.pem) }))).toEqual([401, 700027]);
    expect(await code(assertion(em, { key: otherCert.key }))).toEqual([401, 700027]);
    expect(await code(assertion(em, { iss: 'bbbbbbbb-0000-0000-0000-000000000000' }))).toEqual([401, 700021]);
    expect(await code(assertion(em, { aud: 'https://login.microsoftonline.com/common/oauth2/v2.0/token' }))).toEqual([
      401, 50027,
    ]);
    expect(await code(assertion(em, { exp: Math.floor(Date.now() / 1000) - 3600 }))).toEqual([401, 700024]);
    expect(await code('not.a.jwt')).toEqual([401, 50027]);
    expect(em.stats.tokenRequests).toBe(6);
  });

  it('refuses any assertion when no certificate is registered', async () => {
    emulator = await GraphEmulator.start();
    const res = await withAssertion(emulator, assertion(emulator));
    expect(res.status).toBe(401);
    expect(((await res.json()) as AadError).error_codes).toEqual([700027]);
  });
});

describe('Graph bearer check', () => {
  it('answers 401 InvalidAuthenticationToken without a token and with an unknown one', async () => {
    emulator = await GraphEmulator.start();
    const url = auditsUrl(emulator, {});
    const message = async (res: Response) => {
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer /);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('InvalidAuthenticationToken');
      return body.error.message;
    };
    expect(await message(await get(url))).toBe('Access token is empty.');
    expect(await message(await get(url, 'made-up-token'))).toBe('Access token validation failure.');
    expect(emulator.stats.graphRequests).toBe(2);
    expect(emulator.requests.map((r) => r.status)).toEqual([401, 401]);
  });

  it('expires tokens after their lifetime, by the wall clock', () => {
    let wall = Date.parse('2026-11-28T10:00:00Z');
    const endpoint = new TokenEndpoint({
      tenantId: 't',
      clientId: 'c',
      clientSecret: 's',
      tokenLifetimeSeconds: 60,
      wallClock: () => wall,
    });
    const issued = endpoint.handle(
      't',
      new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'c',
        scope: 'x/.default',
        client_secret: 's',
      }),
    );
    const { access_token } = JSON.parse(issued.body) as { access_token: string };
    expect(endpoint.check(`Bearer ${access_token}`)).toBe('valid');
    wall += 59_999;
    expect(endpoint.check(`bearer ${access_token}`)).toBe('valid');
    wall += 1;
    expect(endpoint.check(`Bearer ${access_token}`)).toBe('expired');
    expect(endpoint.check(undefined)).toBe('missing');
    expect(endpoint.check('Basic abc')).toBe('missing');
  });

  it('one token serves many requests', async () => {
    emulator = await GraphEmulator.start();
    const bearer = await token(emulator);
    for (let i = 0; i < 5; i++) expect((await get(auditsUrl(emulator, {}), bearer)).status).toBe(200);
    expect(emulator.stats).toMatchObject({ tokenRequests: 1, graphRequests: 5 });
  });
});

describe('token endpoint faults', () => {
  it("answers injected '500' and '429' with Entra's transient errors, resets the socket for 'network-reset', then recovers", async () => {
    emulator = await GraphEmulator.start();
    emulator.injectTokenFaults('500', '429', 'network-reset');
    expect(emulator.pendingTokenFaults()).toBe(3);

    const failing = await fetchToken(emulator);
    expect(failing.status).toBe(500);
    expect((await failing.json()) as AadError).toMatchObject({ error: 'server_error', error_codes: [50000] });
    const throttled = await fetchToken(emulator);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    const body = (await throttled.json()) as AadError;
    expect(body).toMatchObject({ error: 'temporarily_unavailable', error_codes: [90033] });
    expect(body.error_description).toMatch(/^AADSTS90033: /);
    await expect(fetchToken(emulator)).rejects.toThrow(TypeError);

    expect((await get(auditsUrl(emulator, {}), await token(emulator))).status).toBe(200);
    expect(emulator.stats).toMatchObject({ tokenRequests: 4, tokenFaultsServed: 3, faultsServed: 0 });
    expect(emulator.pendingTokenFaults()).toBe(0);
  });

  it("'hang' never answers until the emulator closes", async () => {
    emulator = await GraphEmulator.start();
    emulator.injectTokenFaults('hang');
    const pending = fetchToken(emulator);
    await vi.waitFor(() => expect(emulator!.stats.tokenFaultsServed).toBe(1));
    const settled = vi.fn();
    void pending.then(settled, settled);
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).not.toHaveBeenCalled();
    await emulator.close();
    await expect(pending).rejects.toThrow(TypeError);
  });

  it('refuses unknown token fault kinds', async () => {
    emulator = await GraphEmulator.start();
    expect(() => emulator!.injectTokenFaults('418' as TokenFaultKind)).toThrow(/Unknown token fault kind '418'/);
    expect(emulator.pendingTokenFaults()).toBe(0);
  });
});

describe('GraphEmulator.close', () => {
  it('is idempotent and drops keep-alive connections', async () => {
    const em = await GraphEmulator.start();
    const bearer = await token(em);
    expect((await get(auditsUrl(em, {}), bearer)).status).toBe(200);
    await Promise.all([em.close(), em.close()]);
    await em.close();
    await expect(get(auditsUrl(em, {}), bearer)).rejects.toThrow(TypeError);
  });
});
