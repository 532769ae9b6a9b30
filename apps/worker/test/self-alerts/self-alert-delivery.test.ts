import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AlertCandidate } from '@b2c-alerts/rule-engine';
import { emulatorFixture, SlackEmulator, SmtpSink, type SlackPostedMessage } from '@b2c-alerts/testkit';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseWorkerConfig, type WorkerApp } from '../../src/index.js';
import { jobNames } from '../../src/queues/queues.js';
import { brokenRule, immediateRoutesYaml } from '../helpers/rules-dir.js';
import { useWorkerApp } from '../helpers/use-worker-app.js';
import { workerEnv } from '../helpers/worker-env.js';

/** Everything a reader sees of a Slack message: its text and every text of its blocks. */
function slackText(m: SlackPostedMessage): string {
  const texts: string[] = [m.text];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'text' && typeof x === 'string') texts.push(x);
        else walk(x);
      }
    }
  };
  walk(m.blocks);
  return texts.join('\n');
}

describe('self-alerts as the security route receives them', () => {
  const { prefixes, defer, writeRules, createApp } = useWorkerApp();
  let slack: SlackEmulator;
  let smtp: SmtpSink;
  let rulesDir: string;
  const emulator = emulatorFixture();
  beforeEach(emulator.start);

  /** The alerts and deliver stages, sending the security route's email to `emailTo`. */
  async function startApp(emailTo: string): Promise<WorkerApp> {
    const env = workerEnv(emulator.graph, {
      ...prefixes,
      rulesDir,
      extra: {
        WORKER_QUEUES: 'alerts,deliver',
        SLACK_BOT_TOKEN: slack.token,
        SLACK_API_URL: slack.url,
        ALERT_SLACK_CHANNEL: '#security',
        SMTP_URL: smtp.url,
        ALERT_EMAIL_FROM: 'B2C alerts <alerts@contoso.test>',
        ALERT_EMAIL_TO: emailTo,
      },
    });
    const app = createApp(parseWorkerConfig(env));
    await app.start();
    return app;
  }

  beforeEach(async () => {
    slack = await SlackEmulator.start();
    smtp = await SmtpSink.start({ rejectRecipients: ['gone@contoso.test'] });
    defer(() => Promise.all([slack.close(), smtp.close()]));
    rulesDir = await writeRules({ 'routes.yaml': immediateRoutesYaml });
  });

  it('self.rules-rejected shows the file:line:col problems and the tenant in Slack and email', async () => {
    const worker = await startApp('soc@contoso.test');
    const good = worker.rules.current!.version;
    await writeFile(join(rulesDir, 'broken.rule.yaml'), brokenRule);
    expect(await worker.reloadRules()).toMatchObject({ outcome: 'rejected' });

    const [[message], [mail]] = await Promise.all([
      slack.waitForMessages(1, { timeoutMs: 30_000 }),
      smtp.waitForMail(1, { timeoutMs: 30_000 }),
    ]);
    const fields = (message!.blocks ?? []).flatMap((b) =>
      ((b as { fields?: Array<{ text: string }> }).fields ?? []).map((f) => f.text),
    );
    expect(fields.some((f) => /^\*problems\*\n\S*\/broken\.rule\.yaml:4:\d+: /.test(f))).toBe(true);
    expect(fields.some((f) => /^\*problems\*\n\S*\/broken\.rule\.yaml:\d+:\d+: .*no-such-list/.test(f))).toBe(true);
    expect(fields).toContain(`*runningVersion*\n${good}`);
    expect(slackText(message!)).toContain('*Tenant:* _worker');

    expect(mail!.subject).toMatch(/^\[HIGH\] Rule set rejected \(\d+ problems\); still running /);
    expect(mail!.text).toMatch(/\nproblems: \S*\/broken\.rule\.yaml:4:\d+: /);
    expect(mail!.text).toMatch(/\nproblems: \S*\/broken\.rule\.yaml:\d+:\d+: .*no-such-list/);
    expect(mail!.text).toContain('\nTenant: _worker\n');
    expect(String(mail!.html)).toMatch(/\/broken\.rule\.yaml:4:\d+: /);
  });

  it('a rule alert shows the configured tenant name; a refused recipient becomes self.dead-letters naming the alert and the error', async () => {
    // The route's email goes to one address the server refuses, besides one that accepts.
    const worker = await startApp('soc@contoso.test, gone@contoso.test');
    const time = new Date().toISOString();
    const candidate: AlertCandidate = {
      ruleId: 'test.keys.policy-key-deleted',
      severity: 'critical',
      title: 'Policy key deleted',
      groupKey: 'test.keys.policy-key-deleted|x',
      groupValues: {},
      count: 1,
      firstTime: time,
      lastTime: time,
      eventIds: ['ev-1'],
      suppressed: 0,
      status: 'firing',
    };
    await worker.queues.alerts.add(
      jobNames.alert,
      { tenant: 'contoso', candidate, ruleSetVersion: worker.rules.current!.version },
      { jobId: 'al:contoso:test-1' },
    );

    // The rule alert, and the self-alert about its refused email (in either order).
    const texts = (await slack.waitForMessages(2, { timeoutMs: 30_000 })).map(slackText);
    const ruleAlert = texts.find((t) => t.includes('Policy key deleted'));
    const selfAlert = texts.find((t) => t.includes('Alert delivery to email failed after its last retry'));
    expect(ruleAlert).toContain('*Tenant:* contoso');
    expect(selfAlert).toMatch(/\*ruleId\*\ntest\.keys\.policy-key-deleted/);
    expect(selfAlert).toMatch(/\*alertId\*\n[0-9a-f]{16}/);
    expect(selfAlert).toMatch(/\*error\*\nThe mail server refused the alert email for gone@contoso\.test/);
    expect(selfAlert).toContain('*Tenant:* _worker');
    expect(smtp.mails[0]!.envelope.rcptTo).toEqual(['soc@contoso.test']);
    expect(smtp.mails[0]!.text).toContain('\nTenant: contoso\n');
  });
});
