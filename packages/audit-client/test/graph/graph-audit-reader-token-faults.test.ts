import { Prng } from '@b2c-alerts/testkit';
import { describe, expect, it } from 'vitest';
import { AuditClientError, GraphAuditReader, createTokenProvider } from '../../src/index.js';
import { b2cEvents } from '../helpers/b2c-events.js';
import { collectPages } from '../helpers/collect-pages.js';
import { start, useEmulator } from '../helpers/emulator-fixture.js';
import { ErrorLedger } from '../helpers/error-ledger.js';

const hour = 3_600_000;

const startEmulator = useEmulator();

describe('GraphAuditReader: token endpoint failures', () => {
  it('retries 500, 429 and a reset connection at the token endpoint through the same backoff and attempt budget', async () => {
    const fixture = await startEmulator();
    const { emulator, clock } = fixture;
    const events = b2cEvents('e', start - 2 * hour, 50, 60_000);
    emulator.addEvents(events);
    emulator.injectTokenFaults('500', '429', 'network-reset');
    const reader = fixture.reader({ pageSize: 20, retry: { maxAttempts: 4 }, rateLimit: false });

    const pages = await collectPages(reader.readPages({ from: start - 3 * hour, to: start }));

    expect(pages.flatMap((p) => p.events.map((e) => e.id))).toEqual(events.map((e) => e.id));
    expect(emulator.stats).toMatchObject({ tokenRequests: 4, tokenFaultsServed: 3, graphRequests: 3 });
    expect(reader.stats).toMatchObject({ retries: 3, requests: 3, pages: 3 });
    // Full-jitter backoff on the reader's clock: under 1 s, 2 s, 4 s.
    expect(clock.sleeps).toHaveLength(3);
    clock.sleeps.forEach((ms, i) => expect(ms).toBeLessThanOrEqual(1000 * 2 ** i));
  });

  it('gives up after maxAttempts with AC_ERR_TOKEN, the window and the last failure, without reaching Graph', async () => {
    const fixture = await startEmulator();
    fixture.emulator.addEvents(b2cEvents('e', start - 2 * hour, 5, 60_000));
    fixture.emulator.injectTokenFaults('500', '500', '500');
    const reader = fixture.reader({ retry: { maxAttempts: 3 } });
    const window = { from: start - 3 * hour, to: start };
    const error = (await new ErrorLedger().capture(collectPages(reader.readPages(window)))) as AuditClientError;
    expect(error).toBeInstanceOf(AuditClientError);
    expect(error.code).toBe('AC_ERR_TOKEN');
    expect(error.message).toContain('after 3 attempts: the token endpoint kept failing');
    expect(error.message).toContain(new Date(window.from).toISOString());
    expect(error.message).toContain('(HTTP 500)');
    expect(error.message).toContain('next poll reads this window again');
    expect(fixture.emulator.stats).toMatchObject({ tokenRequests: 3, graphRequests: 0 });
  });

  it('does not retry a credential the token endpoint rejects (AADSTS7000215)', async () => {
    const fixture = await startEmulator();
    const { emulator, clock } = fixture;
    const tokenProvider = createTokenProvider({
      tenantId: emulator.tenantId,
      clientId: emulator.clientId,
      clientSecret: 'not-the-secret',
      authorityHost: emulator.url,
      graphBaseUrl: emulator.url,
    });
    const jitter = new Prng(1);
    const reader = new GraphAuditReader({
      tokenProvider,
      graphBaseUrl: emulator.url,
      clock,
      random: () => jitter.next(),
    });
    const error = (await new ErrorLedger().capture(
      collectPages(reader.readPages({ from: start - hour, to: start })),
    )) as AuditClientError;
    expect(error).toMatchObject({ code: 'AC_ERR_TOKEN', transient: false });
    expect(error.message).toContain('AADSTS7000215');
    expect(emulator.stats.tokenRequests).toBe(1);
    expect(reader.stats.retries).toBe(0);
    expect(clock.sleeps).toEqual([]);
  });

  it('retries a token request that does not answer within the request timeout', async () => {
    const fixture = await startEmulator();
    const events = b2cEvents('e', start - 2 * hour, 5, 60_000);
    fixture.emulator.addEvents(events);
    fixture.emulator.injectTokenFaults('hang');
    const reader = fixture.reader({ requestTimeoutMs: 250 });
    const pages = await collectPages(reader.readPages({ from: start - 3 * hour, to: start }));
    expect(pages.flatMap((p) => p.events.map((e) => e.id))).toEqual(events.map((e) => e.id));
    expect(fixture.emulator.stats).toMatchObject({ tokenRequests: 2, tokenFaultsServed: 1 });
    expect(reader.stats.retries).toBe(1);
  });
});
