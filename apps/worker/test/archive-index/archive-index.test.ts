import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveWriter, VirtualClock } from '@b2c-alerts/audit-client';
import { checkArchiveTenant, DuckDbEngine, queryEvents, resolveFilter } from '@b2c-alerts/investigate';
import { emulatorFixture, generateTraffic, investigationEvents } from '@b2c-alerts/testkit';
import type { QueueEvents } from 'bullmq';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseWorkerConfig, RedisKeys, type WorkerApp } from '../../src/index.js';
import type { IndexJobResult } from '../../src/archive-index/archive-index-processor.js';
import type { PollJobResult } from '../../src/poll/poll-processor.js';
import { queueNames } from '../../src/queues/queues.js';
import { useWorkerApp } from '../helpers/use-worker-app.js';
import { waitUntil } from '../helpers/wait-until.js';
import { workerEnv } from '../helpers/worker-env.js';

const T0 = Date.parse('2026-01-06T00:30:00Z');
const minute = 60_000;

describe("the worker keeps its archive's index current", () => {
  const emulator = emulatorFixture();
  afterEach(emulator.close);
  const { prefixes, admin, defer, writeRules, createApp, openQueueEvents } = useWorkerApp();
  let archiveDir: string;
  let rulesDir: string;
  let pollEvents: QueueEvents;

  beforeEach(async () => {
    rulesDir = await writeRules();
    archiveDir = await mkdtemp(join(tmpdir(), 'worker-archive-'));
    defer(() => rm(archiveDir, { recursive: true, force: true }));
    pollEvents = await openQueueEvents(queueNames.poll);
  });

  it('indexes a UTC day once its grace has passed, rebuilds it after a late part, once across replicas', async () => {
    const clock = new VirtualClock(T0);
    const graph = await emulator.startWith({ now: () => clock.now() });
    graph.addEvents(
      generateTraffic({ seed: 4, start: T0 - 5 * 60 * minute, end: T0 - 10 * minute, eventsPerHour: 300 }),
    );
    const env = (extra: Record<string, string>) =>
      parseWorkerConfig(
        workerEnv(graph, {
          ...prefixes,
          rulesDir,
          extra: {
            WORKER_QUEUES: 'poll',
            POLL_INTERVAL: '1h',
            POLL_INITIAL_LOOKBACK: '6h',
            LAG_ALERT_THRESHOLD: '2h',
            ARCHIVE_DIR: archiveDir,
            ...extra,
          },
        }),
      );
    expect(env({ ARCHIVE_INDEX: 'off' }).archiveIndex).toBeUndefined();
    const app: WorkerApp = createApp(env({}), { clock });
    const completed: Array<{ jobId: string; result: unknown }> = [];
    pollEvents.on('completed', ({ jobId, returnvalue }) => completed.push({ jobId, result: returnvalue }));
    await app.start();
    const schedulers = await app.queues.poll.getJobSchedulers();
    expect(schedulers.map((s) => s.key)).toContain('index:contoso');
    // The schedulers' first poll and index pass run at once; the rest of the test runs its own jobs.
    const scheduled = (prefix: string) => completed.find((c) => c.jobId.startsWith(prefix));
    await waitUntil(
      async () => scheduled('repeat:poll:contoso:') !== undefined && scheduled('repeat:index:contoso:') !== undefined,
      [{ emitter: pollEvents, events: ['completed'] }],
    );
    expect((scheduled('repeat:poll:contoso:')!.result as PollJobResult).delivered).toBeGreaterThan(0);

    let n = 0;
    const run = async <T>(name: 'poll' | 'index'): Promise<T> => {
      const job = await app.queues.poll.add(name, { tenant: 'contoso' }, { jobId: `manual-${name}-${n++}` });
      return (await job.waitUntilFinished(pollEvents, 60_000)) as T;
    };
    const tenantDir = join(archiveDir, 'contoso');
    // The worker's archive names its tenant (no export state): another tenant's search is refused.
    await expect(checkArchiveTenant(tenantDir, graph.tenantId)).resolves.toBe(graph.tenantId);
    await expect(checkArchiveTenant(tenantDir, 'another-tenant')).rejects.toMatchObject({
      code: 'IV_ERR_TENANT_MISMATCH',
    });

    // 00:30: 2026-01-05 ended half an hour ago, within the grace: not indexed yet.
    expect(await run<IndexJobResult>('index')).toMatchObject({ built: [], openDay: '2026-01-05' });
    clock.set(T0 + 60 * minute);
    expect(await run<IndexJobResult>('index')).toMatchObject({ built: ['2026-01-05'], openDay: '2026-01-06' });
    expect(await run<IndexJobResult>('index')).toMatchObject({ built: [], current: 1 });

    const engine = await DuckDbEngine.open();
    defer(() => engine.close());
    const search = () =>
      queryEvents({
        archiveDir: tenantDir,
        filter: resolveFilter({}, { now: clock.now() }),
        limit: 100_000,
        engine,
        now: clock.now(),
      });
    const indexed = await search();
    expect(indexed.sources.indexDays).toEqual(['2026-01-05']);
    expect(indexed.sources.rawDays).toEqual([{ day: '2026-01-06', reason: 'open' }]);

    // A late part for the indexed day: answered from its parts, until the next pass rebuilds the day.
    const late = investigationEvents('2026-01-05').slice(0, 1);
    await new ArchiveWriter({ dir: tenantDir }).write(late);
    const stale = await search();
    expect(stale.sources.rawDays).toContainEqual({ day: '2026-01-05', reason: 'stale' });
    expect(stale.rows.length).toBe(indexed.rows.length + 1);
    expect(await run<IndexJobResult>('index')).toMatchObject({ built: ['2026-01-05'] });
    const rebuilt = await search();
    expect(rebuilt.sources.indexDays).toEqual(['2026-01-05']);
    expect(rebuilt.rows.map((r) => r.id)).toEqual(stale.rows.map((r) => r.id));

    // Another replica's pass holds the lease: this one does nothing.
    await admin.set(new RedisKeys(prefixes.keyPrefix).indexLock('contoso'), 'another-replica', 'PX', 60_000);
    expect(await run<IndexJobResult>('index')).toEqual({ tenant: 'contoso', skipped: 'locked' });
  });
});
