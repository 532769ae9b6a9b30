import type { Clock } from '@b2c-alerts/audit-client';
import type { Redis } from 'ioredis';
import type { WorkerMetrics } from './metrics.js';
import { queueNames, type WorkerQueues } from '../queues/queues.js';
import type { RedisKeys } from '../redis/redis-keys.js';

export interface RefreshGaugesDeps {
  queues: WorkerQueues;
  redis: Redis;
  keys: RedisKeys;
  tenants: readonly string[];
  metrics: WorkerMetrics;
  clock: Clock;
}

const states = ['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'] as const;

/**
 * Sets the gauges that describe shared state, on scrape: queue depths (getJobCounts) and lag per tenant
 * (now − newest activityDateTime read by any replica). Every replica reports the same values.
 */
export async function refreshGauges(o: RefreshGaugesDeps): Promise<void> {
  await Promise.all(
    (Object.keys(queueNames) as Array<keyof WorkerQueues>).map(async (kind) => {
      const counts = await o.queues[kind].getJobCounts(...states);
      for (const state of states) o.metrics.queueDepth.set({ queue: queueNames[kind], state }, counts[state] ?? 0);
    }),
  );
  if (o.tenants.length === 0) return;
  const newest = await o.redis.mget(...o.tenants.map((t) => o.keys.newest(t)));
  const now = o.clock.now();
  o.tenants.forEach((tenant, i) => {
    const at = Number(newest[i]);
    if (at > 0) o.metrics.lagSeconds.set({ tenant }, Math.max(0, (now - at) / 1000));
  });
}
