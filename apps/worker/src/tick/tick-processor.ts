import type { Job, Queue } from 'bullmq';
import type { Logger } from 'pino';
import { enqueueAlerts } from '../evaluate/enqueue-alerts.js';
import type { EvaluatorCache } from '../evaluate/evaluator-cache.js';
import type { AlertJobData, TickJobData } from '../queues/queues.js';
import type { RulesState } from '../rules/rules-state.js';

export interface TickProcessorDeps {
  rules: RulesState;
  evaluators: EvaluatorCache;
  alertsQueue: Queue<AlertJobData>;
  /** POLL_DELAY: a tick judges absence only up to where events are (mostly) published. */
  delayMs: number;
  logger: Logger;
}

export interface TickJobResult {
  now: number;
  candidates: number;
}

/**
 * The time a scheduled job was due: BullMQ names scheduler iterations `repeat:<scheduler id>:<ms>`,
 * so a retried tick gets the same time (Evaluator.tick is idempotent per `now`).
 */
export function scheduledTime(job: Pick<Job, 'id' | 'timestamp' | 'delay'>): number {
  const last = job.id?.split(':').pop();
  const ms = last !== undefined && /^\d+$/.test(last) ? Number(last) : Number.NaN;
  return Number.isFinite(ms) && job.id?.startsWith('repeat:') ? ms : job.timestamp + (job.delay ?? 0);
}

/** Absence rules of one tenant at (schedule time − delay): firing and resolved groups go to the alerts queue. */
export function createTickProcessor(deps: TickProcessorDeps): (job: Job<TickJobData>) => Promise<TickJobResult> {
  return async function processTick(job) {
    const bundle = deps.rules.required;
    const now = job.data.now ?? scheduledTime(job) - deps.delayMs;
    const candidates = await deps.evaluators.evaluator(bundle, job.data.tenant).tick(now);
    await enqueueAlerts(deps.alertsQueue, job.data.tenant, candidates, bundle.version);
    if (candidates.length > 0)
      deps.logger.debug(
        { queue: 'evaluate', jobId: job.id, tenant: job.data.tenant, candidates: candidates.length },
        'absence alerts handed on',
      );
    return { now, candidates: candidates.length };
  };
}
