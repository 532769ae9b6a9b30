import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GraphEmulator, selfSignedCertificate, type SelfSignedCertificate } from '@b2c-alerts/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  AuditClientError,
  GraphAuditReader,
  VirtualClock,
  createTokenProvider,
  type ConnectionOptions,
} from '../../src/index.js';
import { b2cEvents } from '../helpers/b2c-events.js';
import { ErrorLedger } from '../helpers/error-ledger.js';

const dir = mkdtempSync(join(tmpdir(), 'audit-client-cert-'));
const ledger = new ErrorLedger();
const secret = 'emulator-Secret~value.9f3b2c';

let certificate: SelfSignedCertificate;
let otherCertificate: SelfSignedCertificate;
let emulator: GraphEmulator;

beforeAll(async () => {
  certificate = selfSignedCertificate(dir, 'app');
  otherCertificate = selfSignedCertificate(dir, 'other');
  emulator = await GraphEmulator.start({ clientSecret: secret, certificatePem: certificate.certificatePem });
  emulator.addEvents(b2cEvents('e', Date.now() - 60 * 60_000, 60, 30_000));
});

afterAll(async () => {
  await emulator.close();
  rmSync(dir, { recursive: true, force: true });
  // No error seen by this suite carries a secret or a private key, in its message, stack or causes.
  const texts = ledger.texts().join('\n');
  expect(ledger.errors.length).toBeGreaterThanOrEqual(4);
  for (const s of [secret, 'wrong-Secret~value', certificate.privateKeyPem, otherCertificate.privateKeyPem])
    expect(texts).not.toContain(s);
  for (const pem of [certificate.privateKeyPem, otherCertificate.privateKeyPem]) {
    const body = pem.split('\n').filter((l) => l && !l.startsWith('-----'));
    for (const line of body) expect(texts).not.toContain(line);
  }
});

const connection = (o: Partial<ConnectionOptions>): ConnectionOptions => ({
  tenantId: emulator.tenantId,
  clientId: emulator.clientId,
  authorityHost: emulator.url,
  graphBaseUrl: emulator.url,
  ...o,
});

async function readAll(options: ConnectionOptions) {
  const reader = new GraphAuditReader({
    tokenProvider: createTokenProvider(options),
    graphBaseUrl: emulator.url,
    pageSize: 5,
    rateLimit: false,
    clock: new VirtualClock(Date.now()),
  });
  let events = 0;
  for await (const page of reader.readPages({ from: Date.now() - 2 * 60 * 60_000, to: Date.now() }))
    events += page.events.length;
  return events;
}

