import { pollWindow, type Clock, type DirectoryAudit, type PollWindowOptions } from '@b2c-alerts/audit-client';
import { defineScripts } from '@b2c-alerts/rule-engine';
import { UnrecoverableError, type Job, type Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { evaluateJobId } from '../queues/job-ids.js';
import type { WorkerMetrics } from '../http/metrics.js';
import {
  evaluateBatchSize,
  jobNames,
  type EvaluateJobData,
  type PollJobData,
  type TickJobData,
} from '../queues/queues.js';
import type { RedisKeys } from '../redis/redis-keys.js';
import { RedisLock } from '../redis/redis-lock.js';
import type { SelfAlerts } from '../self-alerts/self-alerts.js';
import { lagAlert, pollFailingAlert } from '../self-alerts/self-alert-wording.js';
import type { TenantRuntime } from './tenant-runtime.js';
import { classifyPollFailure } from './poll-failure.js';
import { raiseNewestLua } from './newest-lua.js';
import { recordPoll } from './record-poll.js';

export interface PollProcessorDeps {
  tenants: ReadonlyMap<string, TenantRuntime>;
  /** The fail-fast producer connection (locks, bookkeeping). */
  redis: Redis;
  keys: RedisKeys;
  evaluateQueue: Queue<EvaluateJobData | TickJobData>;
  metrics: WorkerMetrics;
  selfAlerts: SelfAlerts;
  clock: Clock;
  window: PollWindowOptions;
  /** Consecutive failures before `self.poll-failing` (credential and permission failures alert at once). */
  failureAlertAfter: number;
  lagAlertThresholdMs: number;
  logger: Logger;
  /** Aborted when the app closes: the poll stops at its next request, and the watermark stays put. */
  signal: AbortSignal;
  /** Lease of the single-flight lock, renewed every third of it. @defaultValue 30 s */
  lockTtlMs?: number;
  /** Windows read per job at most (a long backlog continues in the next job). @defaultValue 50 */
  maxWindowsPerJob?: number;
  /** POLL_INTERVAL: a poll whose Graph retries ran out on 429s shows throttled until the next one. @defaultValue 60 s */
  pollIntervalMs?: number;
}

export interface PolledWindow {
  from: number;
  to: number;
  pages: number;
  fetched: number;
  delivered: number;
  duplicates: number;
}

export interface PollJobResult {
  tenant: string;
  /** polled: read at least one window; idle: nothing new to read yet; locked: another poll of the tenant runs. */
  status: 'polled' | 'idle' | 'locked' | 'aborted' | 'unknown-tenant';
  windows: PolledWindow[];
  fetched: number;
  delivered: number;
  duplicates: number;
  /** Retention made events before this time unreachable (a gap). */
  clampedFrom?: number;
}

/**
 * Polls one tenant: single-flight across replicas (a second poll of the tenant returns `locked` at
 * once), then pollWindow until caught up. Each page's new events go to the archive (when configured)
 * and to the evaluate queue in batches with deterministic ids; only then are they marked seen, and the
 * watermark moves only after a whole window, so a failure anywhere re-reads rather than skips.
 * Failures are classified: credential and permission failures alert at once and fail the job without
 * retry (UnrecoverableError); others alert after `failureAlertAfter` consecutive failures.
 */
export function createPollProcessor(deps: PollProcessorDeps): (job: Job<PollJobData>) => Promise<PollJobResult> {
  const lockTtlMs = deps.lockTtlMs ?? 30_000;
  const maxWindows = deps.maxWindowsPerJob ?? 50;
  const scripts = defineScripts(deps.redis, { raiseNewest: raiseNewestLua });

  return async function processPoll(job) {
    const tenant = job.data.tenant;
    const result: PollJobResult = { tenant, status: 'idle', windows: [], fetched: 0, delivered: 0, duplicates: 0 };
    const runtime = deps.tenants.get(tenant);
    const logger = deps.logger.child({ queue: 'poll', jobId: job.id, tenant });
    if (!runtime) {
      // A scheduler left by an older configuration; the tenant is no longer polled.
      logger.warn({}, 'poll job for a tenant that is not configured; ignored');
      return { ...result, status: 'unknown-tenant' };
    }
    if (deps.signal.aborted) return { ...result, status: 'aborted' };
    const lock = await RedisLock.acquire(deps.redis, deps.keys.pollLock(tenant), lockTtlMs);
    if (!lock) {
      logger.debug({}, 'tenant is being polled elsewhere; skipped');
      return { ...result, status: 'locked' };
    }

    const signal = AbortSignal.any([deps.signal, lock.lost]);
    const throttledBefore = runtime.reader.stats.throttledMs;
    const now = deps.clock.now();
    let newest = Number.NEGATIVE_INFINITY;
    let outcome = 'internal';
    let throttledUntil: number | undefined;
    const sink = async (events: DirectoryAudit[]) => {
      if (runtime.archive) await runtime.archive.write(events);
      const jobs = [];
      for (let i = 0; i < events.length; i += evaluateBatchSize) {
        const batch = events.slice(i, i + evaluateBatchSize);
        jobs.push({
          name: jobNames.evaluate,
          data: { tenant, events: batch },
          opts: { jobId: evaluateJobId(tenant, batch) },
        });
      }
      await deps.evaluateQueue.addBulk(jobs);
      for (const event of events) {
        const time = Date.parse(event.activityDateTime);
        if (time > newest) newest = time;
      }
      deps.metrics.eventsFetched.inc({ tenant }, events.length);
    };

    try {
      for (let i = 0; i < maxWindows; i++) {
        const polled = await pollWindow({
          reader: runtime.reader,
          checkpoint: runtime.checkpoint,
          seen: runtime.seen,
          sink,
          now,
          window: deps.window,
          signal,
        });
        if (!polled) break;
        const { window, pages, fetched, delivered, duplicates } = polled;
        result.windows.push({ from: window.from, to: window.to, pages, fetched, delivered, duplicates });
        result.fetched += fetched;
        result.delivered += delivered;
        result.duplicates += duplicates;
        if (polled.clampedFrom !== undefined) {
          result.clampedFrom = polled.clampedFrom;
          logger.warn(
            { clampedFrom: new Date(polled.clampedFrom).toISOString() },
            'events older than retention were never read; the archive has a gap',
          );
        }
      }
      result.status = result.windows.length > 0 ? 'polled' : 'idle';
      outcome = result.status;
      await deps.redis
        .multi()
        .set(deps.keys.lastSuccess(tenant), String(deps.clock.now()))
        .del(deps.keys.failures(tenant))
        .exec();
      logger.debug(
        { windows: result.windows.length, fetched: result.fetched, delivered: result.delivered },
        'poll done',
      );
      return result;
    } catch (error) {
      if (signal.aborted) {
        outcome = 'aborted';
        logger.info({ lockLost: lock.lost.aborted }, 'poll stopped; the watermark did not move');
        return { ...result, status: 'aborted' };
      }
      const failure = classifyPollFailure(error);
      outcome = `failed: ${failure.text}`;
      if (failure.reason === 'throttled') throttledUntil = deps.clock.now() + (deps.pollIntervalMs ?? 60_000);
      deps.metrics.pollFailures.inc({ tenant, reason: failure.reason });
      logger.warn({ err: error, reason: failure.reason }, 'poll failed; the watermark did not move');
      const failures = await deps.redis.incr(deps.keys.failures(tenant)).catch(() => 1);
      if (failure.permanent || failures >= deps.failureAlertAfter) {
        await deps.selfAlerts
          .raise(pollFailingAlert(tenant, failure, failures, error))
          .catch((raiseError: unknown) =>
            logger.error({ err: raiseError }, 'self-alert for a failing poll could not be raised'),
          );
      }
      // No fast retry either way (attempts: 1): the next scheduled poll tries again.
      if (failure.permanent) throw new UnrecoverableError((error as Error).message);
      throw error;
    } finally {
      await lock.release();
      const throttledMs = runtime.reader.stats.throttledMs - throttledBefore;
      if (throttledMs > 0) deps.metrics.graphThrottledSeconds.inc({ tenant }, throttledMs / 1000);
      await recordPoll(deps.redis, deps.keys, {
        tenant,
        at: deps.clock.now(),
        outcome,
        throttledMs,
        ...(throttledUntil === undefined ? {} : { throttledUntil }),
      }).catch((recordError: unknown) => logger.warn({ err: recordError }, 'last poll could not be recorded'));
      if (Number.isFinite(newest))
        await scripts.raiseNewest([deps.keys.newest(tenant)], [String(newest)]).catch(() => undefined);
      await checkLag(deps, tenant, logger);
    }
  };
}

/** `self.lag` when the read position is further behind now than the threshold (a quiet tenant does not alert). */
async function checkLag(deps: PollProcessorDeps, tenant: string, logger: Logger): Promise<void> {
  try {
    const watermark = Number(await deps.redis.get(deps.keys.watermark(tenant)));
    if (!(watermark > 0)) return;
    const behindMs = deps.clock.now() - watermark;
    if (behindMs <= deps.lagAlertThresholdMs) return;
    await deps.selfAlerts.raise(lagAlert(tenant, behindMs, watermark));
  } catch (error) {
    logger.error({ err: error }, 'lag check failed');
  }
}
