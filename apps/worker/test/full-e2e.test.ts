import { rm } from 'node:fs/promises';
import { VirtualClock } from '@b2c-alerts/audit-client';
import { GraphEmulator, SlackEmulator, SmtpSink, generateTraffic, incidents } from '@b2c-alerts/testkit';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkerApp, parseWorkerConfig, queueNames, type WorkerApp } from '../src/index.js';
import { adminRedis, deleteKeys, redisUrl, testPrefixes } from './helpers/redis-test.js';
import { writeRulesDir } from './helpers/rules-dir.js';
import { waitUntil } from './helpers/wait-until.js';
import { workerEnv } from './helpers/worker-env.js';

const T0 = Date.parse('2026-01-05T12:00:00Z');
const minute = 60_000;

const routes = `routes:
  security:
    slack: { channel: '\${ALERT_SLACK_CHANNEL}' }
    email: { to: '\${ALERT_EMAIL_TO}' }
    group_wait: 0s
    group_interval: 0s
`;

describe('Graph → Slack and SMTP, two workers on one Redis, faults on', () => {
  const prefixes = testPrefixes();
  const admin = adminRedis();
  const cleanup: Array<() => Promise<unknown>> = [];

  afterEach(async () => {
    for (const step of cleanup.reverse()) await step();
    cleanup.length = 0;
    await deleteKeys(admin, prefixes.keyPrefix, prefixes.queuePrefix);
  });

  it('delivers every planted incident once per channel and nothing for benign traffic', async () => {
    const clock = new VirtualClock(T0);
    const graph = await GraphEmulator.start({
      now: () => clock.now(),
      maxPageSize: 250,
      randomFaults: { probability: 0.15, seed: 21, kinds: ['500', '503', '429', 'truncated-json', 'duplicate-across-boundary', 'network-reset'] },
    });
    const slack = await SlackEmulator.start();
    const smtp = await SmtpSink.start();
    const rulesDir = await writeRulesDir({ 'routes.yaml': routes });
    cleanup.push(() => graph.close(), () => slack.close(), () => smtp.close(), () => rm(rulesDir, { recursive: true, force: true }));

    graph.addEvents(generateTraffic({ seed: 8, start: T0 - 80 * minute, end: T0 - 10 * minute, eventsPerHour: 2000 }));
    graph.addEvents(incidents.policyKeyDeleted(T0 - 70 * minute));
    graph.addEvents(incidents.customPolicyBurst(T0 - 50 * minute, { count: 9 }));
    graph.addEvents(incidents.policyKeyDeleted(T0 - 30 * minute, { keyset: 'B2C_1A_GoogleSecret' }));
    graph.injectFaults({ kind: '503' }, { kind: 'truncated-json' }, { kind: 'duplicate-across-boundary' });
    slack.injectFaults({ kind: 'rate_limited', retryAfterSeconds: 1 }, 'server_error');

    const config = parseWorkerConfig(
      workerEnv(graph, {
        ...prefixes,
        rulesDir,
        extra: {
          POLL_INTERVAL: '1h',
          LAG_ALERT_THRESHOLD: '2h',
          POLL_INITIAL_LOOKBACK: '2h',
          SLACK_BOT_TOKEN: slack.token,
          SLACK_API_URL: slack.url,
          ALERT_SLACK_CHANNEL: '#security',
          SMTP_URL: smtp.url,
          ALERT_EMAIL_FROM: 'B2C alerts <alerts@contoso.test>',
          ALERT_EMAIL_TO: 'soc@contoso.test',
        },
      }),
    );
    const deliverEvents = new QueueEvents(queueNames.deliver, { connection: new Redis(redisUrl(), { maxRetriesPerRequest: null }), prefix: prefixes.queuePrefix });
    await deliverEvents.waitUntilReady();
    cleanup.push(() => deliverEvents.close());
    const apps: WorkerApp[] = [createWorkerApp(config, { clock }), createWorkerApp(config, { clock })];
    cleanup.push(() => Promise.all(apps.map((app) => app.close())));
    await Promise.all(apps.map((app) => app.start()));

    const [messages, mails] = await Promise.all([slack.waitForMessages(3, { timeoutMs: 30_000 }), smtp.waitForMail(3, { timeoutMs: 30_000 })]);
    // Settle: nothing left to evaluate, group or deliver (scheduled ticks and polls wait, delayed).
    await waitUntil(
      async () => {
        const pending = await Promise.all(
          (['evaluate', 'alerts', 'deliver'] as const).map((q) => apps[0]!.queues[q].getJobs(['waiting', 'active', 'prioritized', 'delayed'])),
        );
        return pending.flat().every((job) => job.name === 'tick');
      },
      [{ emitter: deliverEvents, events: ['completed', 'failed'] }],
    );

    expect(slack.messages).toHaveLength(3);
    expect(smtp.mails).toHaveLength(3);
    const texts = messages.map((m) => m.text).join('\n');
    expect(texts).toContain('B2C_1A_TokenSigningKeyContainer');
    expect(texts).toContain('B2C_1A_GoogleSecret');
    expect(messages.every((m) => m.channel === '#security' && m.thread_ts === undefined)).toBe(true);
    expect(mails.map((m) => m.subject).sort()).toEqual(['[CRITICAL] Policy key deleted', '[CRITICAL] Policy key deleted', '[HIGH] Burst of custom policy changes']);
    expect(graph.stats.faultsServed).toBeGreaterThan(0);
    expect(slack.requests.some((r) => r.status === 429)).toBe(true);
    expect(await apps[0]!.queues.deliver.getJobCounts('failed')).toEqual({ failed: 0 });
  });
});
