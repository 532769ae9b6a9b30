import { createHash } from 'node:crypto';
import { formatProblem, type RuleProblem } from '@b2c-alerts/rule-engine';
import type { Job } from 'bullmq';
import type { PollFailure } from '../poll/poll-failure.js';
import {
  jobNames,
  queueNames,
  type AlertJobData,
  type DeliverJobData,
  type EvaluateJobData,
} from '../queues/queues.js';
import { workerTenant, type SelfAlertInput } from './self-alerts.js';

/** `self.poll-failing`: one per tenant and failure reason (credentials, permission, throttled...). */
export function pollFailingAlert(
  tenant: string,
  failure: PollFailure,
  failures: number,
  error: unknown,
): SelfAlertInput {
  return {
    ruleId: 'self.poll-failing',
    tenant,
    reason: failure.reason,
    severity: failure.severity,
    title: `Polling tenant ${tenant} is failing: ${failure.text}`,
    details: { failures: String(failures), error: (error as Error).message?.slice(0, 1000) ?? String(error) },
  };
}

/** `self.lag`: the tenant's read position is `behindMs` behind now (its watermark). */
export function lagAlert(tenant: string, behindMs: number, watermark: number): SelfAlertInput {
  const minutes = Math.round(behindMs / 60_000);
  return {
    ruleId: 'self.lag',
    tenant,
    reason: 'behind',
    severity: 'high',
    title: `Reading tenant ${tenant}'s audit log is ${minutes} min behind`,
    details: { behindMinutes: String(minutes), readUpTo: new Date(watermark).toISOString() },
  };
}

/** `self.dead-letters` for a delivery that failed for good: once an hour per channel kind. */
export function deadLetterAlert(job: Job<DeliverJobData>, error: Error): SelfAlertInput {
  const channel = job.data.channel.kind;
  return {
    ruleId: 'self.dead-letters',
    reason: channel,
    severity: 'high',
    title: `Alert delivery to ${channel} failed after its last retry`,
    details: {
      route: job.data.route,
      alertId: job.data.alert.id,
      ruleId: job.data.alert.ruleId,
      error: error.message.slice(0, 500),
    },
  };
}

/**
 * `self.dead-letters` for an evaluate or alerts job that failed for good (reason: the stage), once an
 * hour per stage and tenant: its events or alert reach no channel until it is re-driven.
 */
export function failedJobAlert(kind: 'evaluate' | 'alerts', job: Job, error: Error): SelfAlertInput {
  const data = job.data as Partial<EvaluateJobData & AlertJobData>;
  const tenant = typeof data.tenant === 'string' ? data.tenant : undefined;
  const of = tenant !== undefined && tenant !== workerTenant ? ` of ${tenant}` : '';
  const what =
    kind === 'alerts'
      ? `An alert${data.candidate ? ` of ${data.candidate.ruleId}` : ''} could not be routed after its last retry; it is missing`
      : job.name === jobNames.tick
        ? `The absence check${of} failed after its last retry; its alerts are missing`
        : `Evaluating ${Array.isArray(data.events) ? `${data.events.length} ` : ''}audit events${of} failed after its last retry; their alerts are missing`;
  return {
    ruleId: 'self.dead-letters',
    ...(of !== '' ? { tenant } : {}),
    reason: kind,
    severity: 'high',
    title: `${what} until re-driven (b2c-alerts deadletters --retry)`,
    details: { queue: queueNames[kind], jobId: job.id ?? '', error: error.message.slice(0, 500) },
  };
}

/** `self.rules-rejected`: the first 20 problems; the same problems alert once an hour, a different breakage alerts again. */
export function rulesRejectedAlert(
  problems: readonly RuleProblem[],
  runningVersion: string | undefined,
): SelfAlertInput {
  const shown = problems.slice(0, 20).map(formatProblem);
  const text =
    shown.join('\n') + (problems.length > shown.length ? `\n… and ${problems.length - shown.length} more` : '');
  return {
    ruleId: 'self.rules-rejected',
    reason: createHash('sha1').update(text).digest('hex').slice(0, 12),
    severity: 'high',
    title: `Rule set rejected (${problems.length} problem${problems.length === 1 ? '' : 's'}); still running ${runningVersion ?? 'nothing'}`,
    details: { problems: text, runningVersion: runningVersion ?? 'none' },
  };
}

/**
 * `self.group-cap`: rule `ruleId` reached its cap of `maxGroups` live groups in `tenant` and evicted
 * `evicted` of them, with their state, in one batch. Reason: the rule id, so once an hour per tenant
 * and rule; the metric b2c_alerts_rule_groups_evicted_total counts every eviction.
 */
export function groupCapAlert(tenant: string, ruleId: string, evicted: number, maxGroups: number): SelfAlertInput {
  const n = (value: number) => value.toLocaleString('en-US');
  return {
    ruleId: 'self.group-cap',
    tenant,
    reason: ruleId,
    severity: 'high',
    title: `Rule ${ruleId} reached its cap of ${n(maxGroups)} groups in ${tenant} and evicted ${n(evicted)} in one batch: detections on them can be missed`,
    details: {
      rule: ruleId,
      evictedInBatch: String(evicted),
      maxGroups: String(maxGroups),
      action:
        "If the traffic is legitimate, raise maxGroups in the rule's file, or MAX_GROUPS_PER_RULE for every rule. " +
        'Otherwise investigate the flood of unique values: it may be an attack meant to hide another one.',
    },
  };
}
