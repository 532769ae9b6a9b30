import { emulatorFixture, generateTraffic } from '@b2c-alerts/testkit';
import type { QueueEvents } from 'bullmq';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseWorkerConfig, RedisKeys, type WorkerApp } from '../../src/index.js';
import type { PollJobResult } from '../../src/poll/poll-processor.js';
import { evaluateBatchSize, queueNames } from '../../src/queues/queues.js';
import { RedisLock } from '../../src/redis/redis-lock.js';
import { pollUntil } from '../helpers/poll-until.js';
import { useWorkerApp } from '../helpers/use-worker-app.js';
import { waitUntil } from '../helpers/wait-until.js';
import { workerEnv } from '../helpers/worker-env.js';

const minute = 60_000;

describe('HTTP: /healthz, /readyz, /metrics', () => {
  const { prefixes, admin, writeRules, createApp, openQueueEvents } = useWorkerApp();
  const emulator = emulatorFixture();
  beforeEach(emulator.start);
  let app: WorkerApp;
  let pollEvents: QueueEvents;

  beforeEach(async () => {
    const rulesDir = await writeRules();
    const now = Date.now();
    emulator.graph.addEvents(
      generateTraffic({ seed: 9, start: now - 50 * minute, end: now - 10 * minute, eventsPerHour: 1500 }),
    );
    pollEvents = await openQueueEvents(queueNames.poll);
    app = createApp(
      parseWorkerConfig(
        workerEnv(emulator.graph, {
          ...prefixes,
          rulesDir,
          extra: { WORKER_QUEUES: 'poll', POLL_INTERVAL: '1h', LAG_ALERT_THRESHOLD: '2h' },
        }),
      ),
    );
  });

  const get = (path: string, init?: RequestInit) => fetch(`http://127.0.0.1:${app.port}${path}`, init);

  it('is alive at once, ready only after a successful poll, and exports the metrics', async () => {
    // Another replica "holds" the tenant, so this one has no successful poll to show yet.
    const lock = (await RedisLock.acquire(admin, new RedisKeys(prefixes.keyPrefix).pollLock('contoso'), 60_000))!;
    const scheduled: PollJobResult[] = [];
    pollEvents.on('completed', ({ jobId, returnvalue }) => {
      if (jobId.startsWith('repeat:')) scheduled.push(returnvalue as unknown as PollJobResult);
    });
    await app.start();
    // The scheduler's first poll runs at once and finds the tenant locked.
    await waitUntil(async () => scheduled[0], [{ emitter: pollEvents, events: ['completed'] }]);
    expect(scheduled[0]!.status).toBe('locked');
    expect(app.port).toBeGreaterThan(0);

    const health = await get('/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    const notReady = await get('/readyz');
    expect(notReady.status).toBe(503);
    expect(await notReady.json()).toMatchObject({
      status: 'not ready',
      ready: false,
      reasons: ['tenant contoso has no successful poll yet'],
      rulesVersion: app.rules.current!.version,
      lastPoll: { contoso: null },
    });

    await lock.release();
    const job = await app.queues.poll.add('poll', { tenant: 'contoso' }, { jobId: 'manual-http' });
    const polled = (await job.waitUntilFinished(pollEvents, 30_000)) as PollJobResult;
    expect(polled.status).toBe('polled');

    // The answer is kept for a second (a flood of /readyz costs Redis once a second), so it turns within one.
    const ready = await pollUntil(
      async () => {
        const res = await get('/readyz');
        return res.status === 200 ? res : undefined;
      },
      { what: '/readyz to answer ready' },
    );
    const body = (await ready.json()) as { ready: boolean; reasons: string[]; lastPoll: Record<string, string> };
    expect(body).toMatchObject({ status: 'ready', ready: true, reasons: [] });
    expect(Date.parse(body.lastPoll['contoso']!)).toBeGreaterThan(Date.now() - minute);

    const metrics = await get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await metrics.text();
    expect(text).toContain(`b2c_alerts_events_fetched_total{tenant="contoso"} ${polled.delivered}`);
    // Batches are cut per page, and B2C and Core Directory are read page by page, each hour apart.
    const batches = await app.queues.evaluate.getWaitingCount();
    expect(batches).toBeGreaterThanOrEqual(Math.ceil(polled.delivered / evaluateBatchSize));
    expect(polled.delivered).toBe(emulator.graph.eventCount());
    // Nobody evaluates in this process (WORKER_QUEUES=poll), so the batches wait.
    expect(text).toMatch(new RegExp(`b2c_alerts_queue_depth\\{queue="b2c-evaluate",state="waiting"\\} ${batches}\\b`));
    const lag = Number(/b2c_alerts_lag_seconds\{tenant="contoso"\} ([\d.e+]+)/.exec(text)?.[1]);
    expect(lag).toBeGreaterThanOrEqual(10 * 60);
    expect(lag).toBeLessThan(60 * 60);
    expect(text).toContain('b2c_alerts_rules_reloads_total{outcome="loaded"} 1');
    expect(text).toContain('b2c_alerts_process_cpu_user_seconds_total');

    expect((await get('/nope')).status).toBe(404);
    expect((await get('/metrics', { method: 'POST' })).status).toBe(405);
  });
});
