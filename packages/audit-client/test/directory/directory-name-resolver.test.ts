import { Prng } from '@b2c-alerts/testkit';
import { describe, expect, it } from 'vitest';
import {
  DirectoryNameResolver,
  type DirectoryObjectRef,
  type Logger,
  type NameResolverOptions,
} from '../../src/index.js';
import { b2cEvents } from '../helpers/b2c-events.js';
import { collectPages } from '../helpers/collect-pages.js';
import { start, useEmulator, type ReaderFixture } from '../helpers/emulator-fixture.js';

const minute = 60_000;
const web = { id: '2f8e1c6a-4b3d-4e9f-8a7b-6c5d4e3f2a1b', appId: 'a03bbb51-cc9e-4a1d-9006-f06c03bd562a' };
const webSp = '5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a';
const portal = { id: '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b', appId: 'd6e5f4a3-b2c1-4d0e-8f9a-8b7c6d5e4f3a' };
const unknown = '0b0b0b0b-0000-4000-8000-000000000001';

const startEmulator = useEmulator();

/** The emulator with Contoso Web (registration and service principal) and Partner Portal (registration only). */
async function tenant(): Promise<ReaderFixture> {
  const fixture = await startEmulator();
  fixture.emulator.addApplications([
    { ...web, displayName: 'Contoso Web' },
    { ...portal, displayName: 'Partner Portal' },
  ]);
  fixture.emulator.addServicePrincipals([{ id: webSp, appId: web.appId, displayName: 'Contoso Web' }]);
  return fixture;
}

function resolver(fixture: ReaderFixture, o: Partial<NameResolverOptions> = {}): DirectoryNameResolver {
  const jitter = new Prng(3);
  return new DirectoryNameResolver({
    tokenProvider: fixture.tokenProvider,
    graphBaseUrl: fixture.emulator.url,
    clock: fixture.clock,
    random: () => jitter.next(),
    ...o,
  });
}

const appId = (id: string): DirectoryObjectRef => ({ kind: 'appId', id });

