import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock, type DirectoryAudit } from '@b2c-alerts/audit-client';
import { emulatorFixture, generateTraffic } from '@b2c-alerts/testkit';
import type { QueueEvents } from 'bullmq';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseWorkerConfig, RedisKeys, type WorkerApp } from '../../src/index.js';
import type { PollJobResult } from '../../src/poll/poll-processor.js';
import { queueNames } from '../../src/queues/queues.js';
import { redisUrl } from '../helpers/redis-test.js';
import { useWorkerApp } from '../helpers/use-worker-app.js';

const T0 = Date.parse('2026-01-05T12:00:00Z');
const minute = 60_000;

// Two tenants of one TENANTS_FILE read the same Graph: one with the default services (B2C, Core
// Directory, Conditional Access, Authentication Methods, Invited Users), one configured for B2C only. Each poll delivers
// exactly the services its tenant names.
describe('polling the services a tenant is configured for', () => {
  const { prefixes, admin, defer, writeRules, createApp, openQueueEvents } = useWorkerApp();
  const keys = new RedisKeys(prefixes.keyPrefix);
  const clock = new VirtualClock(T0);
  const emulator = emulatorFixture({ now: () => clock.now() });
  beforeEach(emulator.start);
  let app: WorkerApp;
  let pollEvents: QueueEvents;
  let directoryRecords = 0;

  beforeEach(async () => {
    const rulesDir = await writeRules();
    const dir = await mkdtemp(join(tmpdir(), 'worker-tenants-'));
    defer(() => rm(dir, { recursive: true, force: true }));
    const file = join(dir, 'tenants.yaml');
    const graph = emulator.graph;
    const tenant = (name: string, extra: string[]) => [
      `  - name: ${name}`,
      `    tenantId: ${graph.tenantId}`,
      `    clientId: ${graph.clientId}`,
      `    clientSecret: ${graph.clientSecret}`,
      ...extra,
    ];
    await writeFile(
      file,
      ['tenants:', ...tenant('everything', []), ...tenant('b2c-only', ['    services: [B2C]']), ''].join('\n'),
    );
    const traffic = [
      ...generateTraffic({ seed: 12, start: T0 - 50 * minute, end: T0 - 10 * minute, eventsPerHour: 1500 }),
      serviceRecord('Conditional Access', 'Policy', 'Update conditional access policy', T0 - 30 * minute),
      serviceRecord(
        'Authentication Methods',
        'ApplicationManagement',
        'Authentication Methods Policy Update',
        T0 - 20 * minute,
      ),
      serviceRecord('Invited Users', 'UserManagement', 'Invite external user', T0 - 15 * minute),
    ];
    directoryRecords = traffic.filter((e) => e.loggedByService !== 'B2C').length;
    graph.addEvents(traffic);
    pollEvents = await openQueueEvents(queueNames.poll);
    const config = parseWorkerConfig({
      REDIS_URL: redisUrl(),
      REDIS_KEY_PREFIX: prefixes.keyPrefix,
      BULLMQ_PREFIX: prefixes.queuePrefix,
      TENANTS_FILE: file,
      AZURE_AUTHORITY_HOST: graph.url,
      GRAPH_BASE_URL: graph.url,
      RULES_DIR: rulesDir,
      PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      GRAPH_RATE_LIMIT: 'off',
      WORKER_QUEUES: 'poll',
      POLL_INTERVAL: '1h',
      LAG_ALERT_THRESHOLD: '2h',
    });
    expect(config.tenants.map((t) => [t.name, t.services])).toEqual([
      ['everything', ['B2C', 'Core Directory', 'Conditional Access', 'Authentication Methods', 'Invited Users']],
      ['b2c-only', ['B2C']],
    ]);
    app = createApp({ ...config, poll: { ...config.poll, intervalMs: 24 * 60 * minute } }, { clock });
  });

  it('reads B2C, Core Directory, the policy services and Invited Users by default, and B2C only for the tenant that says so', async () => {
    await app.start();
    const results = new Map<string, PollJobResult>();
    // The scheduler polls each tenant once at start.
    for (const job of await app.queues.poll.getJobs(['waiting', 'active', 'completed', 'delayed'])) {
      const result = (await job.waitUntilFinished(pollEvents, 30_000)) as PollJobResult;
      results.set(result.tenant, result);
    }
    const stored = emulator.graph.eventCount();
    const served = (service: string) =>
      emulator.graph.requests.filter((r) => new URLSearchParams(r.query).get('$filter')?.includes(`'${service}'`));
    expect(directoryRecords).toBeGreaterThan(0);
    expect(results.get('everything')!.delivered).toBe(stored);
    expect(results.get('b2c-only')!.delivered).toBe(stored - directoryRecords);
    expect(await admin.zcard(keys.seen('everything'))).toBe(stored);
    expect(await admin.zcard(keys.seen('b2c-only'))).toBe(stored - directoryRecords);
    expect(served('Core Directory').length).toBeGreaterThan(0);
    expect(served('Conditional Access').length).toBeGreaterThan(0);
    expect(served('Authentication Methods').length).toBeGreaterThan(0);
    expect(served('Invited Users').length).toBeGreaterThan(0);
    expect(served('B2C').length).toBeGreaterThan(served('Core Directory').length); // both tenants read B2C
  });
});

/** A record of the Conditional Access, Authentication Methods or Invited Users service (a policy change, an invitation). */
function serviceRecord(service: string, category: string, activity: string, at: number): DirectoryAudit {
  return {
    id: `${service.replace(' ', '')}_${at}`,
    activityDateTime: new Date(at).toISOString(),
    activityDisplayName: activity,
    category,
    loggedByService: service,
    result: 'success',
    operationType: 'Update',
    initiatedBy: { user: { id: 'admin-1', userPrincipalName: 'admin@contosob2c.onmicrosoft.com' } },
    targetResources: [{ id: `target-${at}`, modifiedProperties: [] }],
    additionalDetails: [],
  };
}
