import { join } from 'node:path';
import type { Clock } from '@b2c-alerts/audit-client';
import { UnrecoverableError, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { IndexJobData } from '../queues/queues.js';
import type { RedisKeys } from '../redis/redis-keys.js';
import { RedisLock } from '../redis/redis-lock.js';

export interface ArchiveIndexProcessorDeps {
  /** ARCHIVE_DIR: each tenant's archive is `<archiveDir>/<tenant name>`. */
  archiveDir: string;
  /** ARCHIVE_INDEX_GRACE: a UTC day is indexed once this long past its end (late events land before). */
  graceMs: number;
  redis: Redis;
  keys: RedisKeys;
  clock: Clock;
  logger: Logger;
  /** Aborted when the app closes: the pass stops before its next day. */
  signal?: AbortSignal;
}

export type IndexJobResult =
  | { tenant: string; skipped: 'locked' }
  | { tenant: string; built: string[]; current: number; openDay: string; rows: number };

/** The lease outlives a stalled renewal; a day's build is seconds, renewals run every third of it. */
const lockTtlMs = 60_000;

/**
 * One index pass over a tenant's archive (investigate's indexArchive): every closed UTC day whose parts
 * changed since it was indexed, or that has no index, is (re)built. A day counts as closed once
 * `graceMs` past its end; a part that lands later makes the day stale, answered from its parts until the
 * next pass rebuilds it. One pass per tenant at a time across replicas (a Redis lease; a pass that finds
 * it held does nothing, the holder covers it). DuckDB is loaded on the first pass, not at start.
 */
export function createArchiveIndexProcessor(
  deps: ArchiveIndexProcessorDeps,
): (job: Job<IndexJobData>) => Promise<IndexJobResult> {
  return async function processIndex(job) {
    const { tenant } = job.data;
    const lock = await RedisLock.acquire(deps.redis, deps.keys.indexLock(tenant), lockTtlMs);
    if (!lock) return { tenant, skipped: 'locked' };
    try {
      const { indexArchive, isInvestigateError } = await import('@b2c-alerts/investigate');
      const signals = deps.signal ? [lock.lost, deps.signal] : [lock.lost];
      try {
        const summary = await indexArchive({
          archiveDir: join(deps.archiveDir, tenant),
          now: () => deps.clock.now(),
          graceMs: deps.graceMs,
          // A background pass: one engine thread, so polls and evaluation keep the other core.
          engine: { threads: 1, memoryLimit: '256MB' },
          signal: AbortSignal.any(signals),
        });
        const built = summary.built.map((m) => m.day);
        if (built.length > 0) {
          deps.logger.info(
            { queue: 'poll', jobId: job.id, tenant, days: built, rows: summary.rows },
            'archive index updated',
          );
        }
        return { tenant, built, current: summary.current, openDay: summary.openDay, rows: summary.rows };
      } catch (error) {
        // A path the engine cannot read safely stays so: retrying does not help.
        if (isInvestigateError(error) && error.code === 'IV_ERR_ARCHIVE_PATH') {
          throw new UnrecoverableError(error.message);
        }
        throw error;
      }
    } finally {
      await lock.release();
    }
  };
}