function recordingLogger(): Logger & { lines: Array<{ level: string; fields: object; message: string }> } {
  const lines: Array<{ level: string; fields: object; message: string }> = [];
  const at = (level: string) => (fields: object, message: string) => void lines.push({ level, fields, message });
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

describe('DirectoryNameResolver against the emulator', () => {
  it('names an application id through its service principal, with $select, and asks Graph once', async () => {
    const fixture = await tenant();
    const names = resolver(fixture);
    const [first] = await names.resolve([appId(web.appId)]);
    expect(first).toEqual({ ref: appId(web.appId), outcome: 'found', name: 'Contoso Web' });
    const requests = fixture.emulator.directoryRequests;
    expect(requests).toHaveLength(1);
    expect(decodeURIComponent(requests[0]!.path)).toBe(`/v1.0/servicePrincipals(appId='${web.appId}')`);
    expect(new URLSearchParams(requests[0]!.query).get('$select')).toBe('id,appId,displayName');

    // Cached, whatever the case the next event writes the id in.
    const [again] = await names.resolve([appId(web.appId.toUpperCase())]);
    expect(again).toMatchObject({ outcome: 'cached', name: 'Contoso Web' });
    expect(requests).toHaveLength(1);
    expect(names.stats).toMatchObject({ requests: 1, cacheHits: 1 });
  });

  it('names registrations and service principals by object id, and an appId with no service principal', async () => {
    const fixture = await tenant();
    const lookups = await resolver(fixture).resolve([
      { kind: 'application', id: web.id },
      { kind: 'servicePrincipal', id: webSp },
      appId(portal.appId),
    ]);
    expect(lookups.map((l) => [l.outcome, l.name])).toEqual([
      ['found', 'Contoso Web'],
      ['found', 'Contoso Web'],
      ['found', 'Partner Portal'],
    ]);
    expect(fixture.emulator.directoryRequests.map((r) => decodeURIComponent(r.path))).toEqual([
      `/v1.0/applications/${web.id}`,
      `/v1.0/servicePrincipals/${webSp}`,
      `/v1.0/servicePrincipals(appId='${portal.appId}')`,
      `/v1.0/applications(appId='${portal.appId}')`,
    ]);
  });

  it('asks for an id of unknown form as each form in turn (B2C writes an object id where Graph has appId)', async () => {
    const fixture = await tenant();
    const lookups = await resolver(fixture).resolve([
      { kind: 'anyAppObject', id: web.id },
      { kind: 'anyAppObject', id: portal.appId },
    ]);
    expect(lookups.map((l) => l.name)).toEqual(['Contoso Web', 'Partner Portal']);
    const paths = fixture.emulator.directoryRequests.map((r) => `${r.status} ${decodeURIComponent(r.path)}`).sort();
    expect(paths).toEqual(
      [
        `404 /v1.0/servicePrincipals(appId='${web.id}')`,
        `200 /v1.0/applications/${web.id}`,
        `404 /v1.0/servicePrincipals(appId='${portal.appId}')`,
        `404 /v1.0/applications/${portal.appId}`,
        `404 /v1.0/servicePrincipals/${portal.appId}`,
        `200 /v1.0/applications(appId='${portal.appId}')`,
      ].sort(),
    );
  });

  it('remembers a 404 for notFoundTtlMs, then asks again', async () => {
    const fixture = await tenant();
    const names = resolver(fixture, { notFoundTtlMs: 15 * minute });
    expect((await names.resolve([appId(unknown)]))[0]!.outcome).toBe('not-found');
    expect(fixture.emulator.directoryRequests.map((r) => r.status)).toEqual([404, 404]);

    fixture.clock.advance(14 * minute);
    expect((await names.resolve([appId(unknown)]))[0]!.outcome).toBe('not-found');
    expect(fixture.emulator.directoryRequests).toHaveLength(2);

    fixture.emulator.addServicePrincipals([
      { id: '0c0c0c0c-0000-4000-8000-000000000002', appId: unknown, displayName: 'New app' },
    ]);
    fixture.clock.advance(2 * minute);
    expect((await names.resolve([appId(unknown)]))[0]).toMatchObject({ outcome: 'found', name: 'New app' });
    expect(fixture.emulator.directoryRequests).toHaveLength(3);
  });

  it('never sends an id that is not a GUID', async () => {
    const fixture = await tenant();
    const lookups = await resolver(fixture).resolve([appId("x')/../../users"), appId('N/A'), appId('')]);
    expect(lookups.map((l) => l.outcome)).toEqual(['not-found', 'not-found', 'not-found']);
    expect(fixture.emulator.directoryRequests).toHaveLength(0);
  });

  it('shares the audit reader’s token provider: one token for audit pages and names', async () => {
    const fixture = await tenant();
    fixture.emulator.addEvents(b2cEvents('e', start - 30 * minute, 20, 10_000));
    await collectPages(fixture.reader().readPages({ from: start - 60 * minute, to: start }));
    await resolver(fixture).resolve([appId(web.appId), { kind: 'application', id: portal.id }]);
    expect(fixture.emulator.stats.tokenRequests).toBe(1);
  });
});

describe('DirectoryNameResolver under throttling and faults', () => {
  it('honours a 429’s Retry-After, then names the object', async () => {
    const fixture = await tenant();
    fixture.emulator.injectDirectoryFaults({ kind: '429', retryAfterSeconds: 3 });
    const names = resolver(fixture);
    const [lookup] = await names.resolve([appId(web.appId)]);
    expect(lookup).toMatchObject({ outcome: 'found', name: 'Contoso Web' });
    const [throttled, answered] = fixture.emulator.directoryRequests;
    expect([throttled!.status, answered!.status]).toEqual([429, 200]);
    expect(answered!.at - throttled!.at).toBeGreaterThanOrEqual(3000);
    expect(fixture.clock.sleeps).toContain(3000);
    expect(names.stats.throttledMs).toBeGreaterThanOrEqual(3000);
  });

  it('fails at once on a Retry-After longer than maxWaitMs, and sends nothing until it has passed', async () => {
    const fixture = await tenant();
    fixture.emulator.injectDirectoryFaults({ kind: '429', retryAfterSeconds: 120 });
    const names = resolver(fixture, { maxWaitMs: 10_000 });
    const before = fixture.clock.now();
    expect((await names.resolve([appId(web.appId)]))[0]).toMatchObject({ outcome: 'failed' });
    expect(fixture.clock.now() - before).toBeLessThan(10_000);

    // Another id while Graph's Retry-After runs: no request at all.
    const [paused] = await names.resolve([{ kind: 'application', id: portal.id }]);
    expect(paused).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('paused') });
    expect(fixture.emulator.directoryRequests).toHaveLength(1);

    fixture.clock.advance(2 * minute);
    expect((await names.resolve([{ kind: 'application', id: portal.id }]))[0]).toMatchObject({
      outcome: 'found',
      name: 'Partner Portal',
    });
  });

  it('retries 5xx and resets with backoff; remembers a lookup that kept failing for failureTtlMs', async () => {
    const fixture = await tenant();
    fixture.emulator.injectDirectoryFaults({ kind: '503' }, { kind: 'network-reset' });
    const names = resolver(fixture, { retry: { maxAttempts: 3 }, failureTtlMs: minute });
    expect((await names.resolve([appId(web.appId)]))[0]).toMatchObject({ outcome: 'found' });
    expect(names.stats.retries).toBe(2);

    fixture.emulator.injectDirectoryFaults({ kind: '500' }, { kind: '502' }, { kind: '504' });
    const [failed] = await names.resolve([{ kind: 'application', id: portal.id }]);
    expect(failed).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('3 attempts') });
    const sent = fixture.emulator.directoryRequests.length;
    expect((await names.resolve([{ kind: 'application', id: portal.id }]))[0]!.outcome).toBe('failed');
    expect(fixture.emulator.directoryRequests).toHaveLength(sent);
    fixture.clock.advance(minute);
    expect((await names.resolve([{ kind: 'application', id: portal.id }]))[0]!.outcome).toBe('found');
  });

  it('gives the caller `timed-out` when its budget runs out, and finishes the lookup for the next caller', async () => {
    const fixture = await tenant();
    fixture.emulator.injectDirectoryFaults({ kind: 'hang' });
    const names = resolver(fixture, { requestTimeoutMs: 300 });
    const [late] = await names.resolve([appId(web.appId)], { budgetMs: 50 });
    expect(late).toMatchObject({ outcome: 'timed-out' });
    // The next alert does not wait a whole budget again on the same hung lookup.
    const [next] = await names.resolve([appId(web.appId)], { budgetMs: 60_000 });
    expect(next).toMatchObject({ outcome: 'timed-out', reason: expect.stringContaining('earlier budget') });
    // The same lookup, still in flight: its request times out, the retry answers.
    const [joined] = await names.resolve([appId(web.appId)]);
    expect(joined).toMatchObject({ outcome: 'found', name: 'Contoso Web' });
    expect(fixture.emulator.directoryRequests.map((r) => [r.status, r.fault])).toEqual([
      [0, 'hang'],
      [200, undefined],
    ]);
  });

  it('stops asking a collection Graph refused (403) for permissionPauseMs, asks the other, and logs what to grant', async () => {
    const fixture = await tenant();
    fixture.emulator.injectDirectoryFaults({ kind: '403' });
    const logger = recordingLogger();
    const names = resolver(fixture, { logger, permissionPauseMs: 15 * minute });
    // Service principals refused: the client id is found as a registration instead.
    expect((await names.resolve([appId(web.appId)]))[0]).toMatchObject({ outcome: 'found', name: 'Contoso Web' });
    const [refused] = await names.resolve([{ kind: 'servicePrincipal', id: webSp }]);
    expect(refused).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('Directory.Read.All') });
    expect((await names.resolve([{ kind: 'application', id: portal.id }]))[0]!.outcome).toBe('found');
    expect(fixture.emulator.directoryRequests.map((r) => `${r.status} ${decodeURIComponent(r.path)}`)).toEqual([
      `403 /v1.0/servicePrincipals(appId='${web.appId}')`,
      `200 /v1.0/applications(appId='${web.appId}')`,
      `200 /v1.0/applications/${portal.id}`,
    ]);
    const errors = logger.lines.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(JSON.stringify(errors[0])).toContain('Directory.Read.All');

    fixture.clock.advance(16 * minute);
    expect((await names.resolve([{ kind: 'servicePrincipal', id: webSp }]))[0]!.outcome).toBe('found');
  });

  it('retries a 401 once with a fresh token', async () => {
    const fixture = await tenant();
    fixture.emulator.injectDirectoryFaults({ kind: '401' });
    const names = resolver(fixture);
    expect((await names.resolve([appId(web.appId)]))[0]).toMatchObject({ outcome: 'found' });
    expect(fixture.emulator.stats.tokenRequests).toBe(2);
  });
});

