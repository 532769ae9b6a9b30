import type { Redis } from 'ioredis';
import { queueNames, type WorkerQueues } from '../queues/queues.js';
import type { RedisKeys } from '../redis/redis-keys.js';
import { tenantNamePattern } from '../config/tenants/tenant-config.js';

/** The worker's health as the console's Health page shows it (the console's HealthJson, docs/console-api.md). */
export interface WorkerHealth {
  ruleSetVersion: string | null;
  tenants: Array<{
    name: string;
    watermark: string | null;
    lagSeconds: number | null;
    lastPollAt: string | null;
    lastPollOutcome: string | null;
    throttledUntil: string | null;
  }>;
  queues: Array<{ name: string; waiting: number; active: number; delayed: number; failed: number }>;
  deadLetters: number;
}

export interface WorkerHealthDeps {
  redis: Redis;
  keys: RedisKeys;
  /** The worker's queues (their BullMQ prefix); only read. */
  queues: WorkerQueues;
  /** The tenants to show; undefined: those this deployment has polled (found by their watermarks in Redis). */
  tenants?: readonly string[];
  now: () => number;
}

/** The queues whose failed jobs are dead letters (openDeadLetterQueues): the poll's are retried by its scheduler. */
const deadLetterKinds = ['deliver', 'evaluate', 'alerts'] as const;

/** Tenants found in Redis at most: a shared Redis with many deployments stays one bounded SCAN. */
const maxFoundTenants = 100;

/**
 * Reads the worker's health from Redis, as any replica or tool sees it: per tenant the watermark, the lag
 * (now − newest event read, as the lag gauge), the last poll and whether Graph throttles it; queue depths;
 * dead letters (the failed jobs `b2c-alerts deadletters` lists); the rule set
 * version a replica last loaded. Throws when Redis does not answer.
 */
export async function readWorkerHealth(deps: WorkerHealthDeps): Promise<WorkerHealth> {
  const { redis, keys } = deps;
  const tenants = deps.tenants ? [...deps.tenants] : await findTenants(redis, keys);
  const read = redis.pipeline().get(keys.rulesVersion());
  for (const t of tenants)
    read.get(keys.watermark(t)).get(keys.newest(t)).hgetall(keys.lastPoll(t)).hgetall(keys.throttled(t));
  const replies = (await read.exec()) ?? [];
  const value = (i: number): unknown => {
    const [error, reply] = replies[i] ?? [null, null];
    if (error) throw error;
    return reply;
  };
  const now = deps.now();
  const kinds = Object.keys(queueNames) as Array<keyof WorkerQueues>;
  const counts = await Promise.all(
    kinds.map((kind) => deps.queues[kind].getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'failed')),
  );
  return {
    ruleSetVersion: (value(0) as string | null) ?? null,
    tenants: tenants.map((name, t) => {
      const at = 1 + t * 4;
      const watermark = Number(value(at));
      const newest = Number(value(at + 1));
      const lastPoll = value(at + 2) as Record<string, string>;
      const throttled = value(at + 3) as Record<string, string>;
      const until = Number(throttled.until);
      return {
        name,
        watermark: watermark > 0 ? iso(watermark) : null,
        lagSeconds: newest > 0 ? Math.max(0, Math.round((now - newest) / 1000)) : null,
        lastPollAt: Number(lastPoll.at) > 0 ? iso(Number(lastPoll.at)) : null,
        lastPollOutcome: lastPoll.outcome ?? null,
        throttledUntil: until > 0 ? iso(until) : null,
      };
    }),
    queues: kinds.map((kind, i) => {
      const c = counts[i] ?? {};
      return {
        name: queueNames[kind],
        waiting: (c.waiting ?? 0) + (c.prioritized ?? 0),
        active: c.active ?? 0,
        delayed: c.delayed ?? 0,
        failed: c.failed ?? 0,
      };
    }),
    deadLetters: deadLetterKinds.reduce((sum, kind) => sum + (counts[kinds.indexOf(kind)]?.failed ?? 0), 0),
  };
}

async function findTenants(redis: Redis, keys: RedisKeys): Promise<string[]> {
  const found = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', keys.watermarkPattern(), 'COUNT', 1000);
    cursor = next;
    for (const key of batch) {
      const tenant = keys.tenantOfWatermark(key);
      if (tenantNamePattern.test(tenant)) found.add(tenant);
    }
  } while (cursor !== '0' && found.size < maxFoundTenants);
  return [...found].sort().slice(0, maxFoundTenants);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
