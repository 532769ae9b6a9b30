import { Writable } from 'node:stream';
import { VirtualClock, type DirectoryAudit } from '@b2c-alerts/audit-client';
import { emulatorFixture, incidents } from '@b2c-alerts/testkit';
import type { Job, QueueEvents } from 'bullmq';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseWorkerConfig, RedisKeys, type AlertJobData, type WorkerApp } from '../../src/index.js';
import { evaluateJobId } from '../../src/queues/job-ids.js';
import { jobNames, queueNames } from '../../src/queues/queues.js';
import { useWorkerApp } from '../helpers/use-worker-app.js';
import { workerEnv } from '../helpers/worker-env.js';

const T0 = Date.parse('2026-03-01T08:00:00Z');
const hour = 3_600_000;

// Two rules over the same events, never firing: one with its own cap of 3 groups, one under MAX_GROUPS_PER_RULE (5).
const countRule = (id: string, maxGroups?: number) => `id: ${id}
title: Policy keys read often by one actor
description: One actor listed the policy keys many times in an hour.
severity: medium
match: { all: [{ fact: activity, operator: equal, value: Get policy keys }] }
aggregate: { kind: count, groupBy: [actor.upn], window: 1h, threshold: 1000 }
${maxGroups === undefined ? '' : `maxGroups: ${maxGroups}\n`}notify: [security]
`;
const ownCap = 'test.keys.reads-own-cap';
const envCap = 'test.keys.reads-env-cap';

/** One 'Get policy keys' record per actor, each actor new: `count` unique groups for both rules. */
function reads(from: number, count: number, at: number): DirectoryAudit[] {
  return Array.from(
    { length: count },
    (_, i) => incidents.policyKeyDeleted(at + i * 1000, { actorUpn: `flood-${from + i}@evil.example` })[0]!,
  );
}

describe('evaluate: a rule that reaches its cap on groups', () => {
  const { prefixes, admin, writeRules, createApp, openQueueEvents } = useWorkerApp();
  const emulator = emulatorFixture();
  beforeEach(emulator.start);
  const keys = new RedisKeys(prefixes.keyPrefix);
  let app: WorkerApp;
  let evaluateEvents: QueueEvents;
  let clock: VirtualClock;
  const errors: string[] = [];

  beforeEach(async () => {
    const rulesDir = await writeRules({
      'keys/reads-own-cap.rule.yaml': countRule(ownCap, 3),
      'keys/reads-env-cap.rule.yaml': countRule(envCap),
    });
    clock = new VirtualClock(T0);
    errors.length = 0;
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        errors.push((JSON.parse(chunk.toString()) as { msg: string }).msg);
        done();
      },
    });
    const env = workerEnv(emulator.graph, {
      ...prefixes,
      rulesDir,
      extra: { WORKER_QUEUES: 'evaluate', MAX_GROUPS_PER_RULE: '5', POLL_INTERVAL: '1h', LAG_ALERT_THRESHOLD: '2h' },
    });
    app = createApp(parseWorkerConfig(env), { clock, logger: pino({ level: 'error' }, destination) });
    evaluateEvents = await openQueueEvents(queueNames.evaluate);
    await app.start();
  });

  /** Evaluates one batch through the evaluate queue and waits for its job to complete. */
  async function evaluate(events: DirectoryAudit[]): Promise<void> {
    const job = await app.queues.evaluate.add(
      jobNames.evaluate,
      { tenant: 'contoso', events },
      { jobId: evaluateJobId('contoso', events) },
    );
    await job.waitUntilFinished(evaluateEvents, 30_000);
  }

  const evicted = async (rule: string) =>
    (await app.metrics.registry.getSingleMetric('b2c_alerts_rule_groups_evicted_total')!.get()).values.find(
      (v) => v.labels['tenant'] === 'contoso' && v.labels['rule'] === rule,
    )?.value ?? 0;

  const groupCapAlerts = async () =>
    ((await app.queues.alerts.getJobs(['waiting', 'active', 'completed', 'delayed'])) as Array<Job<AlertJobData>>)
      .filter((j) => j.data.candidate.ruleId === 'self.group-cap')
      .map((j) => j.data)
      .sort((a, b) => String(a.candidate.groupValues['rule']).localeCompare(String(b.candidate.groupValues['rule'])));

  it('counts the evicted groups per tenant and rule, and raises self.group-cap once per rule, not again within the hour', async () => {
    await evaluate(reads(0, 8, T0 - hour));
    // 8 new groups: the rule with its own cap of 3 evicts 5, the one under MAX_GROUPS_PER_RULE=5 evicts 3.
    expect([await evicted(ownCap), await evicted(envCap)]).toEqual([5, 3]);
    const raised = await groupCapAlerts();
    expect(raised).toHaveLength(2);
    const [env, own] = raised;
    expect(own!.tenant).toBe('contoso');
    expect(own!.candidate).toMatchObject({
      severity: 'high',
      status: 'firing',
      title: `Rule ${ownCap} reached its cap of 3 groups in contoso and evicted 5 in one batch: detections on them can be missed`,
      groupValues: { rule: ownCap, evictedInBatch: '5', maxGroups: '3', tenant: 'contoso', reason: ownCap },
    });
    expect(own!.candidate.groupValues['action']).toMatch(
      /raise maxGroups in the rule's file, or MAX_GROUPS_PER_RULE .*investigate the flood of unique values/,
    );
    expect(env!.candidate.groupValues).toMatchObject({ rule: envCap, evictedInBatch: '3', maxGroups: '5' });

    // Within the hour: more evictions are counted, no second alert.
    clock.advance(59 * 60_000);
    await evaluate(reads(8, 4, T0 - hour + 10 * 60_000));
    expect([await evicted(ownCap), await evicted(envCap)]).toEqual([9, 7]);
    expect(await groupCapAlerts()).toHaveLength(2);

    expect(errors).toEqual([]);
  });

  it('a self-alert that cannot be raised is logged, and the batch still completes and is counted', async () => {
    // A real Redis error: the throttle slot of one rule's self-alert holds a hash, so claiming it fails (WRONGTYPE).
    await admin.hset(keys.selfAlert('self.group-cap', 'contoso', ownCap), 'x', '1');
    await evaluate(reads(0, 6, T0 - hour));
    expect([await evicted(ownCap), await evicted(envCap)]).toEqual([3, 1]);
    expect((await groupCapAlerts()).map((a) => a.candidate.groupValues['rule'])).toEqual([envCap]);
    expect(errors).toEqual(['self-alert for evicted groups could not be raised']);
  });
});
