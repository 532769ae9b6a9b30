import { VirtualClock } from '@b2c-alerts/audit-client';
import { b2cAppDirectory, GraphEmulator, SlackEmulator, incidents } from '@b2c-alerts/testkit';
import { describe, expect, it } from 'vitest';
import { parseWorkerConfig } from '../../src/index.js';
import { useWorkerApp } from '../helpers/use-worker-app.js';
import { workerEnv } from '../helpers/worker-env.js';

const T0 = Date.parse('2026-01-05T12:00:00Z');
const minute = 60_000;
const web = b2cAppDirectory.servicePrincipals[0]!;
const app0 = b2cAppDirectory.applications[0]!;

const sprayRule = `id: test.signin.password-spray
title: Password spray
description: Failed password checks for 10 sign-in names from one IP in 10 minutes.
severity: high
match:
  all:
    - { fact: activity, operator: equal, value: Validate local account credentials }
    - { fact: result, operator: equal, value: failure }
aggregate: { kind: distinct, groupBy: [ip], field: details.LocalAccountUsername, window: 10m, threshold: 10 }
throttle: { key: [ip], for: 1h }
notify: [security]
fields: [ip, details.ApplicationId]
`;

/** Slack only, each alert sent as it comes. */
const routes = `routes:
  security:
    slack: { channel: '\${ALERT_SLACK_CHANNEL}' }
    group_wait: 0s
    group_interval: 0s
`;

describe('a worker names the applications in its alerts', () => {
  const { prefixes, defer, writeRules, createApp } = useWorkerApp();

  async function run(extra: Record<string, string>) {
    const clock = new VirtualClock(T0);
    const graph = await GraphEmulator.start({ now: () => clock.now() });
    const slack = await SlackEmulator.start();
    defer(
      () => graph.close(),
      () => slack.close(),
    );
    graph.addApplications(b2cAppDirectory.applications);
    graph.addServicePrincipals(b2cAppDirectory.servicePrincipals);
    graph.addEvents(incidents.passwordSpray(T0 - 40 * minute, { users: 12 }));
    const rulesDir = await writeRules({ 'routes.yaml': routes, 'data-plane/password-spray.rule.yaml': sprayRule });
    const config = parseWorkerConfig(
      workerEnv(graph, {
        ...prefixes,
        rulesDir,
        extra: {
          POLL_INTERVAL: '1h',
          LAG_ALERT_THRESHOLD: '2h',
          POLL_INITIAL_LOOKBACK: '1h',
          SLACK_BOT_TOKEN: slack.token,
          SLACK_API_URL: slack.url,
          ALERT_SLACK_CHANNEL: '#security',
          ...extra,
        },
      }),
    );
    const app = createApp(config, { clock });
    await app.start();
    const [message] = await slack.waitForMessages(1, { timeoutMs: 30_000 });
    return { graph, message: message!, app };
  }

  it('shows "Contoso Web (client id)" for the acting app, with the token the poller uses', async () => {
    // A budget no loaded machine runs out of: this test is about the wiring, not the budget.
    const { graph, message, app } = await run({ NAME_LOOKUP_BUDGET: '30s' });
    expect(message.text).toContain('Password spray');
    expect(message.text).toContain(`Who:* Contoso Web (${web.appId})`);
    expect(JSON.stringify(message.blocks)).toContain(`*details.ApplicationId*\\nContoso Web (${web.appId})`);
    // The client id (actor.spn, details.ApplicationId) by appId; the generated actor.appId, the
    // registration's object id as B2C's page describes it, found in its second form.
    const asked = graph.directoryRequests.map((r) => `${r.status} ${decodeURIComponent(r.path)}`).sort();
    expect(asked).toEqual(
      [
        `200 /v1.0/servicePrincipals(appId='${web.appId}')`,
        `404 /v1.0/servicePrincipals(appId='${app0.id}')`,
        `200 /v1.0/applications/${app0.id}`,
      ].sort(),
    );
    expect(graph.stats.tokenRequests).toBe(1);
    const found = (await app.metrics.nameLookups.get()).values.find((v) => v.labels.outcome === 'found');
    expect(found?.value).toBe(2);
  });

  it('looks nothing up with NAME_LOOKUP_BUDGET=0', async () => {
    const { graph, message } = await run({ NAME_LOOKUP_BUDGET: '0s' });
    expect(message.text).toContain(`Who:* ${web.appId}`);
    expect(message.text).not.toContain('Contoso Web');
    expect(graph.directoryRequests).toHaveLength(0);
  });
});
