import { emulatorFixture, generateTraffic } from '@b2c-alerts/testkit';
import { beforeEach, describe, expect, it } from 'vitest';
import { openWorkerHealth, parseWorkerConfig, RedisKeys } from '../../src/index.js';
import { pollUntil } from '../helpers/poll-until.js';
import { queueNames } from '../../src/queues/queues.js';
import { redisUrl } from '../helpers/redis-test.js';
import { useWorkerApp } from '../helpers/use-worker-app.js';
import { workerEnv } from '../helpers/worker-env.js';

const minute = 60_000;

describe('worker health (the console’s Health page)', () => {
  const { prefixes, admin, defer, writeRules, createApp } = useWorkerApp();
  const emulator = emulatorFixture();
  beforeEach(emulator.start);

  it('reads the watermark, lag, last poll, throttling, queue depths, dead letters and rule set version', async () => {
    const rulesDir = await writeRules();
    const now = Date.now();
    emulator.graph.addEvents(
      generateTraffic({ seed: 4, start: now - 40 * minute, end: now - 10 * minute, eventsPerHour: 600 }),
    );
    const app = createApp(
      parseWorkerConfig(
        workerEnv(emulator.graph, {
          ...prefixes,
          rulesDir,
          extra: { WORKER_QUEUES: 'poll', POLL_INTERVAL: '1h', LAG_ALERT_THRESHOLD: '2h' },
        }),
      ),
    );
    const health = openWorkerHealth({ redisUrl: redisUrl(), ...prefixes });
    defer(() => health.close());
    // Graph throttles the first request once (Retry-After 1 s): the poll waits, then reads on.
    emulator.graph.injectFaults({ kind: '429', retryAfterSeconds: 1 });
    await app.start();
    // The scheduler's first poll runs at once; its record is what the Health page shows.
    const read = await pollUntil(
      async () => {
        const answer = await health.read();
        return answer.tenants[0]?.lastPollOutcome ? answer : undefined;
      },
      { what: 'the first poll to be recorded' },
    );
    expect(read.ruleSetVersion).toBe(app.rules.current!.version);
    expect(read.tenants).toHaveLength(1);
    const [contoso] = read.tenants;
    // Throttled until the end of the poll that waited (the record stays for an hour).
    expect(contoso).toMatchObject({ name: 'contoso', throttledUntil: contoso!.lastPollAt });
    expect(Date.parse(contoso!.watermark!)).toBeGreaterThan(now - 40 * minute);
    expect(contoso!.lagSeconds).toBeGreaterThanOrEqual(9 * 60);
    expect(contoso!.lastPollOutcome).toBe('polled');
    expect(Date.parse(contoso!.lastPollAt!)).toBeGreaterThanOrEqual(now);
    expect(read.queues.map((q) => q.name)).toEqual(Object.values(queueNames));
    expect(read.queues.find((q) => q.name === queueNames.evaluate)!.waiting).toBeGreaterThan(0);
    expect(read.deadLetters).toBe(0);

    // A poll whose retries ran out on 429s shows until when (the next poll); the same keys the poll stage writes.
    const keys = new RedisKeys(prefixes.keyPrefix);
    const until = now + 30 * minute;
    await admin.hset(keys.throttled('contoso'), 'at', String(now), 'until', String(until));
    expect((await health.read()).tenants[0]!.throttledUntil).toBe(new Date(until).toISOString());

    // Given tenants are shown even before their first poll.
    const named = openWorkerHealth({ redisUrl: redisUrl(), ...prefixes, tenants: ['contoso', 'fabrikam'] });
    defer(() => named.close());
    expect((await named.read()).tenants.map((t) => [t.name, t.watermark === null])).toEqual([
      ['contoso', false],
      ['fabrikam', true],
    ]);
  });

  it('throws when Redis does not answer, and never names the URL', async () => {
    const health = openWorkerHealth({ redisUrl: 'redis://:s3cret@127.0.0.1:1', ...prefixes });
    defer(() => health.close());
    const error = await health.read().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error).toBeInstanceOf(Error);
    expect(String(error?.message)).not.toContain('s3cret');
  });
});
