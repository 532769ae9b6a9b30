import { VirtualClock } from '@b2c-alerts/audit-client';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { RedisKeys, type AlertJobData } from '../../src/index.js';
import { queueNames } from '../../src/queues/queues.js';
import { SelfAlerts, type SelfAlertInput } from '../../src/self-alerts/self-alerts.js';
import { redisUrl } from '../helpers/redis-test.js';
import { useWorkerApp } from '../helpers/use-worker-app.js';

const T0 = Date.parse('2026-03-01T08:00:00Z');
const input: SelfAlertInput = {
  ruleId: 'self.poll-failing',
  tenant: 'contoso',
  reason: 'credentials',
  severity: 'critical',
  title: 'Polling tenant contoso is failing',
  details: { error: 'expired' },
};

describe('SelfAlerts throttle', () => {
  const { prefixes, defer } = useWorkerApp();
  const keys = new RedisKeys(prefixes.keyPrefix);
  const throttleKey = keys.selfAlert(input.ruleId, 'contoso', input.reason);
  let redis: Redis;
  let queue: Queue<AlertJobData>;
  let clock: VirtualClock;

  const selfAlerts = (alertsQueue: Queue<AlertJobData>) =>
    new SelfAlerts({ redis, keys, alertsQueue, clock, ruleSetVersion: () => 'v1', logger: pino({ level: 'silent' }) });
  const jobs = () => queue.getJobs(['waiting']);

  beforeEach(() => {
    redis = new Redis(redisUrl());
    defer(() => redis.quit());
    queue = new Queue<AlertJobData>(queueNames.alerts, {
      connection: new Redis(redisUrl(), { maxRetriesPerRequest: null }),
      prefix: prefixes.queuePrefix,
    });
    defer(() => queue.close());
    clock = new VirtualClock(T0);
  });

  it('raises once per hour and reason', async () => {
    const s = selfAlerts(queue);
    expect(await s.raise(input)).toBe(true);
    clock.advance(59 * 60_000);
    expect(await s.raise(input)).toBe(false);
    expect(await s.raise({ ...input, reason: 'permission' })).toBe(true);
    expect((await jobs()).map((j) => j.data.candidate.groupValues['reason']).sort()).toEqual([
      'credentials',
      'permission',
    ]);
  });

  it('a raise that died before enqueueing leaves the alert to the next occurrence instead of hiding it for an hour', async () => {
    // As a raise leaves the slot when its process dies (or its add fails) between the claim and the add.
    await redis.set(throttleKey, `pending ${T0}`, 'PX', 3_600_000);
    clock.advance(60_000);
    expect(await selfAlerts(queue).raise(input)).toBe(true);
    const [job, ...more] = await jobs();
    expect(more).toEqual([]);
    // The alert of the first raise, at its time.
    expect(job!.data.candidate.firstTime).toBe(new Date(T0).toISOString());
    expect(await selfAlerts(queue).raise(input)).toBe(false);
  });

  it('a crash after enqueueing, before the slot is marked, repeats the raise with the same job id: still one job', async () => {
    expect(await selfAlerts(queue).raise(input)).toBe(true);
    // As the slot is between the add and its mark.
    await redis.set(throttleKey, `pending ${T0}`, 'KEEPTTL');
    clock.advance(5 * 60_000);
    expect(await selfAlerts(queue).raise(input)).toBe(true);
    expect(await jobs()).toHaveLength(1);
    expect(await redis.get(throttleKey)).toBe('sent');
    expect(await selfAlerts(queue).raise(input)).toBe(false);
  });
});
