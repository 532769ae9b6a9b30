import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emulatorFixture, SlackEmulator, SmtpSink } from '@b2c-alerts/testkit';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseWorkerConfig, WorkerConfigError, type WorkerApp } from '../../src/index.js';
import { immediateRoutesYaml } from '../helpers/rules-dir.js';
import { useWorkerApp } from '../helpers/use-worker-app.js';
import { workerEnv } from '../helpers/worker-env.js';

// A `${VAR}` in routes.yaml that names a secret (or any variable outside ROUTE_VARIABLES_PREFIX) is a
// problem that names the variable. Before, routes read every variable whose name did not look secret:
// a database URL passed as a Slack channel, and a connection string that did not was quoted in the
// problem, which the worker sent to Slack and email as the self.rules-rejected alert.

const dbPassword = 'hunter2-db-pw';
const leakingRoutes = `routes:
  security:
    slack: { channel: '\${ALERT_SLACK_CHANNEL}' }
    email: { to: '\${ALERT_EMAIL_TO}' }
    group_wait: 0s
    group_interval: 0s
  leak:
    slack: { channel: '\${DATABASE_URL}' }
    email: { to: '\${AZURE_CLIENT_SECRET}' }
  leak2:
    slack: { channel: '\${PG_CONNECTION}' }
`;

describe('a routes.yaml that names a secret', () => {
  const { prefixes, defer, writeRules, createApp } = useWorkerApp();
  const emulator = emulatorFixture();
  beforeEach(emulator.start);

  async function env(rulesDir: string, extra: Record<string, string> = {}) {
    const slack = await SlackEmulator.start();
    const smtp = await SmtpSink.start();
    defer(() => Promise.all([slack.close(), smtp.close()]));
    const values = workerEnv(emulator.graph, {
      ...prefixes,
      rulesDir,
      extra: {
        WORKER_QUEUES: 'alerts,deliver',
        SLACK_BOT_TOKEN: slack.token,
        SLACK_API_URL: slack.url,
        ALERT_SLACK_CHANNEL: '#security',
        SMTP_URL: smtp.url,
        ALERT_EMAIL_FROM: 'B2C alerts <alerts@contoso.test>',
        ALERT_EMAIL_TO: 'soc@contoso.test',
        DATABASE_URL: `postgres://app:${dbPassword}@db.internal:5432/app`,
        PG_CONNECTION: `host=db.internal user=app password=${dbPassword}`,
        ...extra,
      },
    });
    return { values, slack, smtp, secret: values['AZURE_CLIENT_SECRET']! };
  }

  it('is rejected on reload, and the self-alert in Slack and email names the variables, never their values', async () => {
    const rulesDir = await writeRules({ 'routes.yaml': immediateRoutesYaml });
    const { values, slack, smtp, secret } = await env(rulesDir);
    expect(secret.length).toBeGreaterThan(8);
    const worker: WorkerApp = createApp(parseWorkerConfig(values));
    await worker.start();

    await writeFile(join(rulesDir, 'routes.yaml'), leakingRoutes);
    const outcome = await worker.reloadRules();
    expect(outcome).toMatchObject({ outcome: 'rejected' });
    expect(outcome.problems.map((p) => `${p.line}:${p.column}: ${p.message}`)).toEqual([
      expect.stringMatching(
        /^8:23: route 'leak': \$\{DATABASE_URL\} is not a route variable; .*ALERT_.*ROUTE_VARIABLES_PREFIX/,
      ),
      expect.stringMatching(/^9:18: route 'leak': \$\{AZURE_CLIENT_SECRET\} is not a route variable; .*secret/),
      expect.stringMatching(/^11:23: route 'leak2': \$\{PG_CONNECTION\} is not a route variable; /),
    ]);

    const [[message], [mail]] = await Promise.all([
      slack.waitForMessages(1, { timeoutMs: 30_000 }),
      smtp.waitForMail(1, { timeoutMs: 30_000 }),
    ]);
    const seen = [JSON.stringify(message), mail!.subject, mail!.text, String(mail!.html)].join('\n');
    expect(seen).toContain('${AZURE_CLIENT_SECRET}');
    expect(seen).toContain('${DATABASE_URL}');
    expect(seen).toContain('${PG_CONNECTION}');
    for (const value of [secret, dbPassword, 'postgres:', 'host=']) expect(seen).not.toContain(value);
  });

  it('refuses to start on such routes, with the same problems and no value in the error', async () => {
    const rulesDir = await writeRules({ 'routes.yaml': leakingRoutes });
    const { values, secret } = await env(rulesDir);
    const error = await createApp(parseWorkerConfig(values))
      .start()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(WorkerConfigError);
    const text = `${(error as Error).message}\n${JSON.stringify(error)}`;
    expect(text).toContain('${AZURE_CLIENT_SECRET} is not a route variable');
    for (const value of [secret, dbPassword]) expect(text).not.toContain(value);
  });

  it('uses ROUTE_VARIABLES_PREFIX instead of ALERT_, and refuses a bad prefix by name', async () => {
    const rulesDir = await writeRules({
      'routes.yaml': immediateRoutesYaml.replaceAll('${ALERT_', '${SOC_'),
    });
    const { values } = await env(rulesDir, {
      ROUTE_VARIABLES_PREFIX: 'SOC_',
      SOC_SLACK_CHANNEL: '#soc',
      SOC_EMAIL_TO: 'soc@contoso.test',
    });
    const worker = createApp(parseWorkerConfig(values));
    await worker.start();
    expect(worker.rules.current?.routes.routes['security']).toMatchObject({
      slack: { channel: '#soc' },
      email: { to: ['soc@contoso.test'] },
    });
    expect(() => parseWorkerConfig({ ...values, ROUTE_VARIABLES_PREFIX: 'SOC-*' })).toThrow(
      /ROUTE_VARIABLES_PREFIX must be the start of variable names/,
    );
  });
});