describe('DirectoryNameResolver cache bound', () => {
  it('keeps at most cacheSize entries however many distinct ids arrive, dropping the least recent', async () => {
    const fixture = await tenant();
    const names = resolver(fixture, { cacheSize: 3, rateLimit: false });
    const ids = Array.from({ length: 50 }, (_, i) => `0d0d0d0d-0000-4000-8000-${String(i).padStart(12, '0')}`);
    for (const id of ids) await names.resolve([{ kind: 'servicePrincipal', id }]);
    expect(names.cacheSize).toBe(3);
    await names.resolve([{ kind: 'servicePrincipal', id: webSp }]);
    expect(names.cacheSize).toBe(3);

    const sent = fixture.emulator.directoryRequests.length;
    expect((await names.resolve([{ kind: 'servicePrincipal', id: webSp }]))[0]!.outcome).toBe('cached');
    expect((await names.resolve([{ kind: 'servicePrincipal', id: ids[49]! }]))[0]!.outcome).toBe('not-found');
    expect(fixture.emulator.directoryRequests).toHaveLength(sent);
    // Long gone from the cache: asked again.
    await names.resolve([{ kind: 'servicePrincipal', id: ids[0]! }]);
    expect(fixture.emulator.directoryRequests).toHaveLength(sent + 1);
  });

  it('cuts a long display name to maxNameLength, and refuses a body past maxBodyBytes unread', async () => {
    const fixture = await tenant();
    fixture.emulator.addServicePrincipals([{ id: webSp, appId: web.appId, displayName: 'x'.repeat(10_000) }]);
    fixture.emulator.addApplications([{ ...portal, displayName: 'y'.repeat(100_000) }]);
    const names = resolver(fixture, { maxNameLength: 256, maxBodyBytes: 64 * 1024 });
    const [cut, huge] = await names.resolve([appId(web.appId), { kind: 'application', id: portal.id }]);
    expect(cut!.name).toHaveLength(256);
    expect(huge).toMatchObject({ outcome: 'failed', reason: expect.stringContaining('refused unread') });
  });
});