describe('createTokenProvider against the emulator token endpoint', () => {
  it('reuses one cached token for many Graph requests and shares one request among concurrent callers', async () => {
    const tokensBefore = emulator.stats.tokenRequests;
    const provider = createTokenProvider(connection({ clientSecret: secret }));
    const tokens = await Promise.all(Array.from({ length: 10 }, () => provider.getToken()));
    expect(new Set(tokens).size).toBe(1);
    const reader = new GraphAuditReader({
      tokenProvider: provider,
      graphBaseUrl: emulator.url,
      pageSize: 5,
      rateLimit: false,
    });
    let pages = 0;
    for await (const _ of reader.readPages({ from: Date.now() - 2 * 60 * 60_000, to: Date.now() })) pages++;
    expect(pages).toBeGreaterThanOrEqual(12);
    expect(emulator.stats.tokenRequests - tokensBefore).toBe(1);
    expect(await provider.getToken()).toBe(tokens[0]);
  });

  it('fetches a fresh token when asked to (after a 401)', async () => {
    const provider = createTokenProvider(connection({ clientSecret: secret }));
    const first = await provider.getToken();
    const before = emulator.stats.tokenRequests;
    const fresh = await provider.getToken(undefined, { forceRefresh: true });
    expect(fresh).not.toBe(first);
    expect(emulator.stats.tokenRequests - before).toBe(1);
  });

  it('authenticates with a certificate (SHA-256 thumbprint, PS256 assertion)', async () => {
    const before = emulator.stats.tokenRequests;
    expect(await readAll(connection({ certificate }))).toBe(60);
    expect(emulator.stats.tokenRequests - before).toBe(1);
  });

  it('says what to check when the certificate is not the registered one, without the key', async () => {
    const error = (await ledger.capture(
      createTokenProvider(connection({ certificate: otherCertificate })).getToken(),
    )) as AuditClientError;
    expect(error).toBeInstanceOf(AuditClientError);
    expect(error.code).toBe('AC_ERR_TOKEN');
    expect(error.message).toContain('with a certificate');
    expect(error.message).toContain(emulator.clientId);
  });

  it('says what to check when the secret is wrong, without the secret', async () => {
    const error = (await ledger.capture(
      createTokenProvider(connection({ clientSecret: 'wrong-Secret~value' })).getToken(),
    )) as AuditClientError;
    expect(error.code).toBe('AC_ERR_TOKEN');
    expect(error.message).toContain("use the secret's Value (not its Secret ID)");
    expect(error.message).toContain('AADSTS7000215');
    expect(error.transient).toBe(false);
  });

  it('says what to check when the app or tenant is unknown', async () => {
    const app = (await ledger.capture(
      createTokenProvider(
        connection({ clientSecret: secret, clientId: '99999999-9999-9999-9999-999999999999' }),
      ).getToken(),
    )) as AuditClientError;
    expect(app.message).toContain('registered in the B2C tenant itself');
    expect(app.transient).toBe(false);
    const tenant = (await ledger.capture(
      createTokenProvider(connection({ clientSecret: secret, tenantId: 'other.onmicrosoft.com' })).getToken(),
    )) as AuditClientError;
    expect(tenant.message).toContain('check the tenant ID or domain');
  });

  it('reports an unreachable token endpoint as AC_ERR_TOKEN naming the endpoint', async () => {
    const closed = await GraphEmulator.start();
    const url = closed.url;
    await closed.close();
    const error = (await ledger.capture(
      createTokenProvider(connection({ clientSecret: secret, authorityHost: url, graphBaseUrl: url })).getToken(),
    )) as AuditClientError;
    expect(error.code).toBe('AC_ERR_TOKEN');
    expect(error.message).toContain(`${url}/${emulator.tenantId}/oauth2/v2.0/token`);
    expect(error.transient).toBe(true);
  });

  it('marks 500 and 429 from the token endpoint transient, and asks again on the next call instead of replaying them', async () => {
    const provider = createTokenProvider(connection({ clientSecret: secret }));
    const before = emulator.stats.tokenRequests;
    emulator.injectTokenFaults('500', '429');
    const failed = (await ledger.capture(provider.getToken())) as AuditClientError;
    expect(failed).toMatchObject({ code: 'AC_ERR_TOKEN', transient: true });
    expect(failed.message).toContain('(HTTP 500)');
    expect(failed.message).toContain('throttling or unavailable');
    // MSAL alone would fail every call for 60 s of wall-clock time without asking the endpoint.
    const throttled = (await ledger.capture(provider.getToken())) as AuditClientError;
    expect(throttled).toMatchObject({ code: 'AC_ERR_TOKEN', transient: true });
    expect(throttled.message).toContain('(HTTP 429)');
    expect(await provider.getToken()).toMatch(/^emu\./);
    expect(emulator.stats.tokenRequests - before).toBe(3);
  });

  it('does not leave the next caller waiting on a token request its caller gave up on', async () => {
    const provider = createTokenProvider(connection({ clientSecret: secret }));
    emulator.injectTokenFaults('hang');
    const controller = new AbortController();
    const first = provider.getToken(controller.signal);
    await vi.waitFor(() => expect(emulator.pendingTokenFaults()).toBe(0));
    controller.abort(new Error('gave up'));
    await expect(first).rejects.toThrow('gave up');
    expect(await provider.getToken()).toMatch(/^emu\./);
  });

  it('refuses bad options before any network call, with every problem and no secret', async () => {
    const error = (await ledger.capture(
      (async () =>
        createTokenProvider({
          tenantId: 'common',
          clientId: emulator.clientId,
          clientSecret: secret,
          certificate: { privateKeyPem: certificate.privateKeyPem, certificatePem: 'nope' },
        }))(),
    )) as AuditClientError;
    expect(error.code).toBe('AC_ERR_OPTIONS_INVALID');
    expect(error.message).toContain('tenantId');
    expect(error.message).toContain('certificate.certificatePem');
    const insecure = (await ledger.capture(
      (async () =>
        createTokenProvider(connection({ clientSecret: secret, authorityHost: 'http://login.example.com' })))(),
    )) as AuditClientError;
    expect(insecure.code).toBe('AC_ERR_URL_INSECURE');
    expect(insecure.message).toContain('authorityHost');
  });
});
