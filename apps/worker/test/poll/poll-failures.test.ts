import { VirtualClock } from '@b2c-alerts/audit-client';
import { emulatorFixture, generateTraffic, type Fault } from '@b2c-alerts/testkit';
import type { Job, QueueEvents } from 'bullmq';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseWorkerConfig, RedisKeys, type AlertJobData, type WorkerApp } from '../../src/index.js';
import type { PollJobResult } from '../../src/poll/poll-processor.js';
import { queueNames } from '../../src/queues/queues.js';
import { useWorkerApp } from '../helpers/use-worker-app.js';
import { workerEnv } from '../helpers/worker-env.js';

const T0 = Date.parse('2026-01-05T12:00:00Z');
const minute = 60_000;

describe('failing polls: classification and self-alerts', () => {
  const { prefixes, admin, writeRules, createApp, openQueueEvents } = useWorkerApp();
  const keys = new RedisKeys(prefixes.keyPrefix);
  let clock: VirtualClock;
  const emulator = emulatorFixture({ now: () => clock.now() });
  beforeEach(emulator.start);
  let app: WorkerApp;
  let pollEvents: QueueEvents;
  let seq = 0;

  beforeEach(async () => {
    const rulesDir = await writeRules();
    clock = new VirtualClock(T0);
    emulator.graph.addEvents(
      generateTraffic({ seed: 2, start: T0 - 50 * minute, end: T0 - 10 * minute, eventsPerHour: 600 }),
    );
    pollEvents = await openQueueEvents(queueNames.poll);
    const config = parseWorkerConfig(
      workerEnv(emulator.graph, {
        ...prefixes,
        rulesDir,
        extra: { WORKER_QUEUES: 'poll', POLL_INTERVAL: '1h', LAG_ALERT_THRESHOLD: '2h' },
      }),
    );
    // No scheduler runs here: polls are added one by one below.
    app = createApp({ ...config, poll: { ...config.poll, intervalMs: 24 * 60 * minute } }, { clock });
  });

  async function poll(): Promise<{ result?: PollJobResult; error?: string; job: Job }> {
    const job = await app.queues.poll.add('poll', { tenant: 'contoso' }, { jobId: `manual-${++seq}` });
    try {
      return { result: (await job.waitUntilFinished(pollEvents, 30_000)) as PollJobResult, job };
    } catch (error) {
      return { error: (error as Error).message, job };
    }
  }

  const selfAlerts = async (ruleId: string) =>
    (await app.queues.alerts.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed'])).filter(
      (j: Job<AlertJobData>) => j.data.candidate.ruleId === ruleId,
    );

  it('alerts at once when a permission is missing, and only once an hour', async () => {
    await app.start();
    await drainScheduledPoll();
    clock.advance(10 * minute);
    const watermark = await admin.get(keys.watermark('contoso'));
    emulator.graph.injectFaults({ kind: '403' });
    const failed = await poll();
    expect(failed.error).toMatch(/AuditLog\.Read\.All/);
    expect(await app.queues.poll.getJobState(failed.job.id!)).toBe('failed');
    expect(await admin.get(keys.watermark('contoso'))).toBe(watermark);

    const [alert] = await selfAlerts('self.poll-failing');
    expect(alert!.data.candidate).toMatchObject({
      ruleId: 'self.poll-failing',
      severity: 'critical',
      title: 'Polling tenant contoso is failing: permission missing',
      groupValues: { tenant: 'contoso', reason: 'permission', failures: '1' },
    });
    expect(String(alert!.data.candidate.groupValues['error'])).not.toContain(emulator.graph.clientSecret);

    emulator.graph.injectFaults({ kind: '403' });
    expect((await poll()).error).toBeDefined();
    expect(await selfAlerts('self.poll-failing')).toHaveLength(1);
    expect(await app.metrics.registry.getSingleMetricAsString('b2c_alerts_poll_failures_total')).toContain(
      'b2c_alerts_poll_failures_total{tenant="contoso",reason="permission"} 2',
    );
  });

  it('alerts on transient failures only after three in a row; a success resets the count', async () => {
    await app.start();
    await drainScheduledPoll();
    const exhaust: Fault[] = Array.from({ length: 8 }, () => ({ kind: '503' }));

    for (let i = 1; i <= 2; i++) {
      clock.advance(5 * minute);
      emulator.graph.injectFaults(...exhaust);
      expect((await poll()).error).toMatch(/Gave up reading audit events/);
      expect(await admin.get(keys.failures('contoso'))).toBe(String(i));
    }
    expect(await selfAlerts('self.poll-failing')).toHaveLength(0);

    clock.advance(5 * minute);
    emulator.graph.injectFaults(...exhaust);
    expect((await poll()).error).toBeDefined();
    const alerts = await selfAlerts('self.poll-failing');
    expect(
      alerts.map((a) => [
        a.data.candidate.severity,
        a.data.candidate.groupValues['reason'],
        a.data.candidate.groupValues['failures'],
      ]),
    ).toEqual([['high', 'graph-unavailable', '3']]);

    clock.advance(5 * minute);
    expect((await poll()).result?.status).toBe('polled');
    expect(await admin.exists(keys.failures('contoso'))).toBe(0);
  });

  it('raises self.lag when the read position falls behind the threshold', async () => {
    await app.start();
    await drainScheduledPoll();
    clock.advance(3 * 60 * minute);
    emulator.graph.injectFaults(...Array.from({ length: 8 }, (): Fault => ({ kind: '500' })));
    expect((await poll()).error).toBeDefined();
    const [lag] = await selfAlerts('self.lag');
    expect(lag!.data.candidate).toMatchObject({
      severity: 'high',
      groupValues: { tenant: 'contoso', reason: 'behind' },
    });
    // 3 h since the watermark (T0 − 7 min), plus the virtual backoff of the failed attempts.
    expect(Number(lag!.data.candidate.groupValues['behindMinutes'])).toBeGreaterThanOrEqual(187);
    expect(lag!.data.candidate.groupValues['readUpTo']).toBe(new Date(T0 - 7 * minute).toISOString());
  });

  /** Start runs the scheduler's first poll at once; wait for it so manual polls do not meet its lock. */
  async function drainScheduledPoll(): Promise<void> {
    const [scheduled] = await app.queues.poll.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
    if (scheduled && !(await scheduled.isCompleted()) && !(await scheduled.isFailed()))
      await scheduled.waitUntilFinished(pollEvents, 30_000);
  }
});
