import { afterEach, describe, expect, it } from 'vitest';
import { b2cAppDirectory, GraphEmulator } from '../../src/index.js';
import { get, token } from '../helpers/graph-client.js';

let emulator: GraphEmulator | undefined;

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function start(): Promise<{ em: GraphEmulator; bearer: string }> {
  emulator = await GraphEmulator.start();
  emulator.addApplications(b2cAppDirectory.applications);
  emulator.addServicePrincipals(b2cAppDirectory.servicePrincipals);
  return { em: emulator, bearer: await token(emulator) };
}

const web = b2cAppDirectory.applications[0]!;
const webSp = b2cAppDirectory.servicePrincipals[0]!;
const select = '$select=id,appId,displayName';

describe('GraphEmulator applications and service principals', () => {
  it('serves them by object id and by appId, case-insensitively, with only the $select-ed properties', async () => {
    const { em, bearer } = await start();
    const bySp = await get(`${em.url}/v1.0/servicePrincipals(appId='${web.appId.toUpperCase()}')?${select}`, bearer);
    expect(bySp.status).toBe(200);
    expect(await bySp.json()).toEqual({
      '@odata.context': `${em.url}/v1.0/$metadata#servicePrincipals(id,appId,displayName)/$entity`,
      id: webSp.id,
      appId: web.appId,
      displayName: 'Contoso Web',
    });
    const byApp = await get(`${em.url}/v1.0/applications/${web.id}?$select=displayName`, bearer);
    expect(await byApp.json()).toEqual({
      '@odata.context': `${em.url}/v1.0/$metadata#applications(displayName)/$entity`,
      displayName: 'Contoso Web',
    });
    const quoted = await get(`${em.url}/v1.0/applications(appId=%27${web.appId}%27)?${select}`, bearer);
    expect(await quoted.json()).toMatchObject({ id: web.id });
    expect(em.directoryRequests.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(em.requests).toHaveLength(0);
  });

  it('answers Graph’s 404 for an unknown object, 400 for an id that is not a GUID, 401 without a token', async () => {
    const { em, bearer } = await start();
    const missing = await get(`${em.url}/v1.0/servicePrincipals/0b0b0b0b-0000-4000-8000-000000000001`, bearer);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('Request_ResourceNotFound');
    const bad = await get(`${em.url}/v1.0/applications/not-a-guid`, bearer);
    expect(bad.status).toBe(400);
    expect((await get(`${em.url}/v1.0/applications/${web.id}`)).status).toBe(401);
  });

  it('takes its faults from its own queue, leaving the audit reads alone', async () => {
    const { em, bearer } = await start();
    em.injectDirectoryFaults({ kind: '429', retryAfterSeconds: 7 }, { kind: '503' });
    const audits = await get(`${em.url}/v1.0/auditLogs/directoryAudits`, bearer);
    expect(audits.status).toBe(200);
    const throttled = await get(`${em.url}/v1.0/applications/${web.id}`, bearer);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('7');
    expect((await get(`${em.url}/v1.0/applications/${web.id}`, bearer)).status).toBe(503);
    expect((await get(`${em.url}/v1.0/applications/${web.id}`, bearer)).status).toBe(200);
    expect(em.directoryRequests.map((r) => r.fault)).toEqual(['429', '503', undefined]);
  });

  it("'hang' never answers until the emulator closes", async () => {
    const { em, bearer } = await start();
    em.injectDirectoryFaults({ kind: 'hang' });
    const pending = get(`${em.url}/v1.0/applications/${web.id}`, bearer).then(
      () => 'answered',
      () => 'dropped',
    );
    await new Promise<void>((resolve) => {
      const check = () => (em.directoryRequests.length > 0 ? resolve() : setImmediate(check));
      check();
    });
    expect(em.directoryRequests[0]).toMatchObject({ status: 0, fault: 'hang' });
    await em.close();
    expect(await pending).toBe('dropped');
  });

  it('refuses a random hang: it would cost every client a whole timeout', async () => {
    await expect(GraphEmulator.start({ randomFaults: { probability: 0.1, kinds: ['hang'] } })).rejects.toThrow(
      /Unknown fault kind 'hang'/,
    );
  });
});
