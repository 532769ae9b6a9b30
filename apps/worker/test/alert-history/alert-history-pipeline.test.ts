import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { candidate, route, rule } from '../helpers/alert-pipeline-harness.js';
import { usePipelines } from '../helpers/use-pipelines.js';

const start = usePipelines();

const minute = 60_000;
const keyDeleted = rule('b2c.keys.policy-key-deleted', 'critical');
const spray = rule('b2c.signin.password-spray', 'high');
const security = route('security', { slack: { channel: '#sec' }, email: { to: ['soc@contoso.test'] } });
const slackOnly = route('security', { slack: { channel: '#sec' } });

describe('alert history through the alerts and deliver stages', () => {
  it('records an alert once when its job runs again and on two workers, with both deliveries', async () => {
    const p = await start({ rules: [keyDeleted], routes: [security] }, 2);
    const c = candidate(keyDeleted, 1);
    await Promise.all([
      p.addAlert(c),
      p.addAlert(c, { jobId: 'al:replay:1' }),
      p.addAlert(c, { jobId: 'al:replay:2' }),
    ]);
    await p.slack.waitForMessages(1);
    await p.smtp.waitForMail(1);
    await p.settle();
    const page = await p.historyReader.list();
    expect(page.alerts).toHaveLength(1);
    const [record] = page.alerts;
    expect(record).toMatchObject({
      ruleId: keyDeleted.id,
      title: 'Rule b2c.keys.policy-key-deleted',
      severity: 'critical',
      tenant: 'contoso',
      group: keyDeleted.id,
      count: 1,
      eventIds: [c.eventIds[0]],
      eventCount: 1,
      firstEventAt: c.firstTime,
      lastEventAt: c.lastTime,
      raisedAt: new Date(p.clock.now()).toISOString(),
      ruleSetVersion: 'test-rules',
      state: 'routed',
      routes: ['security'],
      channels: ['slack:#sec', 'email:soc@contoso.test'],
    });
    expect(record!.deliveries.map((d) => [d.channel, d.state, d.attempts]).sort()).toEqual([
      ['email:soc@contoso.test', 'sent', 1],
      ['slack:#sec', 'sent', 1],
    ]);
    expect(await p.historyReader.get(record!.id)).toEqual(record);
  });

  it('records silenced alerts as silenced, with the silence, and alerts without a route as no-route', async () => {
    const silences = [
      {
        id: 'chg-1',
        matchers: [{ name: 'ruleId', value: spray.id }],
        startsAt: new Date(Date.now() - minute).toISOString(),
        endsAt: new Date(Date.now() + 60 * minute).toISOString(),
        reason: 'pen test',
        author: 'bob',
      },
    ];
    const nowhere = rule('b2c.apps.app-created', 'low', ['pager']);
    const p = await start({ rules: [spray, nowhere], routes: [security], silences });
    await p.addAlert(candidate(spray, 1, { group: 'mallory' }));
    await p.addAlert(candidate(nowhere, 2));
    await p.settle();
    const { alerts } = await p.historyReader.list();
    expect(alerts.map((a) => [a.ruleId, a.state, a.silenceId, a.channels, a.deliveries])).toEqual([
      [nowhere.id, 'no-route', undefined, [], []],
      [spray.id, 'silenced', 'chg-1', [], []],
    ]);
    expect(p.slack.messages).toHaveLength(0);
  });

  it('records a failed delivery, then its send, under every alert of a merged notification', async () => {
    const grouped = route('security', { slack: { channel: '#sec' }, groupWaitMs: 5 * minute });
    const p = await start({ rules: [spray], routes: [grouped] });
    const [{ deliver }] = p.workers as [(typeof p.workers)[number]];
    await p.addAlert(candidate(spray, 1, { group: 'mallory' }));
    await p.addAlert(candidate(spray, 2, { group: 'mallory' }));
    await p.settle(['waiting', 'active']);
    p.slack.injectFaults('server_error');
    const failed = once(deliver, 'failed');
    await p.alertsQueue.promoteJobs();
    await failed;
    await p.deliverQueue.promoteJobs();
    await p.slack.waitForMessages(1);
    await p.settle();
    const { alerts } = await p.historyReader.list();
    expect(alerts).toHaveLength(2);
    for (const a of alerts) {
      expect(a.deliveries.map((d) => [d.state, d.attempts, d.error])).toEqual([
        ['failed', 1, expect.stringMatching(/^[A-Z_]+$/)],
        ['sent', 2, undefined],
      ]);
      expect(a.deliveries[0]!.notificationId).not.toBe(a.id);
    }
  });

  it('records a permanent failure as dead, and a delivery after its last retry as dead', async () => {
    const p = await start({ rules: [keyDeleted, spray], routes: [slackOnly] });
    const [{ deliver }] = p.workers as [(typeof p.workers)[number]];
    p.slack.injectFaults('channel_not_found');
    await p.addAlert(candidate(keyDeleted, 1));
    await p.settle();
    const [permanent] = (await p.historyReader.list()).alerts;
    expect(permanent!.deliveries).toEqual([expect.objectContaining({ state: 'dead', attempts: 1 })]);

    p.slack.injectFaults(...Array.from({ length: 8 }, () => 'server_error' as const));
    await p.addAlert(candidate(spray, 2));
    for (let attempt = 1; attempt <= 8; attempt++) {
      await once(deliver, 'failed');
      await p.deliverQueue.promoteJobs();
    }
    await p.settle();
    const [retried] = (await p.historyReader.list({ rule: spray.id })).alerts;
    expect(retried!.deliveries.map((d) => d.state)).toEqual([...Array.from({ length: 7 }, () => 'failed'), 'dead']);
    expect(retried!.deliveries.map((d) => d.attempts)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(p.slack.messages).toHaveLength(0);
  });

  it('a history that cannot be written neither fails nor repeats a send', async () => {
    const p = await start({ rules: [keyDeleted], routes: [slackOnly] });
    // The deliveries stream's key holds a string: every XADD to it fails.
    await p.producer.set(p.keys.historyDeliveries(), 'not a stream');
    await p.addAlert(candidate(keyDeleted, 1));
    await p.slack.waitForMessages(1);
    await p.settle();
    expect(p.slack.messages).toHaveLength(1);
    expect(p.failures).toEqual([]);
    expect(await p.counter(p.metrics.historyWriteFailures, { kind: 'delivery' })).toBe(1);
    expect(await p.counter(p.metrics.deliveries, { channel: 'slack', outcome: 'sent' })).toBe(1);
  });

  it('links each Slack message and email to an alert the history knows (CONSOLE_URL)', async () => {
    const grouped = route('security', { ...security, groupWaitMs: 5 * minute });
    const p = await start({ rules: [spray], routes: [grouped], consoleUrl: 'http://127.0.0.1:8080' });
    await p.addAlert(candidate(spray, 1, { group: 'mallory' }));
    await p.addAlert(candidate(spray, 2, { group: 'mallory' }));
    await p.flush();
    const [message] = p.slack.messages;
    const [mail] = p.smtp.mails;
    const linked = /http:\/\/127\.0\.0\.1:8080\/#\/alerts\/([0-9a-f]{16})/;
    const fromSlack = linked.exec(JSON.stringify(message?.blocks))?.[1];
    const fromMail = linked.exec(mail?.text ?? '')?.[1];
    expect(fromSlack).toBeDefined();
    expect(fromMail).toBe(fromSlack);
    // The notification merged two alerts: it links to the newest, which the history holds.
    const record = await p.historyReader.get(fromSlack!);
    expect(record).toMatchObject({ ruleId: spray.id, firstEventAt: candidate(spray, 2).firstTime });
    expect(JSON.stringify(message?.blocks)).toContain(
      `#/events?ids=${[1, 2].map((n) => encodeURIComponent(candidate(spray, n, { group: 'mallory' }).eventIds[0]!)).join(',')}`,
    );
  });
});
