/**
 * The worker's own Redis keys, every one built here (BullMQ's live under its own prefix). Per tenant:
 *   <prefix>:poll:<tenant>:watermark      end of the last window read completely (ms)
 *   <prefix>:poll:<tenant>:seen           ZSET of delivered event ids scored by activityDateTime
 *   <prefix>:poll:<tenant>:lock           single-flight lock of the tenant's poll
 *   <prefix>:index:<tenant>:lock          single-flight lock of the tenant's archive index pass
 *   <prefix>:poll:<tenant>:last-success   time of the last successful poll (ms), for /readyz
 *   <prefix>:poll:<tenant>:failures       consecutive failed polls
 *   <prefix>:poll:<tenant>:newest         newest activityDateTime read (ms), for the lag metric
 *   <prefix>:poll:<tenant>:last-poll      HASH `at` (ms) and `outcome` of the last poll, for the console's Health
 *   <prefix>:poll:<tenant>:throttled      HASH `at`, `until` (ms) of the last poll Graph throttled; expires
 *   <prefix>:state:<tenant>               rule-engine state (RedisStateStore prefix)
 *   <prefix>:self:<rule>:<tenant>:<reason> self-alert throttle
 * Per route and alert group (the group is a hash of tenant and group key, see groupHash):
 *   <prefix>:group:<route>:<group>                  the group's windows (GroupStore)
 *   <prefix>:group:<route>:<group>:pending          alerts waiting for the pending window's flush
 *   <prefix>:group:<route>:<group>:seen             alert ids added within the seen horizon
 *   <prefix>:group:<route>:<group>:batch:<window>   the alerts a window's flush took
 *   <prefix>:thread:<route>:<group>:<channel>       the group's thread in a Slack channel, `<epoch> <ts>`
 * Per deliver job:
 *   <prefix>:sent:<job id>                          sent marker: a retried job does not send again
 * Per deployment:
 *   <prefix>:slack-pause                            set by a Slack 429 for its bounded Retry-After (SlackPause)
 *   <prefix>:rules:version                          version of the rule set last loaded by a replica
 * Alert history (AlertHistoryWriter, AlertHistory):
 *   <prefix>:history:alerts                         STREAM of alert records, one entry per alert id
 *   <prefix>:history:deliveries                     STREAM of delivery outcomes, one entry per (notification, channel) outcome
 *   <prefix>:history:alert:<alert id>               HASH index of one alert: `entry` (its stream id), `d:<id>` per
 *                                                   delivery entry; expires with the history's retention
 */
export class RedisKeys {
  constructor(readonly prefix: string) {}

  watermark(tenant: string): string {
    return `${this.prefix}:poll:${tenant}:watermark`;
  }
  seen(tenant: string): string {
    return `${this.prefix}:poll:${tenant}:seen`;
  }
  pollLock(tenant: string): string {
    return `${this.prefix}:poll:${tenant}:lock`;
  }
  indexLock(tenant: string): string {
    return `${this.prefix}:index:${tenant}:lock`;
  }
  lastSuccess(tenant: string): string {
    return `${this.prefix}:poll:${tenant}:last-success`;
  }
  failures(tenant: string): string {
    return `${this.prefix}:poll:${tenant}:failures`;
  }
  newest(tenant: string): string {
    return `${this.prefix}:poll:${tenant}:newest`;
  }
  lastPoll(tenant: string): string {
    return `${this.prefix}:poll:${tenant}:last-poll`;
  }
  throttled(tenant: string): string {
    return `${this.prefix}:poll:${tenant}:throttled`;
  }
  /** SCAN pattern of the watermarks: the tenants this deployment has polled. */
  watermarkPattern(): string {
    return `${this.prefix}:poll:*:watermark`;
  }
  /** The tenant of a key watermarkPattern matched. */
  tenantOfWatermark(key: string): string {
    return key.slice(`${this.prefix}:poll:`.length, -':watermark'.length);
  }
  rulesVersion(): string {
    return `${this.prefix}:rules:version`;
  }
  statePrefix(tenant: string): string {
    return `${this.prefix}:state:${tenant}`;
  }
  selfAlert(ruleId: string, tenant: string, reason: string): string {
    return `${this.prefix}:self:${ruleId}:${tenant}:${reason}`;
  }
  group(route: string, group: string): string {
    return `${this.prefix}:group:${route}:${group}`;
  }
  groupPending(route: string, group: string): string {
    return `${this.group(route, group)}:pending`;
  }
  groupSeen(route: string, group: string): string {
    return `${this.group(route, group)}:seen`;
  }
  groupBatch(route: string, group: string, window: number): string {
    return `${this.group(route, group)}:batch:${window}`;
  }
  thread(route: string, group: string, channel: string): string {
    return `${this.prefix}:thread:${route}:${group}:${channel}`;
  }
  sent(jobId: string): string {
    return `${this.prefix}:sent:${jobId}`;
  }
  slackPause(): string {
    return `${this.prefix}:slack-pause`;
  }
  historyAlerts(): string {
    return `${this.prefix}:history:alerts`;
  }
  historyDeliveries(): string {
    return `${this.prefix}:history:deliveries`;
  }
  historyAlert(alertId: string): string {
    return `${this.historyAlertPrefix()}${alertId}`;
  }
  /** What historyAlert puts before the alert id: the alerts script builds the index keys of entries it trims. */
  historyAlertPrefix(): string {
    return `${this.prefix}:history:alert:`;
  }
}
