/**
 * The worker's own Redis keys (BullMQ's live under its own prefix). Per tenant:
 *   <prefix>:poll:<tenant>:watermark      end of the last window read completely (ms)
 *   <prefix>:poll:<tenant>:seen           ZSET of delivered event ids scored by activityDateTime
 *   <prefix>:poll:<tenant>:lock           single-flight lock of the tenant's poll
 *   <prefix>:poll:<tenant>:last-success   time of the last successful poll (ms), for /readyz
 *   <prefix>:poll:<tenant>:failures       consecutive failed polls
 *   <prefix>:poll:<tenant>:newest         newest activityDateTime read (ms), for the lag metric
 *   <prefix>:state:<tenant>               rule-engine state (RedisStateStore prefix)
 *   <prefix>:self:<rule>:<tenant>:<reason> self-alert throttle
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
  lastSuccess(tenant: string): string {
    return `${this.prefix}:poll:${tenant}:last-success`;
  }
  failures(tenant: string): string {
    return `${this.prefix}:poll:${tenant}:failures`;
  }
  newest(tenant: string): string {
    return `${this.prefix}:poll:${tenant}:newest`;
  }
  statePrefix(tenant: string): string {
    return `${this.prefix}:state:${tenant}`;
  }
  selfAlert(ruleId: string, tenant: string, reason: string): string {
    return `${this.prefix}:self:${ruleId}:${tenant}:${reason}`;
  }
}
