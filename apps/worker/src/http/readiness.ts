import type { Clock } from '@b2c-alerts/audit-client';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis/redis-keys.js';
import type { RulesState } from '../rules/rules-state.js';

export interface Readiness {
  ready: boolean;
  /** Why not ready; empty when ready. */
  reasons: string[];
  rulesVersion?: string;
  /** Last successful poll per tenant (ISO), across all replicas. */
  lastPoll: Record<string, string | null>;
}

export interface ReadinessDeps {
  redis: Redis;
  keys: RedisKeys;
  rules: RulesState;
  tenants: readonly string[];
  clock: Clock;
  /** A poll older than this is stale: 3 × POLL_INTERVAL + 5 min. */
  maxPollAgeMs: number;
  /** @defaultValue 2000 */
  pingTimeoutMs?: number;
}

/** Ready when Redis answers PING, a rule set is loaded, and every tenant was polled successfully recently (by any replica). */
export async function checkReadiness(o: ReadinessDeps): Promise<Readiness> {
  const reasons: string[] = [];
  const lastPoll: Record<string, string | null> = {};
  const rules = o.rules.current;
  if (!rules) reasons.push('no rule set loaded');
  let redisOk = false;
  try {
    await withTimeout(o.redis.ping(), o.pingTimeoutMs ?? 2000);
    redisOk = true;
  } catch {
    reasons.push('redis does not answer PING');
  }
  if (redisOk && o.tenants.length > 0) {
    try {
      const values = await withTimeout(
        o.redis.mget(...o.tenants.map((t) => o.keys.lastSuccess(t))),
        o.pingTimeoutMs ?? 2000,
      );
      const now = o.clock.now();
      o.tenants.forEach((tenant, i) => {
        const at = Number(values[i]);
        lastPoll[tenant] = at > 0 ? new Date(at).toISOString() : null;
        if (!(at > 0)) reasons.push(`tenant ${tenant} has no successful poll yet`);
        else if (now - at > o.maxPollAgeMs)
          reasons.push(`tenant ${tenant}'s last successful poll is ${Math.round((now - at) / 60_000)} min old`);
      });
    } catch {
      reasons.push('redis does not answer');
    }
  }
  return { ready: reasons.length === 0, reasons, ...(rules ? { rulesVersion: rules.version } : {}), lastPoll };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
