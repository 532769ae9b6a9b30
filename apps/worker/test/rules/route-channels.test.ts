import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emulatorFixture } from '@b2c-alerts/testkit';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseWorkerConfig, WorkerConfigError, type WorkerApp } from '../../src/index.js';
import { useWorkerApp } from '../helpers/use-worker-app.js';
import { workerEnv } from '../helpers/worker-env.js';

const literalRoutes = `routes:
  security:
    slack: { channel: '#security' }
    email: { to: soc@contoso.test }
`;

const variableRoutes = `routes:
  security:
    slack: { channel: '\${ALERT_SLACK_CHANNEL}' }
    email: { to: '\${ALERT_EMAIL_TO}' }
`;

describe('every channel of every route has a sender, and some route has a channel', () => {
  const { prefixes, writeRules, createApp } = useWorkerApp();
  const emulator = emulatorFixture();
  beforeEach(emulator.start);
  let rulesDir: string | undefined;

  async function app(routes: string, extra: Record<string, string>): Promise<WorkerApp> {
    rulesDir = await writeRules({ 'routes.yaml': routes });
    return createApp(
      parseWorkerConfig(
        workerEnv(emulator.graph, {
          ...prefixes,
          rulesDir,
          extra: { POLL_INTERVAL: '1h', LAG_ALERT_THRESHOLD: '2h', ...extra },
        }),
      ),
    );
  }

  const startError = async (worker: WorkerApp) => {
    const error = await worker.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkerConfigError);
    return error as WorkerConfigError;
  };

  it('refuses to start when a route sends to Slack without SLACK_BOT_TOKEN or email without SMTP_URL', async () => {
    const error = await startError(await app(literalRoutes, {}));
    expect(error.code).toBe('WK_ERR_CONFIG');
    expect(error.problems.map((p) => p.variable)).toEqual(['SLACK_BOT_TOKEN', 'SMTP_URL']);
    expect(error.problems[0]!.message).toMatch(/route 'security' sends to Slack; .*#security.*\(routes\.yaml:3:\d+\)$/);
    expect(error.problems[1]!.message).toMatch(
      /route 'security' sends email; .*ALERT_EMAIL_FROM.*\(routes\.yaml:4:\d+\)$/,
    );
    expect(error.message).toContain('  - SLACK_BOT_TOKEN is not set, but route');
  });

  it('refuses to route alerts when no route has a channel, naming each unset variable', async () => {
    const error = await startError(await app(variableRoutes, { WORKER_QUEUES: 'alerts' }));
    expect(error.problems.map((p) => p.variable)).toEqual(['ALERT_SLACK_CHANNEL', 'ALERT_EMAIL_TO']);
    for (const p of error.problems)
      expect(p.message).toMatch(/every alert, self-alerts too, would be dropped; .*route 'security'/);
  });

  it('starts a reader-only process without any channel: it routes and sends nothing', async () => {
    const reader = await app(variableRoutes, { WORKER_QUEUES: 'poll,evaluate' });
    await reader.start();
    expect(reader.rules.current?.routes.routes['security']).toMatchObject({ name: 'security' });
  });

  it('rejects a reload that adds a channel without a sender, keeps the running set and raises self.rules-rejected', async () => {
    const worker = await app(`routes:\n  security:\n    slack: { channel: '#security' }\n`, {
      WORKER_QUEUES: 'deliver',
      SLACK_BOT_TOKEN: 'xoxb-test-token',
    });
    await worker.start();
    const running = worker.rules.current!;

    await writeFile(join(rulesDir!, 'routes.yaml'), literalRoutes);
    const outcome = await worker.reloadRules();
    expect(outcome).toMatchObject({ outcome: 'rejected', version: running.version });
    expect(outcome.problems.map((p) => p.message)).toEqual([
      expect.stringMatching(/^SMTP_URL is not set, but route 'security' sends email; /),
    ]);
    expect(outcome.problems[0]).toMatchObject({ file: 'routes.yaml', line: 4 });
    expect(worker.rules.current).toBe(running);

    // Nobody works the alerts queue in this process, so the self-alert waits there.
    const raised = (await worker.queues.alerts.getJobs(['waiting', 'delayed', 'prioritized'])).map(
      (j) => j.data.candidate,
    );
    expect(raised).toEqual([expect.objectContaining({ ruleId: 'self.rules-rejected' })]);
    expect(String(raised[0]!.groupValues['problems'])).toContain('routes.yaml:4:');
  });
});
