import { VirtualClock } from '@b2c-alerts/audit-client';
import { GraphEmulator, SlackEmulator, SmtpSink, generateTraffic, incidents } from '@b2c-alerts/testkit';
import type { Counter } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { openAlertHistory, parseWorkerConfig, type WorkerApp } from '../src/index.js';
import { queueNames } from '../src/queues/queues.js';
import { immediateRoutesYaml } from './helpers/rules-dir.js';
import { useWorkerApp } from './helpers/use-worker-app.js';
import { waitUntil } from './helpers/wait-until.js';
import { workerEnv } from './helpers/worker-env.js';

const T0 = Date.parse('2026-01-05T12:00:00Z');
const minute = 60_000;

// Silences the deletion of one keyset only; the window spans the test's virtual and wall clocks alike.
const silences = `silences:
  - id: chg-facebook-secret-retired
    matchers:
      - { name: ruleId, value: test.keys.policy-key-deleted }
      - { name: target.id, value: B2C_1A_FacebookSecret }
    startsAt: 2026-01-01T00:00:00Z
    endsAt: 2099-01-01T00:00:00Z
    reason: The Facebook IdP is being retired (CHG-42).
    author: alex.wilber@contosob2c.onmicrosoft.com
`;

const sum = async (counter: Counter<string>, labels: Record<string, string>) =>
  (await counter.get()).values
    .filter((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))
    .reduce((n, v) => n + v.value, 0);

describe('Graph → Slack and SMTP, two workers on one Redis, faults on', () => {
  const { prefixes, defer, writeRules, createApp, openQueueEvents } = useWorkerApp();

  it('delivers every planted incident once per channel, a later alert of a group in its thread, nothing silenced and nothing for benign traffic', async () => {
    const clock = new VirtualClock(T0);
    const graph = await GraphEmulator.start({
      now: () => clock.now(),
      maxPageSize: 250,
      randomFaults: {
        probability: 0.15,
        seed: 21,
        kinds: ['500', '503', '429', 'truncated-json', 'duplicate-across-boundary', 'network-reset'],
      },
    });
    const slack = await SlackEmulator.start();
    const smtp = await SmtpSink.start();
    const rulesDir = await writeRules({ 'routes.yaml': immediateRoutesYaml, 'silences.yaml': silences });
    defer(
      () => graph.close(),
      () => slack.close(),
      () => smtp.close(),
    );

    graph.addEvents(generateTraffic({ seed: 8, start: T0 - 170 * minute, end: T0 - 10 * minute, eventsPerHour: 2000 }));
    // The same keyset deleted twice by the same admin, beyond the rule's 1 h throttle: one group, so the
    // second alert goes in the Slack thread of the first.
    graph.addEvents(incidents.policyKeyDeleted(T0 - 150 * minute));
    graph.addEvents(incidents.policyKeyDeleted(T0 - 70 * minute));
    graph.addEvents(incidents.policyKeyDeleted(T0 - 40 * minute, { keyset: 'B2C_1A_FacebookSecret' }));
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
          POLL_INITIAL_LOOKBACK: '3h',
          SLACK_BOT_TOKEN: slack.token,
          SLACK_API_URL: slack.url,
          ALERT_SLACK_CHANNEL: '#security',
          SMTP_URL: smtp.url,
          ALERT_EMAIL_FROM: 'B2C alerts <alerts@contoso.test>',
          ALERT_EMAIL_TO: 'soc@contoso.test',
          CONSOLE_URL: 'https://console.contoso.test',
        },
      }),
    );
    const deliverEvents = await openQueueEvents(queueNames.deliver);
    const apps: WorkerApp[] = [createApp(config, { clock }), createApp(config, { clock })];
    await Promise.all(apps.map((app) => app.start()));

    const [messages, mails] = await Promise.all([
      slack.waitForMessages(4, { timeoutMs: 30_000 }),
      smtp.waitForMail(4, { timeoutMs: 30_000 }),
    ]);
    // Settle: nothing left to evaluate, group or deliver (scheduled ticks and polls wait, delayed).
    await waitUntil(async () => {
      const pending = await Promise.all(
        (['evaluate', 'alerts', 'deliver'] as const).map((q) =>
          apps[0]!.queues[q].getJobs(['waiting', 'active', 'prioritized', 'delayed']),
        ),
      );
      return pending.flat().every((job) => job.name === 'tick');
    }, [{ emitter: deliverEvents, events: ['completed', 'failed'] }]);

    expect(slack.messages).toHaveLength(4);
    expect(smtp.mails).toHaveLength(4);
    expect(messages.every((m) => m.channel === '#security')).toBe(true);
    const about = (text: string) => messages.filter((m) => m.text.includes(text));
    const [signingFirst, signingLater, ...signingMore] = [...about('B2C_1A_TokenSigningKeyContainer')].sort(
      (a, b) => Number(a.thread_ts !== undefined) - Number(b.thread_ts !== undefined),
    );
    expect(signingMore).toEqual([]);
    expect(signingFirst?.thread_ts).toBeUndefined();
    expect(signingLater?.thread_ts).toBe(signingFirst?.ts);
    expect(about('B2C_1A_GoogleSecret').map((m) => m.thread_ts)).toEqual([undefined]);
    expect(about('Burst of custom policy changes').map((m) => m.thread_ts)).toEqual([undefined]);
    expect(about('B2C_1A_FacebookSecret')).toEqual([]);
    expect(mails.map((m) => m.subject).sort()).toEqual([
      '[CRITICAL] Policy key deleted',
      '[CRITICAL] Policy key deleted',
      '[CRITICAL] Policy key deleted',
      '[HIGH] Burst of custom policy changes',
    ]);
    expect(mails.some((m) => m.text.includes('B2C_1A_FacebookSecret'))).toBe(false);
    // The silenced deletion was raised and then held back, not missed.
    const silenced = await Promise.all(
      apps.map((app) => sum(app.metrics.alertsSilenced, { rule: 'test.keys.policy-key-deleted' })),
    );
    expect(silenced.reduce((a, b) => a + b, 0)).toBe(1);
    expect(graph.stats.faultsServed).toBeGreaterThan(0);
    expect(slack.requests.some((r) => r.status === 429)).toBe(true);
    expect(await apps[0]!.queues.deliver.getJobCounts('failed')).toEqual({ failed: 0 });

    // The alert history holds each alert once, the silenced one too, and every message links to one of them.
    const handle = openAlertHistory({ redisUrl: config.redis.url, keyPrefix: config.redis.keyPrefix });
    defer(() => handle.close());
    const { alerts } = await handle.history.list({ limit: 100 });
    expect(alerts.map((a) => a.state).sort()).toEqual(['routed', 'routed', 'routed', 'routed', 'silenced']);
    expect(new Set(alerts.map((a) => a.id)).size).toBe(alerts.length);
    for (const a of alerts.filter((x) => x.state === 'routed')) {
      const latest = new Map(a.deliveries.map((d) => [d.channel, d.state]));
      expect(Object.fromEntries(latest)).toEqual({ 'slack:#security': 'sent', 'email:soc@contoso.test': 'sent' });
    }
    expect(alerts.some((a) => a.deliveries.some((d) => d.state === 'failed'))).toBe(true);
    for (const m of messages) {
      const id = /https:\/\/console\.contoso\.test\/#\/alerts\/([0-9a-f]{16})\|Investigate/.exec(
        JSON.stringify(m.blocks),
      )?.[1];
      expect(alerts.map((a) => a.id)).toContain(id);
    }
  });
});
