import type { AlertCandidate } from '@b2c-alerts/rule-engine';
import type { Queue } from 'bullmq';
import { alertJobId } from '../queues/job-ids.js';
import { jobNames, type AlertJobData } from '../queues/queues.js';

/**
 * Hands candidates to the alerts queue with deterministic ids (`al:<tenant>:<alert id>`): a replayed
 * candidate (retried batch, overlapping workers) adds nothing while the first job is kept.
 */
export async function enqueueAlerts(
  queue: Queue<AlertJobData>,
  tenant: string,
  candidates: AlertCandidate[],
  ruleSetVersion: string,
): Promise<void> {
  if (candidates.length === 0) return;
  await queue.addBulk(
    candidates.map((candidate) => ({
      name: jobNames.alert,
      data: { tenant, candidate, ruleSetVersion },
      opts: { jobId: alertJobId(tenant, candidate) },
    })),
  );
}
