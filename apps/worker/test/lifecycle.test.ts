import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { emulatorFixture, generateTraffic } from '@b2c-alerts/testkit';
import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { Job, Queue } from 'bullmq';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { parseWorkerConfig, RedisKeys, RulesInvalidError } from '../src/index.js';
import type { PollJobResult } from '../src/poll/poll-processor.js';
import { queueNames } from '../src/queues/queues.js';
import { useWorkerApp } from './helpers/use-worker-app.js';
import { waitUntil } from './helpers/wait-until.js';
import { workerEnv } from './helpers/worker-env.js';

const minute = 60_000;

describe('worker lifecycle', () => {
  const { prefixes, admin, writeRules, createApp } = useWorkerApp();
  const keys = new RedisKeys(prefixes.keyPrefix);
  const emulator = emulatorFixture();
  beforeEach(emulator.start);
  let rulesDir: string;

  beforeEach(async () => {
    rulesDir = await writeRules();
    const now = Date.now();
    emulator.graph.addEvents(
      generateTraffic({ seed: 1, start: now - 30 * minute, end: now - 10 * minute, eventsPerHour: 600 }),
    );
  });

  const config = (extra: Record<string, string> = {}) =>
    parseWorkerConfig(
      workerEnv(emulator.graph, {
        ...prefixes,
        rulesDir,
        extra: { WORKER_QUEUES: 'poll', POLL_INTERVAL: '1h', LAG_ALERT_THRESHOLD: '2h', ...extra },
      }),
    );

  it('closes gracefully while a poll is active: the job ends, the watermark stays, the lock is released', async () => {
    // The first Graph request is throttled for a minute, so the scheduler's first poll is still waiting when close() runs.
    emulator.graph.injectFaults({ kind: '429', retryAfterSeconds: 60 });
    // Log lines as events: the reader logs each retry it waits for.
    const logs = new EventEmitter();
    const messages: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        messages.push((JSON.parse(chunk.toString()) as { msg: string }).msg);
        logs.emit('line');
        done();
      },
    });
    const app = createApp(config(), { logger: pino({ level: 'warn' }, destination) });
    await app.start();
    await waitUntil(
      async () => messages.includes('graph request failed; retrying'),
      [{ emitter: logs, events: ['line'] }],
    );
    const [job] = await app.queues.poll.getJobs(['active']);
    expect(job).toBeDefined();

    const closing = app.close();
    expect(app.close()).toBe(closing);
    await closing;

    const queue = new Queue(queueNames.poll, { connection: admin, prefix: prefixes.queuePrefix });
    const after = (await Job.fromId(queue, job!.id!))!;
    expect(await after.getState()).toBe('completed');
    expect((after.returnvalue as PollJobResult).status).toBe('aborted');
    await queue.close();
    expect(emulator.graph.stats.throttled + emulator.graph.stats.faultsServed).toBe(1);
    expect(await admin.exists(keys.watermark('contoso'))).toBe(0);
    expect(await admin.exists(keys.pollLock('contoso'))).toBe(0);
    // The scheduler stays for the other replicas.
    expect(await admin.exists(`${prefixes.queuePrefix}:${queueNames.poll}:repeat:poll:contoso`)).toBe(1);
    // Stopping is not a failure: no failure is logged or counted.
    expect(messages).not.toContain('poll failed; the watermark did not move');
    expect(await app.metrics.registry.getSingleMetricAsString('b2c_alerts_poll_failures_total')).not.toContain(
      'tenant="contoso"',
    );
  });

  it('refuses to start without a valid rule set, naming the problems, and releases what it opened', async () => {
    await writeFile(join(rulesDir, 'bad.rule.yaml'), 'id: bad\ntitle: Bad\n');
    const app = createApp(config());
    const error = await app.start().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RulesInvalidError);
    expect((error as RulesInvalidError).code).toBe('WK_ERR_RULES_INVALID');
    expect((error as RulesInvalidError).message).toContain('bad.rule.yaml:');
    expect(app.port).toBeUndefined();
    await app.close(); // idempotent after the failed start
  });
});
