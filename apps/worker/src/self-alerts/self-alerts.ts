import type { Clock } from '@b2c-alerts/audit-client';
import {
  defineScripts,
  formatGroupKey,
  type AlertCandidate,
  type RuleDefinition,
  type ScriptCalls,
  type Severity,
} from '@b2c-alerts/rule-engine';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { alertJobId } from '../queues/job-ids.js';
import { jobNames, type AlertJobData } from '../queues/queues.js';
import type { RedisKeys } from '../redis/redis-keys.js';
import { claimSlotLua } from './claim-lua.js';

/** The worker's alerts about itself. They travel the alerts queue like rule alerts and use the `security` route. */
export const selfAlertRuleIds = [
  'self.poll-failing',
  'self.lag',
  'self.dead-letters',
  'self.rules-rejected',
  'self.group-cap',
] as const;
export type SelfAlertRuleId = (typeof selfAlertRuleIds)[number];

/** The `tenant` of alerts about the worker as a whole (never a valid tenant name). */
export const workerTenant = '_worker';

const descriptions: Record<SelfAlertRuleId, { title: string; description: string }> = {
  'self.poll-failing': {
    title: 'Audit log polling is failing',
    description:
      'The worker cannot read the tenant’s audit log; while this lasts no rule sees new events, and after 7 days events are lost. ' +
      'The reason says whether the credentials expired, a Graph permission is missing, or Graph is throttling or unavailable.',
  },
  'self.lag': {
    title: 'Audit log reading is behind',
    description:
      'The worker’s read position is further behind now than LAG_ALERT_THRESHOLD: alerts arrive late. Check poll failures, throttling and worker capacity.',
  },
  'self.dead-letters': {
    title: 'Alert deliveries failed',
    description:
      'A job failed after its last retry: a delivery (a dead letter), or an evaluate or alerts job whose alerts are missing until it is re-driven. List them with `b2c-alerts deadletters` and re-drive them with `--retry` once the cause is fixed.',
  },
  'self.rules-rejected': {
    title: 'Rule set rejected',
    description:
      'A change to the rules directory was rejected whole; the last good rule set keeps running. Fix the problems listed (b2c-alerts rules validate shows them).',
  },
  'self.group-cap': {
    title: 'A rule reached its cap on groups',
    description:
      'A rule holds as many groups (group-by values, first-seen values, throttle keys) as its cap allows, so the least recently active lost their state: detections on them can be missed. ' +
      'If the traffic is legitimate, raise the rule’s maxGroups (its rule file) or MAX_GROUPS_PER_RULE; otherwise investigate the flood of unique values, which may be meant to hide another attack.',
  },
};

/**
 * The RuleDefinition of a self-alert rule id, so the alerts stage can build, route and render a
 * self-alert as it does any rule's (they notify the `security` route); undefined for other ids.
 */
export function selfAlertRule(ruleId: string): RuleDefinition | undefined {
  if (!(selfAlertRuleIds as readonly string[]).includes(ruleId)) return undefined;
  const text = descriptions[ruleId as SelfAlertRuleId];
  return {
    id: ruleId,
    title: text.title,
    description: text.description,
    severity: ruleId === 'self.poll-failing' ? 'critical' : 'high',
    enabled: true,
    tags: ['self-monitoring'],
    references: [],
    match: { all: [] },
    notify: ['security'],
    fields: [],
    source: { file: '(worker)', line: 0 },
  };
}

export interface SelfAlertInput {
  ruleId: SelfAlertRuleId;
  /** The tenant concerned; omitted for the worker as a whole. */
  tenant?: string;
  /** Short, stable slug (e.g. `credentials`): one alert per hour per rule, tenant and reason. */
  reason: string;
  severity: Extract<Severity, 'high' | 'critical'>;
  title: string;
  /**
   * Why: carried as the alert's group values and shown as its fields (self-alert rules list no
   * `fields`); never secrets (error messages of our packages hold none). Untrusted text is fine:
   * renderers escape it.
   */
  details: Record<string, string>;
}

export interface SelfAlertsDeps {
  redis: Redis;
  keys: RedisKeys;
  alertsQueue: Queue<AlertJobData>;
  clock: Clock;
  ruleSetVersion: () => string;
  logger: Logger;
  /** @defaultValue one hour */
  throttleMs?: number;
}

const scripts = { claim: claimSlotLua };

/**
 * Raises self-alerts, at most one per hour per (rule, tenant, reason) across all replicas. The slot is
 * marked `sent` only after the job is enqueued: a crash or a Redis error in between leaves it pending,
 * so the next occurrence enqueues the same alert again (same job id) rather than the alert staying
 * hidden for an hour. At worst a pending slot whose job already ran and was removed repeats it once.
 */
export class SelfAlerts {
  readonly #o: SelfAlertsDeps;
  readonly #throttleMs: number;
  readonly #scripts: ScriptCalls<typeof scripts>;

  constructor(deps: SelfAlertsDeps) {
    this.#o = deps;
    this.#throttleMs = deps.throttleMs ?? 60 * 60_000;
    this.#scripts = defineScripts(deps.redis, scripts);
  }

  /** True when the alert was enqueued (or found enqueued), false when an earlier one of the same reason is still fresh. */
  async raise(input: SelfAlertInput): Promise<boolean> {
    const tenant = input.tenant ?? workerTenant;
    const throttleKey = this.#o.keys.selfAlert(input.ruleId, tenant, input.reason);
    const claimed = await this.#scripts.claim([throttleKey], [String(this.#o.clock.now()), String(this.#throttleMs)]);
    if (claimed === null) return false;
    const time = new Date(Number(claimed)).toISOString();
    const candidate: AlertCandidate = {
      ruleId: input.ruleId,
      severity: input.severity,
      title: input.title,
      groupKey: formatGroupKey(input.ruleId, [
        ['tenant', tenant],
        ['reason', input.reason],
      ]),
      // The details first: a rule with no `fields` shows its group values, in this order.
      groupValues: { ...input.details, tenant, reason: input.reason },
      count: 1,
      firstTime: time,
      lastTime: time,
      eventIds: [],
      suppressed: 0,
      status: 'firing',
    };
    await this.#o.alertsQueue.add(
      jobNames.alert,
      { tenant, candidate, ruleSetVersion: this.#o.ruleSetVersion() },
      { jobId: alertJobId(tenant, candidate) },
    );
    // Not marked (Redis blip): the slot stays pending and the next occurrence re-adds the same job id.
    await this.#o.redis.set(throttleKey, 'sent', 'KEEPTTL', 'XX').catch(() => undefined);
    this.#o.logger.warn({ ruleId: input.ruleId, tenant, reason: input.reason }, 'self-alert raised');
    return true;
  }
}
