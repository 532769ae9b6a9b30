import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { emulatorFixture } from '@b2c-alerts/testkit';
import { beforeEach, describe, expect, it } from 'vitest';
import { useWorkerApp } from './helpers/use-worker-app.js';
import { waitUntil } from './helpers/wait-until.js';
import { workerEnv } from './helpers/worker-env.js';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const root = fileURLToPath(new URL('../../../', import.meta.url));

interface Running {
  child: ChildProcess;
  lines: Array<{ msg: string; [key: string]: unknown }>;
  stderr: string[];
  exit: Promise<number | null>;
}

describe('main.ts as a process (signals and exit codes)', () => {
  const { prefixes, defer, writeRules } = useWorkerApp();
  const emulator = emulatorFixture();
  beforeEach(emulator.start);
  let rulesDir: string;

  beforeEach(async () => {
    rulesDir = await writeRules();
  });

  function start(extra: Record<string, string> = {}): Running {
    const env = {
      ...process.env,
      ...workerEnv(emulator.graph, {
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
    };
    // One process (no tsx wrapper between the signals and main.ts): Node with tsx's loader.
    const child = spawn(process.execPath, ['--conditions=development', '--import', 'tsx', main], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: Running['lines'] = [];
    const stderr: string[] = [];
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const parts = buffer.split('\n');
      buffer = parts.pop()!;
      for (const part of parts) if (part.startsWith('{')) lines.push(JSON.parse(part) as Running['lines'][number]);
    });
    child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
    const exit = once(child, 'exit').then(([code]) => code as number | null);
    defer(async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGKILL');
      await exit;
    });
    return { child, lines, stderr, exit };
  }

  const logged = (r: Running, msg: string) =>
    waitUntil(async () => r.lines.some((l) => l.msg === msg), [{ emitter: r.child.stdout!, events: ['data'] }]);

  it('reloads on SIGHUP and closes on SIGTERM with exit 0', async () => {
    const r = start();
    await logged(r, 'worker ready');
    r.child.kill('SIGHUP');
    await logged(r, 'SIGHUP: reloading rules');
    r.child.kill('SIGTERM');
    expect(await r.exit).toBe(0);
    const messages = r.lines.map((l) => l.msg);
    expect(messages).toEqual(expect.arrayContaining(['shutdown requested', 'worker closing', 'worker closed']));
    expect(r.lines.every((l) => l['service'] === 'worker')).toBe(true);
    expect(JSON.stringify(r.lines)).not.toContain(emulator.graph.clientSecret);
  });

  it('exits at once with 130 on a second signal', async () => {
    const r = start();
    await logged(r, 'worker ready');
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
