import { normalize } from '@b2c-alerts/audit-client';
import type { Job, Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { WorkerMetrics } from '../http/metrics.js';
import type { AlertJobData, EvaluateJobData } from '../queues/queues.js';
import type { RulesState } from '../rules/rules-state.js';
import type { TenantConfig } from '../config/tenants/tenant-config.js';
import { enqueueAlerts } from './enqueue-alerts.js';
import type { EvaluatorCache } from './evaluator-cache.js';

export interface EvaluateProcessorDeps {
  rules: RulesState;
  evaluators: EvaluatorCache;
  tenants: ReadonlyMap<string, TenantConfig>;
  alertsQueue: Queue<AlertJobData>;
  metrics: WorkerMetrics;
  logger: Logger;
}

export interface EvaluateJobResult {
  events: number;
  matches: number;
  candidates: number;
  ruleSetVersion: string;
}

/**
 * Normalizes a batch, evaluates it with the current rule set against the tenant's Redis state, and
 * hands the candidates on. Idempotent: a retried batch counts nothing twice and re-raises only the
 * identical candidates, which the alert job ids drop. Failures (Redis) rethrow for backoff.
 */
export function createEvaluateProcessor(
  deps: EvaluateProcessorDeps,
): (job: Job<EvaluateJobData>) => Promise<EvaluateJobResult> {
  return async function processEvaluate(job) {
    const bundle = deps.rules.required;
    const { tenant } = job.data;
    const context = { tenant: deps.tenants.get(tenant)?.connection.tenantId ?? tenant };
    const events = job.data.events.map((raw) => normalize(raw, context));

    // The evaluator reports each match as it meets it: the rules run once per event, metrics included.
    let matches = 0;
    const candidates = await deps.evaluators.evaluator(bundle, tenant).evaluate(events, {
      onMatch: (rule) => {
        matches++;
        deps.metrics.ruleMatches.inc({ rule: rule.id });
      },
    });
    await enqueueAlerts(deps.alertsQueue, tenant, candidates, bundle.version);
    if (candidates.length > 0) {
      deps.logger.debug(
        { queue: 'evaluate', jobId: job.id, tenant, candidates: candidates.length },
        'alert candidates handed on',
      );
    }
    return { events: events.length, matches, candidates: candidates.length, ruleSetVersion: bundle.version };
  };
}
