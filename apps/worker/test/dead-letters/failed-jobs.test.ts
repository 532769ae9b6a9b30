import { stateKeys } from '@b2c-alerts/rule-engine';
import { emulatorFixture, incidents } from '@b2c-alerts/testkit';
import type { Job, Queue } from 'bullmq';
import { beforeEach, describe, expect, it } from 'vitest';
import { groupHash } from '../../src/alerts/group-hash.js';
import {
  listFailedJobs,
  openDeadLetterQueues,
  parseWorkerConfig,
  retryFailedJobs,
  type AlertJobData,
  type DeadLetterQueuesHandle,
  type WorkerApp,
} from '../../src/index.js';
import { evaluateJobId } from '../../src/queues/job-ids.js';
import { jobNames } from '../../src/queues/queues.js';
import { RedisKeys } from '../../src/redis/redis-keys.js';
import { pollUntil } from '../helpers/poll-until.js';
import { useWorkerApp } from '../helpers/use-worker-app.js';
import { workerEnv } from '../helpers/worker-env.js';

const ruleId = 'test.keys.policy-key-deleted';

describe('evaluate and alerts jobs that fail for good', () => {
  const { prefixes, admin, defer, writeRules, createApp } = useWorkerApp();
  const emulator = emulatorFixture();
  beforeEach(emulator.start);
  let app: WorkerApp;
  let tools: DeadLetterQueuesHandle;

  beforeEach(async () => {
    const rulesDir = await writeRules();
    const env = workerEnv(emulator.graph, {
      ...prefixes,
      rulesDir,
      extra: {
        WORKER_QUEUES: 'evaluate,alerts',
        POLL_INTERVAL: '1h',
        LAG_ALERT_THRESHOLD: '2h',
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        ALERT_SLACK_CHANNEL: '#security',
      },
    });
    app = createApp(parseWorkerConfig(env));
    await app.start();
    tools = openDeadLetterQueues({ redisUrl: env.REDIS_URL!, prefix: prefixes.queuePrefix });
    defer(() => tools.close());
  });

  const failedCount = async (queue: string) =>
    (await app.metrics.registry.getSingleMetric('b2c_alerts_failed_jobs_total')!.get()).values.find(
      (v) => v.labels['queue'] === queue,
    )?.value ?? 0;

  const stateOf = (queue: Queue, id: string, wanted: string) =>
    pollUntil(async () => (await (await queue.getJob(id))?.getState()) === wanted, {
      what: `job ${id} to be ${wanted}`,
    });

  const alertJobs = async () =>
    (await app.queues.alerts.getJobs(['waiting', 'active', 'completed', 'failed', 'delayed', 'prioritized'])) as Array<
      Job<AlertJobData>
    >;

  it('keeps a batch whose evaluation fails on every attempt, counts it, raises self.dead-letters, lists it and re-drives it', async () => {
    // A real Redis failure: the rule's claims set is a string, so the evaluation script gets WRONGTYPE.
    const claims = `${new RedisKeys(prefixes.keyPrefix).statePrefix('contoso')}:${stateKeys.claims(ruleId)}`;
    await admin.set(claims, 'not a sorted set');
    const events = incidents.policyKeyDeleted(Date.now() - 60 * 60_000);
    const id = evaluateJobId('contoso', events);
    await app.queues.evaluate.add(
      jobNames.evaluate,
      { tenant: 'contoso', events },
      { jobId: id, attempts: 2, backoff: { type: 'fixed', delay: 10 } },
    );

    await stateOf(app.queues.evaluate, id, 'failed');
    const failed = await app.queues.evaluate.getJob(id);
    expect(failed?.attemptsMade).toBe(2);
    // The first attempt's failure was retried, so only the last one counts.
    expect(await failedCount('b2c-evaluate')).toBe(1);

    const selfAlert = await pollUntil(
      async () => (await alertJobs()).find((j) => j.data.candidate.ruleId === 'self.dead-letters'),
      { what: 'the self-alert' },
    );
    expect(selfAlert.data.tenant).toBe('contoso');
    expect(selfAlert.data.candidate.groupValues).toMatchObject({
      reason: 'evaluate',
      queue: 'b2c-evaluate',
      jobId: id,
    });
    expect(selfAlert.data.candidate.title).toMatch(
      /^Evaluating 2 audit events of contoso failed after its last retry; .*b2c-alerts deadletters --retry/,
    );

    const rows = await listFailedJobs(tools.queues);
    expect(rows).toEqual([
      expect.objectContaining({
        queue: 'b2c-evaluate',
        jobId: id,
        name: 'evaluate',
        tenant: 'contoso',
        summary: '2 audit events of contoso',
        attempts: 2,
      }),
    ]);
    expect(rows[0]!.failedReason).toMatch(/^The state store failed during the match script/);

    // Fixed: re-driven with fresh attempts, the batch is evaluated and its alert goes on.
    await admin.del(claims);
    expect(await retryFailedJobs(Object.values(tools.queues), [id, 'no-such-job'])).toEqual({
      retried: [id],
      notFound: ['no-such-job'],
    });
    await stateOf(app.queues.evaluate, id, 'completed');
    await pollUntil(async () => (await alertJobs()).some((j) => j.data.candidate.ruleId === ruleId), {
      what: 'the re-driven batch to raise its alert',
    });
    expect(await failedCount('b2c-evaluate')).toBe(1);
    expect(await listFailedJobs(tools.queues)).toEqual([]);
  });

  it('keeps an alert that cannot be routed, counts it and lists it under the alerts queue', async () => {
    const time = new Date(Date.now() - 60 * 60_000).toISOString();
    const candidate = {
      ruleId,
      severity: 'critical' as const,
      title: 'Policy key deleted',
      groupKey: `${ruleId}|actor.name=mallory`,
      groupValues: { 'actor.name': 'mallory' },
      count: 1,
      firstTime: time,
      lastTime: time,
      eventIds: ['ev-1'],
      suppressed: 0,
      status: 'firing' as const,
    };
    // The group's state is a hash; a string there makes the grouping script fail with WRONGTYPE.
    await admin.set(
      new RedisKeys(prefixes.keyPrefix).group('security', groupHash('contoso', candidate.groupKey)),
      'not a hash',
    );
    const id = 'al:contoso:unroutable';
    await app.queues.alerts.add(
      jobNames.alert,
      { tenant: 'contoso', candidate, ruleSetVersion: app.rules.current!.version },
      { jobId: id, attempts: 1 },
    );

    await stateOf(app.queues.alerts, id, 'failed');
    expect(await failedCount('b2c-alerts')).toBe(1);
    const rows = await listFailedJobs(tools.queues);
    expect(rows).toEqual([
      expect.objectContaining({
        queue: 'b2c-alerts',
        jobId: id,
        name: 'alert',
        tenant: 'contoso',
        summary: `${ruleId}: Policy key deleted`,
        attempts: 1,
      }),
    ]);
  });
});
