import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { emulatorFixture } from '@b2c-alerts/testkit';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseWorkerConfig } from '../../src/index.js';
import { useWorkerApp } from '../helpers/use-worker-app.js';
import { workerEnv } from '../helpers/worker-env.js';

/** A port free a moment ago (the console needs a fixed one here: its URL is never returned). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

describe('the worker console’s tenant and lifecycle', () => {
  const { prefixes, defer, writeRules, createApp } = useWorkerApp();
  const emulator = emulatorFixture();
  beforeEach(emulator.start);

  const archive = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'wk-console-'));
    defer(() => rm(dir, { recursive: true, force: true }));
    return dir;
  };
  const extra = (archiveDir: string, port: number) => ({
    WORKER_QUEUES: 'poll',
    POLL_INTERVAL: '1h',
    LAG_ALERT_THRESHOLD: '2h',
    CONSOLE_ARCHIVE: archiveDir,
    ARCHIVE_INDEX: 'off',
    CONSOLE_PORT: String(port),
  });

  it('refuses a CONSOLE_ARCHIVE recorded for another tenant (one tenant: its id is checked)', async () => {
    const rulesDir = await writeRules();
    const archiveDir = await archive();
    await writeFile(join(archiveDir, '.archive-tenant.json'), `${JSON.stringify({ tenant: 'fabrikam.example' })}\n`);
    const app = createApp(
      parseWorkerConfig(workerEnv(emulator.graph, { ...prefixes, rulesDir, extra: extra(archiveDir, 0) })),
    );
    await expect(app.start()).rejects.toMatchObject({
      code: 'WK_ERR_CONFIG',
      message: expect.stringMatching(/CONSOLE_ARCHIVE[\s\S]*fabrikam\.example/),
    });
  });

  it('a close() while the console is starting closes it once started', async () => {
    const rulesDir = await writeRules();
    const archiveDir = await archive();
    const port = await freePort();
    let closed: Promise<void> | undefined;
    const started: { app?: ReturnType<typeof createApp> } = {};
    // close() at the moment the console begins to start (its first log line), before it listens.
    const logs = new Writable({
      write(chunk: Buffer, _encoding, done) {
        if (!closed && started.app && chunk.toString().includes('"console starting"')) closed = started.app.close();
        done();
      },
    });
    const app = (started.app = createApp(
      parseWorkerConfig(workerEnv(emulator.graph, { ...prefixes, rulesDir, extra: extra(archiveDir, port) })),
      { logger: pino({ level: 'debug' }, logs) },
    ));
    await app.start().catch(() => undefined);
    expect(closed).toBeDefined();
    await closed;
    await expect(fetch(`http://127.0.0.1:${port}/api/rules`)).rejects.toThrow();
  });
});
