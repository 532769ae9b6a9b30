import { normalize } from '@b2c-alerts/audit-client';
import type { Job, Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { WorkerMetrics } from '../http/metrics.js';
import type { AlertJobData, EvaluateJobData } from '../queues/queues.js';
import type { RulesState } from '../rules/rules-state.js';
import type { TenantConfig } from '../config/tenants/tenant-config.js';
import { groupCapAlert } from '../self-alerts/self-alert-wording.js';
import type { SelfAlerts } from '../self-alerts/self-alerts.js';
import { enqueueAlerts } from './enqueue-alerts.js';
import type { EvaluatorCache } from './evaluator-cache.js';

export interface EvaluateProcessorDeps {
  rules: RulesState;
  evaluators: EvaluatorCache;
  tenants: ReadonlyMap<string, TenantConfig>;
  alertsQueue: Queue<AlertJobData>;
  metrics: WorkerMetrics;
  selfAlerts: Pick<SelfAlerts, 'raise'>;
  /** MAX_GROUPS_PER_RULE, the evaluators' cap: the one in force for a rule without its own maxGroups. */
  maxGroups: number;
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
    const evictions: Array<{ ruleId: string; evicted: number; maxGroups: number }> = [];
    const candidates = await deps.evaluators.evaluator(bundle, tenant).evaluate(events, {
      onMatch: (rule) => {
        matches++;
        deps.metrics.ruleMatches.inc({ rule: rule.id });
      },
      // A rule whose groupBy, distinct field or throttle key is missing on an event says so, per rule and reason.
      onSkipped: (rule, reason) => deps.metrics.ruleSkipped.inc({ rule: rule.id, reason }),
      onEvicted: (rule, evicted) => {
        deps.metrics.ruleGroupsEvicted.inc({ tenant, rule: rule.id }, evicted);
        evictions.push({ ruleId: rule.id, evicted, maxGroups: rule.maxGroups ?? deps.maxGroups });
      },
    });
    await enqueueAlerts(deps.alertsQueue, tenant, candidates, bundle.version);
    await raiseGroupCaps(deps, tenant, evictions, job.id);
    if (candidates.length > 0) {
      deps.logger.debug(
        { queue: 'evaluate', jobId: job.id, tenant, candidates: candidates.length },
        'alert candidates handed on',
      );
    }
    return { events: events.length, matches, candidates: candidates.length, ruleSetVersion: bundle.version };
  };
}

/**
 * `self.group-cap` for each rule that evicted groups: the batch's alerts are already handed on, and a
 * self-alert that cannot be raised is logged, never a reason to evaluate the batch again.
 */
async function raiseGroupCaps(
  deps: EvaluateProcessorDeps,
  tenant: string,
  evictions: ReadonlyArray<{ ruleId: string; evicted: number; maxGroups: number }>,
  jobId: string | undefined,
): Promise<void> {
  await Promise.all(
    evictions.map(async ({ ruleId, evicted, maxGroups }) => {
      deps.logger.debug({ queue: 'evaluate', jobId, tenant, ruleId, evicted, maxGroups }, 'rule groups evicted at cap');
      await deps.selfAlerts
        .raise(groupCapAlert(tenant, ruleId, evicted, maxGroups))
        .catch((error: unknown) =>
          deps.logger.error({ err: error, tenant, ruleId }, 'self-alert for evicted groups could not be raised'),
        );
    }),
  );
}
