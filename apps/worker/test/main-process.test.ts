import { emulatorFixture } from '@b2c-alerts/testkit';
import { beforeEach, describe, expect, it } from 'vitest';
import { useWorkerApp } from './helpers/use-worker-app.js';
import { workerEnv } from './helpers/worker-env.js';
import { spawnWorker, type WorkerProcess } from './helpers/worker-process.js';

describe('main.ts as a process (signals and exit codes)', () => {
  const { prefixes, defer, writeRules } = useWorkerApp();
  const emulator = emulatorFixture();
  beforeEach(emulator.start);
  let rulesDir: string;

  beforeEach(async () => {
    rulesDir = await writeRules();
  });

  function start(extra: Record<string, string> = {}): WorkerProcess {
    const worker = spawnWorker(
      workerEnv(emulator.graph, {
        ...prefixes,
        rulesDir,
        extra: {
          LOG_LEVEL: 'info',
          POLL_INTERVAL: '1h',
          LAG_ALERT_THRESHOLD: '2h',
          SLACK_BOT_TOKEN: 'xoxb-test-token',
          ALERT_SLACK_CHANNEL: '#security',
          ...extra,
        },
      }),
    );
    defer(() => worker.kill('SIGKILL'));
    return worker;
  }

  it('reloads on SIGHUP and closes on SIGTERM with exit 0', async () => {
    const r = start();
    await r.logged('worker ready');
    r.child.kill('SIGHUP');
    await r.logged('SIGHUP: reloading rules');
    r.child.kill('SIGTERM');
    expect(await r.exit).toBe(0);
    const messages = r.lines.map((l) => l.msg);
    expect(messages).toEqual(expect.arrayContaining(['shutdown requested', 'worker closing', 'worker closed']));
    expect(r.lines.every((l) => l['service'] === 'worker')).toBe(true);
    expect(JSON.stringify(r.lines)).not.toContain(emulator.graph.clientSecret);
  });

  it('exits at once with 130 on a second signal', async () => {
    const r = start();
    await r.logged('worker ready');
    r.child.kill('SIGTERM');
    r.child.kill('SIGINT');
    expect(await r.exit).toBe(130);
    expect(r.lines.map((l) => l.msg)).toContain(
      'second signal; exiting at once (active jobs go back to the queue when their locks expire)',
    );
  });

  it('exits 1 before connecting when the configuration is invalid, listing every problem', async () => {
    const r = start({ PORT: 'eighty', POLL_INTERVAL: 'often', AZURE_CLIENT_SECRET: '' });
    expect(await r.exit).toBe(1);
    const text = r.stderr.join('');
    for (const variable of ['PORT', 'POLL_INTERVAL', 'AZURE_CLIENT_SECRET']) expect(text).toContain(`  - ${variable} `);
  });
});
