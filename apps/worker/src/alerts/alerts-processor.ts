import { systemClock, type Clock } from '@b2c-alerts/audit-client';
import { buildAlert } from '@b2c-alerts/notify';
import {
  activeSilence,
  defaultRouteTimers,
  type AlertCandidate,
  type Route,
  type RuleDefinition,
  type RuleSet,
} from '@b2c-alerts/rule-engine';
import type { Alert } from '@b2c-alerts/notify';
import type { Job, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import {
  deliverJobName,
  deliverJobOptions,
  notificationJobId,
  type DeliverThread,
  type NotificationJobData,
} from '../deliver/deliver-job.js';
import type { AlertHistoryState } from '../alert-history/alert-history-record.js';
import type { AlertHistoryWriter } from '../alert-history/alert-history-writer.js';
import { channelName } from '../alert-history/channel-name.js';
import { historyAlertRecord } from '../alert-history/history-alert-record.js';
import type { WorkerMetrics } from '../http/metrics.js';
import type { RedisKeys } from '../redis/redis-keys.js';
import { queueNames, type AlertJobData, type DeliverJobData } from '../queues/queues.js';
import type { RulesBundle } from '../rules/rules-state.js';
import { selfAlertRule } from '../self-alerts/self-alerts.js';
import { nameAlert, type AlertNamesDeps } from './alert-names.js';
import { deliveryChannels } from './delivery-channels.js';
import { flushJobId, flushJobName, flushJobOptions, type AlertsQueueJobData, type FlushJobData } from './flush-job.js';
import { groupHash } from './group-hash.js';
import { GroupStore } from './group-store.js';
import { mergeAlerts } from './merge-alerts.js';
import { routesForAlert } from './routes-for-alert.js';

export interface AlertsProcessorDeps {
  /** The producer connection: group state lives under `<prefix>:group:` (RedisKeys). */
  redis: Redis;
  keys: RedisKeys;
  /** The alerts queue itself: flush jobs are scheduled on it. */
  alertsQueue: Queue;
  deliverQueue: Queue<DeliverJobData>;
  /** The current rules bundle (RulesState); read once per job. */
  rules: { readonly current: RulesBundle | undefined };
  metrics: Pick<WorkerMetrics, 'alerts' | 'alertsSilenced' | 'historyWriteFailures'>;
  logger: Logger;
  clock?: Clock;
  /** Records every alert once (alert history); off when absent. */
  history?: AlertHistoryWriter;
  /** Display names for the application and service-principal ids of alerts that will be delivered; off when absent. */
  names?: AlertNamesDeps;
}

/** A thread is kept this much longer than the route's repeat_interval + group_interval after each post. */
const threadMarginMs = 60 * 60_000;

/**
 * The alerts stage. An `alert` job: build the Alert (self-alerts from their built-in rule), drop it
 * when a silence is active, route it by the rule's notify and the routes' severities, and add it to its
 * group per route (see GroupStore), scheduling the group's `flush`. A `flush` job: take the window's
 * alerts once, merge them into one notification, and enqueue one deliver job per channel with a
 * deterministic id. Replayed candidates (same alert id) and flushes that run twice change nothing, so
 * any number of workers send each notification once.
 */
export function createAlertsProcessor(deps: AlertsProcessorDeps): (job: Job<AlertsQueueJobData>) => Promise<void> {
  const groups = new GroupStore(deps.redis, deps.keys);
  const clock = deps.clock ?? systemClock;
  const rulesById = new WeakMap<RuleSet, Map<string, RuleDefinition>>();

  const bundleOf = (): RulesBundle => {
    const bundle = deps.rules.current;
    // Transient: the app loads rules before it starts workers; a retry finds them.
    if (!bundle) throw new Error('no rule set is loaded yet; the job is retried');
    return bundle;
  };

  const ruleOf = (bundle: RulesBundle, candidate: AlertCandidate): RuleDefinition => {
    let byId = rulesById.get(bundle.ruleSet);
    if (!byId) {
      byId = new Map(bundle.ruleSet.rules.map((r) => [r.id, r]));
      rulesById.set(bundle.ruleSet, byId);
    }
    return selfAlertRule(candidate.ruleId) ?? byId.get(candidate.ruleId) ?? removedRule(candidate);
  };

  const onAlert = async (job: Job<AlertsQueueJobData>, data: AlertJobData): Promise<void> => {
    const bundle = bundleOf();
    const { candidate } = data;
    const rule = ruleOf(bundle, candidate);
    // The job's tenant is the configured name (TENANT_NAME, `_worker` for the worker itself): alerts show
    // it; the event's TenantId still makes the audit log link.
    const alert = buildAlert(candidate, rule, { ruleSetVersion: data.ruleSetVersion, tenantName: data.tenant });
    const log = deps.logger.child({
      queue: queueNames.alerts,
      jobId: job.id,
      ruleId: candidate.ruleId,
      alertId: alert.id,
    });
    const now = clock.now();

    const silence = activeSilence(
      bundle.silences,
      {
        ruleId: candidate.ruleId,
        ...(candidate.event ? { event: candidate.event } : {}),
        groupValues: candidate.groupValues,
      },
      now,
    );
    if (silence) {
      deps.metrics.alertsSilenced.inc({ rule: candidate.ruleId });
      log.debug({ silenceId: silence.id }, 'alert silenced');
      await record(alert, data, { state: 'silenced', silenceId: silence.id, routes: [], channels: [] }, log);
      return;
    }

    const { routes, missing } = routesForAlert(rule.notify, alert.severity, bundle.routes);
    if (missing.length > 0) log.warn({ routes: missing }, 'alert names routes that are not defined');
    // Once per alert, and only for one that goes somewhere: every notification of it shows the same names.
    const delivered = routes.some((r) => deliveryChannels(r).length > 0);
    const named =
      delivered && deps.names ? await nameAlert(alert, candidate.event, data.tenant, deps.names, log) : alert;
    const group = groupHash(data.tenant, candidate.groupKey);
    let added = false;
    for (const route of routes) {
      if (deliveryChannels(route).length === 0) {
        log.debug({ route: route.name }, 'route has no channel');
        continue;
      }
      const result = await groups.add(route, group, named, now);
      added ||= result.added;
      if (result.flushAt === undefined) continue;
      const flush: FlushJobData = { route: route.name, group, window: result.window };
      await deps.alertsQueue.add(flushJobName, flush, {
        ...flushJobOptions,
        jobId: flushJobId(flush),
        delay: Math.max(0, result.flushAt - now),
      });
    }
    if (added) deps.metrics.alerts.inc({ rule: candidate.ruleId });
    if (routes.length === 0) log.debug('alert goes to no route');
    const routed = routes.filter((r) => deliveryChannels(r).length > 0);
    await record(
      named,
      data,
      {
        state: routed.length > 0 ? 'routed' : 'no-route',
        routes: routed.map((r) => r.name),
        channels: [...new Set(routed.flatMap((r) => deliveryChannels(r).map(channelName)))],
      },
      log,
    );
  };

  /**
   * Last, after the alert is grouped and its flush scheduled: a failed write fails the job, whose retry
   * changes nothing in the groups (the alert id is seen) and records the alert once.
   */
  const record = async (
    alert: Alert,
    data: AlertJobData,
    outcome: { state: AlertHistoryState; silenceId?: string; routes: string[]; channels: string[] },
    log: Logger,
  ): Promise<void> => {
    if (!deps.history) return;
    try {
      await deps.history.recordAlert(historyAlertRecord(alert, data, outcome));
    } catch (error) {
      deps.metrics.historyWriteFailures.inc({ kind: 'alert' });
      log.warn({ err: error }, 'alert history not written; the job is retried');
      throw error;
    }
  };

  const onFlush = async (job: Job<AlertsQueueJobData>, data: FlushJobData): Promise<void> => {
    const bundle = bundleOf();
    const log = deps.logger.child({ queue: queueNames.alerts, jobId: job.id, route: data.route, window: data.window });
    const defined = Object.hasOwn(bundle.routes.routes, data.route) ? bundle.routes.routes[data.route] : undefined;
    // A route removed by a reload: its pending alerts are taken (so the group does not stay stuck) and dropped.
    const route: Route = defined ?? { name: data.route, ...defaultRouteTimers };
    const taken = await groups.take(route, data.group, data.window, clock.now());
    if (taken.kind !== 'batch') return;
    const channels = defined ? deliveryChannels(route) : [];
    if (!defined) log.warn({ alerts: taken.alerts.length }, 'route no longer defined; its pending alerts are dropped');
    if (taken.alerts.length > 0 && channels.length > 0) {
      const alert = mergeAlerts(taken.alerts);
      const thread: DeliverThread = {
        group: data.group,
        epoch: taken.epoch,
        root: taken.root,
        ttlMs: route.repeatIntervalMs + route.groupIntervalMs + threadMarginMs,
      };
      await deps.deliverQueue.addBulk(
        channels.map((channel) => ({
          name: deliverJobName,
          data: {
            alert,
            route: route.name,
            channel,
            thread,
            alertIds: taken.alerts.map((a) => a.id),
          } satisfies NotificationJobData,
          opts: { ...deliverJobOptions, jobId: notificationJobId(alert.id, route.name, channel) },
        })),
      );
      log.info(
        { alertId: alert.id, alerts: taken.alerts.length, channels: channels.length, root: taken.root },
        'group notification enqueued',
      );
    }
    await groups.markEnqueued(route.name, data.group, data.window);
  };

  return async (job) => {
    if (job.name === flushJobName) await onFlush(job, job.data as FlushJobData);
    else await onAlert(job, job.data as AlertJobData);
  };
}

/** An alert whose rule a reload removed since it was raised: still delivered, to the default route. */
function removedRule(candidate: AlertCandidate): RuleDefinition {
  return {
    id: candidate.ruleId,
    title: candidate.title,
    description: 'The rule that raised this alert is no longer in the rule set.',
    severity: candidate.severity,
    enabled: true,
    tags: [],
    references: [],
    match: { all: [] },
    notify: ['security'],
    fields: [],
    source: { file: '(removed)', line: 0 },
  };
}
