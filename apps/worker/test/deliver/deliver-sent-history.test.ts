import { buildAlert } from '@b2c-alerts/notify';
import type { Job } from 'bullmq';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { AlertHistory } from '../../src/alert-history/alert-history.js';
import { AlertHistoryWriter } from '../../src/alert-history/alert-history-writer.js';
import { notificationJobId, type NotificationJobData } from '../../src/deliver/deliver-job.js';
import { createDeliverProcessor } from '../../src/deliver/deliver-processor.js';
import { ThreadStore } from '../../src/deliver/thread-store.js';
import { createMetrics } from '../../src/http/metrics.js';
import type { DeliverJobData, DeliveryChannel } from '../../src/queues/queues.js';
import { RedisKeys } from '../../src/redis/redis-keys.js';
import { candidate, rule } from '../helpers/alert-pipeline-harness.js';
import { adminRedis, deleteKeys, testPrefixes } from '../helpers/redis-test.js';

const redis = adminRedis();
const prefixes: string[] = [];
afterAll(async () => {
  await deleteKeys(redis, ...prefixes);
  await redis.quit();
});

const keyDeleted = rule('b2c.keys.policy-key-deleted', 'critical');

describe('a deliver retry that finds the sent marker', () => {
  it('records `sent` a crash before the history write left out, and shows it once however often it runs', async () => {
    const { keyPrefix } = testPrefixes();
    prefixes.push(keyPrefix);
    const keys = new RedisKeys(keyPrefix);
    const history = new AlertHistoryWriter(redis, keys);
    const reader = new AlertHistory(redis, keys);
    const metrics = createMetrics();
    const alert = buildAlert(candidate(keyDeleted, 1), keyDeleted, { ruleSetVersion: 'v1', tenantName: 'contoso' });
    const channel: DeliveryChannel = { kind: 'email', to: ['soc@contoso.test'] };
    const data: NotificationJobData = { alert, route: 'security', channel };
    const jobId = notificationJobId(alert.id, 'security', channel);
    await history.recordAlert({
      id: alert.id,
      ruleId: keyDeleted.id,
      title: keyDeleted.title,
      severity: 'critical',
      tenant: 'contoso',
      group: keyDeleted.id,
      groupHash: '0123456789abcdef',
      count: 1,
      eventIds: [],
      eventCount: 1,
      firstEventAt: alert.firstTime ?? '2026-01-05T10:00:01.000Z',
      lastEventAt: alert.lastTime ?? '2026-01-05T10:00:01.000Z',
      ruleSetVersion: 'v1',
      state: 'routed',
      routes: ['security'],
      channels: ['email soc@contoso.test'],
    });
    // The crash: the channel took the message and the marker is written; the history's `sent` is not.
    await new ThreadStore(redis, keys).recordSent(jobId, '<message-id@contoso.test>');

    // No email sender: a retry that tried to send would fail; one that finds the marker sends nothing.
    const process = createDeliverProcessor({ redis, keys, metrics, logger: pino({ level: 'silent' }), history });
    const job = (attemptsMade: number) =>
      ({
        id: jobId,
        data,
        attemptsMade,
        opts: { attempts: 5 },
        timestamp: Date.now(),
      }) as unknown as Job<DeliverJobData>;
    await process(job(1));
    const once = await reader.get(alert.id);
    expect(once?.deliveries).toEqual([expect.objectContaining({ state: 'sent', attempts: 2, route: 'security' })]);

    // A re-drive runs it again: the history holds a second `sent`, the reader shows one.
    await process(job(2));
    expect(await redis.xlen(keys.historyDeliveries())).toBe(2);
    const twice = await reader.get(alert.id);
    expect(twice?.deliveries).toEqual(once?.deliveries);
    expect(await reader.list()).toMatchObject({ alerts: [{ id: alert.id, deliveries: once?.deliveries }] });
  });
});
