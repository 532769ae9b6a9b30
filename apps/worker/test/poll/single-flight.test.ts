import { emulatorFixture, generateTraffic } from '@b2c-alerts/testkit';
import type { QueueEvents } from 'bullmq';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseWorkerConfig, RedisKeys } from '../../src/index.js';
import type { PollJobResult } from '../../src/poll/poll-processor.js';
import { queueNames } from '../../src/queues/queues.js';
import { RedisLock } from '../../src/redis/redis-lock.js';
import { useWorkerApp } from '../helpers/use-worker-app.js';
import { waitUntil } from '../helpers/wait-until.js';
import { workerEnv } from '../helpers/worker-env.js';

const minute = 60_000;

describe('single-flight polling across replicas', () => {
  const { prefixes, admin, writeRules, createApp, openQueueEvents } = useWorkerApp();
  const emulator = emulatorFixture({ maxPageSize: 100 });
  beforeEach(emulator.start);
  let rulesDir: string;
  let pollEvents: QueueEvents;

  beforeEach(async () => {
    rulesDir = await writeRules();
    const now = Date.now();
    emulator.graph.addEvents(
      generateTraffic({ seed: 5, start: now - 50 * minute, end: now - minute, eventsPerHour: 1200 }),
    );
    pollEvents = await openQueueEvents(queueNames.poll);
  });

  function config(extra: Record<string, string>) {
    return parseWorkerConfig(
      workerEnv(emulator.graph, {
        ...prefixes,
        rulesDir,
        extra: { WORKER_QUEUES: 'poll', POLL_DELAY: '0s', POLL_OVERLAP: '10m', LAG_ALERT_THRESHOLD: '2h', ...extra },
      }),
    );
  }

  it('two workers on one Redis poll a tenant once per tick, never concurrently', async () => {
    const results: Array<{ jobId: string; result: PollJobResult }> = [];
    pollEvents.on('completed', ({ jobId, returnvalue }) =>
      results.push({ jobId, result: returnvalue as unknown as PollJobResult }),
    );
    const cfg = config({ POLL_INTERVAL: '1s' });
    const apps = [createApp(cfg), createApp(cfg)];
    await Promise.all(apps.map((app) => app.start()));

    // A burst of extra polls on top of the schedule: four can run at once across the two replicas.
    await apps[0]!.queues.poll.addBulk(
      Array.from({ length: 8 }, (_, i) => ({
        name: 'poll',
        data: { tenant: 'contoso' },
        opts: { jobId: `burst-${i}` },
      })),
    );
    const scheduled = () => results.filter((r) => r.jobId.startsWith('repeat:poll:contoso:'));
    const burst = () => results.filter((r) => r.jobId.startsWith('burst-'));
    await waitUntil(
      async () => scheduled().length >= 5 && burst().length === 8,
      [{ emitter: pollEvents, events: ['completed'] }],
    );
    await Promise.all(apps.map((app) => app.close()));

    const ticks = scheduled();
    // One job per tick, whichever replica took it.
    expect(new Set(ticks.map((t) => t.jobId)).size).toBe(ticks.length);
    const polled = results.map((r) => r.result).filter((r) => r.status === 'polled');
    const windows = polled.flatMap((r) => r.windows);
    // Each poll started from the watermark the previous one left: no window was read twice.
    expect(new Set(windows.map((w) => w.from)).size).toBe(windows.length);
    const ends = windows.map((w) => w.to);
    expect([...ends].sort((a, b) => a - b)).toEqual(ends);
    // Every stored event was delivered once in total.
    const delivered = polled.reduce((n, r) => n + r.delivered, 0);
    expect(delivered).toBe(emulator.graph.eventCount());
    expect(await admin.zcard(new RedisKeys(prefixes.keyPrefix).seen('contoso'))).toBe(delivered);
    // A first page (those without $skiptoken) per service (the default ones) and hour of each window, and
    // no more.
    const services = cfg.tenants[0]!.services!.length;
    const firstPages = emulator.graph.requests.filter((r) => r.status === 200 && !r.query.includes('skiptoken'));
    const hours = (w: { from: number; to: number }) => Math.max(1, Math.ceil((w.to - w.from) / (60 * minute)));
    expect(firstPages.length).toBe(windows.reduce((n, w) => n + services * hours(w), 0));
  });

  it('a poll of a tenant that is being polled elsewhere returns at once', async () => {
    const app = createApp(config({ POLL_INTERVAL: '1h' }));
    const lock = (await RedisLock.acquire(admin, new RedisKeys(prefixes.keyPrefix).pollLock('contoso'), 60_000))!;
    await app.start();
    const requestsBefore = emulator.graph.stats.graphRequests;
    const job = await app.queues.poll.add('poll', { tenant: 'contoso' }, { jobId: 'manual-locked' });
    const result = (await job.waitUntilFinished(pollEvents, 30_000)) as PollJobResult;
    expect(result).toMatchObject({ tenant: 'contoso', status: 'locked', windows: [], delivered: 0 });
    expect(emulator.graph.stats.graphRequests).toBe(requestsBefore);
    await lock.release();
    const next = await app.queues.poll.add('poll', { tenant: 'contoso' }, { jobId: 'manual-free' });
    const polled = (await next.waitUntilFinished(pollEvents, 30_000)) as PollJobResult;
    expect(['polled', 'idle']).toContain(polled.status);
  });
});
