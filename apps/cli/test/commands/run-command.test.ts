import { randomUUID } from 'node:crypto';
import { EventEmitter, once } from 'node:events';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emulatorFixture } from '@b2c-alerts/testkit';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/index.js';
import { runCliCapture } from '../helpers/run-cli-capture.js';

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** A stderr stand-in that emits each JSON log line it receives. */
class LogLines extends EventEmitter {
  readonly messages: string[] = [];
  write(chunk: string): boolean {
    for (const line of chunk.split('\n')) {
      if (!line.startsWith('{')) continue;
      this.messages.push((JSON.parse(line) as { msg: string }).msg);
      this.emit('line');
    }
    return true;
  }
  waitFor(message: string): Promise<void> {
    if (this.messages.includes(message)) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (!this.messages.includes(message)) return;
        this.off('line', check);
        resolve();
      };
      this.on('line', check);
    });
  }
}

describe('b2c-alerts run', () => {
  const id = randomUUID().slice(0, 8);
  const prefixes = { REDIS_KEY_PREFIX: `test-cli-${id}`, BULLMQ_PREFIX: `test-cliq-${id}` };
  const emulator = emulatorFixture();
  let rulesDir: string;

  beforeEach(emulator.start);
  beforeEach(async () => {
    rulesDir = await mkdtemp(join(tmpdir(), 'cli-run-rules-'));
    await mkdir(join(rulesDir, 'keys'));
    await writeFile(
      join(rulesDir, 'routes.yaml'),
      "routes:\n  security:\n    slack: { channel: '${ALERT_SLACK_CHANNEL}' }\n",
    );
    await writeFile(
      join(rulesDir, 'keys', 'deleted.rule.yaml'),
      'id: test.deleted\ntitle: Deleted\ndescription: A policy key was deleted.\nseverity: high\nmatch:\n  all:\n    - { fact: activity, operator: equal, value: Delete policy key }\n',
    );
  });

  afterEach(async () => {
    await rm(rulesDir, { recursive: true, force: true });
    const redis = new Redis(redisUrl);
    for (const prefix of Object.values(prefixes)) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    await redis.quit();
  });

  it('runs the worker until the signal, re-reads the rules on hangup, and exits 0', async () => {
    const controller = new AbortController();
    const stderr = new LogLines();
    const hangups = new EventEmitter();
    const env = {
      ...prefixes,
      REDIS_URL: redisUrl,
      ...emulator.env,
      RULES_DIR: rulesDir,
      // A delivering worker refuses to start with a route channel that has no sender.
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      ALERT_SLACK_CHANNEL: '#security',
      PORT: '0',
      HTTP_HOST: '127.0.0.1',
      LOG_LEVEL: 'debug',
    };
    const running = runCli(['run'], { env, stdout: { write: () => true }, stderr, signal: controller.signal, hangups });
    await stderr.waitFor('worker ready');
    if (hangups.listenerCount('hangup') === 0) await once(hangups, 'newListener');
    // Nothing changed on disk, so only the hangup reads the rules again (and finds them unchanged).
    hangups.emit('hangup');
    await stderr.waitFor('rule set unchanged');
    controller.abort();
    expect(await running).toBe(0);
    expect(stderr.messages).toContain('worker closed');
    expect(hangups.listenerCount('hangup')).toBe(0);
  });

  it('reports every configuration problem at once and exits 2 before connecting', async () => {
    const { code, stderr } = await runCliCapture(['run'], {
      PORT: 'eighty',
      POLL_INTERVAL: 'often',
      REDIS_URL: 'redis://:hunter2-pw@127.0.0.1:1',
    });
    expect(code).toBe(2);
    for (const variable of ['PORT', 'POLL_INTERVAL', 'AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'])
      expect(stderr).toContain(`  - ${variable} `);
    expect(stderr).not.toContain('hunter2-pw');
  });
});
