import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** Every metric of one worker process, in its own Registry (never prom-client's global one). */
export interface WorkerMetrics {
  registry: Registry;
  eventsFetched: Counter<'tenant'>;
  /** now − newest activityDateTime read, per tenant; refreshed on scrape. */
  lagSeconds: Gauge<'tenant'>;
  graphThrottledSeconds: Counter<'tenant'>;
  pollFailures: Counter<'tenant' | 'reason'>;
  ruleMatches: Counter<'rule'>;
  /** Groups a rule evicted on reaching its cap (maxGroups): detections on them may be missed. */
  ruleGroupsEvicted: Counter<'tenant' | 'rule'>;
  /**
   * Matches a rule could not use as written, by reason (groupBy, field: the event was skipped;
   * throttle.key: its alert was not throttled): a rule that depends on a fact the events lack.
   */
  ruleSkipped: Counter<'rule' | 'reason'>;
  alerts: Counter<'rule'>;
  alertsSilenced: Counter<'rule'>;
  /** Display-name lookups of application and service-principal ids, by outcome (found, cached, not-found, failed, timed-out). */
  nameLookups: Counter<'tenant' | 'outcome'>;
  deliveries: Counter<'channel' | 'outcome'>;
  deadLetters: Counter<'channel'>;
  /** Evaluate and alerts jobs that failed after their last attempt: their alerts are missing until re-driven. */
  failedJobs: Counter<'queue'>;
  /** Jobs per queue and state; refreshed on scrape. */
  queueDepth: Gauge<'queue' | 'state'>;
  rulesReloads: Counter<'outcome'>;
  /** Alert history writes that failed (kind alert or delivery); a delivery's is not retried. */
  historyWriteFailures: Counter<'kind'>;
}

const prefix = 'b2c_alerts_';

/** A fresh registry with the worker's metrics (names prefixed `b2c_alerts_`) and Node's default metrics. */
export function createMetrics(): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix });
  const registers = [registry];
  return {
    registry,
    eventsFetched: new Counter({
      name: `${prefix}events_fetched_total`,
      help: 'New audit events read from Graph (after dedup).',
      labelNames: ['tenant'],
      registers,
    }),
    lagSeconds: new Gauge({
      name: `${prefix}lag_seconds`,
      help: 'Now minus the newest activityDateTime read, per tenant.',
      labelNames: ['tenant'],
      registers,
    }),
    graphThrottledSeconds: new Counter({
      name: `${prefix}graph_throttled_seconds_total`,
      help: 'Seconds spent waiting on Graph 429s and the client-side rate limit.',
      labelNames: ['tenant'],
      registers,
    }),
    pollFailures: new Counter({
      name: `${prefix}poll_failures_total`,
      help: 'Failed polls by reason.',
      labelNames: ['tenant', 'reason'],
      registers,
    }),
    ruleMatches: new Counter({
      name: `${prefix}rule_matches_total`,
      help: 'Events that matched a rule.',
      labelNames: ['rule'],
      registers,
    }),
    ruleGroupsEvicted: new Counter({
      name: `${prefix}rule_groups_evicted_total`,
      help: 'Groups a rule evicted, with their state, on reaching its cap (maxGroups or MAX_GROUPS_PER_RULE).',
      labelNames: ['tenant', 'rule'],
      registers,
    }),
    ruleSkipped: new Counter({
      name: `${prefix}rule_skipped_total`,
      help: 'Events a rule matched but could not use as written, by reason: groupBy or field (no value: the event was skipped), throttle.key (no key: the alert was not throttled).',
      labelNames: ['rule', 'reason'],
      registers,
    }),
    alerts: new Counter({
      name: `${prefix}alerts_total`,
      help: 'Alerts raised per rule (after dedup).',
      labelNames: ['rule'],
      registers,
    }),
    alertsSilenced: new Counter({
      name: `${prefix}alerts_silenced_total`,
      help: 'Alerts matched by a silence.',
      labelNames: ['rule'],
      registers,
    }),
    nameLookups: new Counter({
      name: `${prefix}name_lookups_total`,
      help: 'Display-name lookups of application and service-principal ids for alerts, by outcome; failed and timed-out alerts show ids only.',
      labelNames: ['tenant', 'outcome'],
      registers,
    }),
    deliveries: new Counter({
      name: `${prefix}deliveries_total`,
      help: 'Delivery attempts per channel and outcome.',
      labelNames: ['channel', 'outcome'],
      registers,
    }),
    deadLetters: new Counter({
      name: `${prefix}dead_letters_total`,
      help: 'Deliveries that failed after their last retry.',
      labelNames: ['channel'],
      registers,
    }),
    historyWriteFailures: new Counter({
      name: `${prefix}history_write_failures_total`,
      help: 'Alert history writes that failed, by kind (alert, delivery).',
      labelNames: ['kind'],
      registers,
    }),
    failedJobs: new Counter({
      name: `${prefix}failed_jobs_total`,
      help: 'Evaluate and alerts jobs that failed after their last attempt (their alerts are missing until re-driven).',
      labelNames: ['queue'],
      registers,
    }),
    queueDepth: new Gauge({
      name: `${prefix}queue_depth`,
      help: 'Jobs per queue and state.',
      labelNames: ['queue', 'state'],
      registers,
    }),
    rulesReloads: new Counter({
      name: `${prefix}rules_reloads_total`,
      help: 'Rule set reloads by outcome.',
      labelNames: ['outcome'],
      registers,
    }),
  };
}
