import { type DirectoryAudit } from '@b2c-alerts/audit-client';
import { emulatorFixture, incidents } from '@b2c-alerts/testkit';
import type { Job, QueueEvents } from 'bullmq';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseWorkerConfig, type AlertJobData, type WorkerApp } from '../../src/index.js';
import { evaluateJobId } from '../../src/queues/job-ids.js';
import { jobNames, queueNames } from '../../src/queues/queues.js';
import { useWorkerApp } from '../helpers/use-worker-app.js';
import { workerEnv } from '../helpers/worker-env.js';

const T0 = Date.parse('2026-03-01T08:00:00Z');
const minute = 60_000;

/** A rule on 'Get policy keys' records, which admins make and which carry no details.PolicyId. */
const readsRule = (id: string, body: string) => `id: ${id}
title: Policy keys read
description: Policy keys were read.
severity: low
match: { all: [{ fact: activity, operator: equal, value: Get policy keys }] }
${body}
notify: [security]
`;
const byPolicy = 'test.keys.reads-by-policy';
const policiesPerActor = 'test.keys.policies-per-actor';
const throttledByPolicy = 'test.keys.reads-throttled-by-policy';
const byPolicyOrActor = 'test.keys.reads-by-policy-or-actor';

/** `count` 'Get policy keys' records by one admin, a minute apart. */
function reads(count: number): DirectoryAudit[] {
  return Array.from(
    { length: count },
    (_, i) => incidents.policyKeyDeleted(T0 + i * minute, { actorUpn: 'mallory@evil.example' })[0]!,
  );
}

describe('evaluate: matches a rule cannot use as written', () => {
  const { prefixes, writeRules, createApp, openQueueEvents } = useWorkerApp();
  const emulator = emulatorFixture();
  beforeEach(emulator.start);
  let app: WorkerApp;
  let evaluateEvents: QueueEvents;

  beforeEach(async () => {
    const rulesDir = await writeRules({
      'keys/reads-by-policy.rule.yaml': readsRule(
        byPolicy,
        'aggregate: { kind: count, groupBy: [details.PolicyId], window: 1h, threshold: 2 }',
      ),
      'keys/policies-per-actor.rule.yaml': readsRule(
        policiesPerActor,
        'aggregate: { kind: distinct, groupBy: [actor.upn], field: details.PolicyId, window: 1h, threshold: 2 }',
      ),
      'keys/reads-throttled-by-policy.rule.yaml': readsRule(
        throttledByPolicy,
        'throttle: { key: [details.PolicyId], for: 1h }',
      ),
      'keys/reads-by-policy-or-actor.rule.yaml': readsRule(
        byPolicyOrActor,
        'aggregate: { kind: count, groupBy: [{ firstOf: [details.PolicyId, actor.upn] }], window: 1h, threshold: 3 }',
      ),
    });
    const env = workerEnv(emulator.graph, {
      ...prefixes,
      rulesDir,
      extra: { WORKER_QUEUES: 'evaluate', POLL_INTERVAL: '1h', LAG_ALERT_THRESHOLD: '2h' },
    });
    app = createApp(parseWorkerConfig(env));
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

  const skipped = async () =>
    Object.fromEntries(
      (await app.metrics.registry.getSingleMetric('b2c_alerts_rule_skipped_total')!.get()).values.map((v) => [
        `${v.labels['rule']} ${v.labels['reason']}`,
        v.value,
      ]),
    );

  const alertedRules = async () =>
    ((await app.queues.alerts.getJobs(['waiting', 'active', 'completed', 'delayed'])) as Array<Job<AlertJobData>>)
      .map((j) => j.data.candidate.ruleId)
      .sort();

  it('counts them per rule and reason in b2c_alerts_rule_skipped_total; the fallback rule alerts', async () => {
    await evaluate(reads(3));
    expect(await skipped()).toEqual({
      [`${byPolicy} groupBy`]: 3,
      [`${policiesPerActor} field`]: 3,
      [`${throttledByPolicy} throttle.key`]: 3,
    });
    // The rule with a fallback groups by the actor and fires; the keyless reads alert unthrottled, each.
    expect(await alertedRules()).toEqual([byPolicyOrActor, throttledByPolicy, throttledByPolicy, throttledByPolicy]);
    expect(await app.metrics.registry.getSingleMetricAsString('b2c_alerts_rule_skipped_total')).toContain(
      `b2c_alerts_rule_skipped_total{rule="${byPolicy}",reason="groupBy"} 3`,
    );

    await evaluate(reads(5).slice(3));
    expect(await skipped()).toMatchObject({ [`${byPolicy} groupBy`]: 5, [`${policiesPerActor} field`]: 5 });
  });
});
