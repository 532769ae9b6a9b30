import type { Alert } from '@b2c-alerts/notify';
import { defineScripts, type Route, type ScriptCalls } from '@b2c-alerts/rule-engine';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis/redis-keys.js';
import { addToGroupLua, takeBatchLua } from './group-lua.js';

const day = 24 * 60 * 60_000;
/** How long an alert id is remembered by its group: a replayed candidate within it is dropped. */
export const seenHorizonMs = 7 * day;
/** A pending flush this late lost its job (it failed for good): its alerts move to a new window. */
const overdueMs = 15 * 60_000;
/** How long a taken batch stays, for a flush that runs again (a retry, a re-added job). */
const batchTtlMs = 7 * day;

export interface AddResult {
  /** False when the alert was in the group already (a replay). */
  added: boolean;
  window: number;
  /** When the pending flush is due (epoch ms); undefined when none is pending. */
  flushAt?: number;
}

export type TakeResult =
  { kind: 'batch'; alerts: Alert[]; root: boolean; epoch: number } | { kind: 'done' } | { kind: 'none' };

const scripts = { add: addToGroupLua, take: takeBatchLua };

/**
 * Alertmanager-style group state in Redis, one hash per (route, group) under `<prefix>:group:` (see
 * RedisKeys). Its notifications are numbered windows: the first alert of a new (or quiet) group opens window 1,
 * due after group_wait; later alerts join the pending window, or open the next one, due group_interval
 * after the last flush. Each window's alerts are taken once by its flush.
 */
export class GroupStore {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;
  readonly #scripts: ScriptCalls<typeof scripts>;

  constructor(redis: Redis, keys: RedisKeys) {
    this.#redis = redis;
    this.#keys = keys;
    this.#scripts = defineScripts(redis, scripts);
  }

  async add(route: Route, group: string, alert: Alert, now: number): Promise<AddResult> {
    const [k, name] = [this.#keys, route.name];
    const [added, window, flushAt] = await this.#scripts.add(
      [k.group(name, group), k.groupPending(name, group), k.groupSeen(name, group)],
      [
        alert.id,
        JSON.stringify(alert),
        int(now),
        int(route.groupWaitMs),
        int(route.groupIntervalMs),
        int(route.repeatIntervalMs),
        int(stateTtl(route)),
        int(seenHorizonMs),
        int(overdueMs),
      ],
    );
    return { added: added === 1, window, ...(flushAt >= 0 ? { flushAt } : {}) };
  }

  async take(route: Route, group: string, window: number, now: number): Promise<TakeResult> {
    const [k, name] = [this.#keys, route.name];
    const reply = await this.#scripts.take(
      [k.group(name, group), k.groupPending(name, group), k.groupBatch(name, group, window)],
      [int(window), int(now), int(batchTtlMs), int(stateTtl(route))],
    );
    if (reply[0] !== 'batch') return { kind: reply[0] === 'done' ? 'done' : 'none' };
    return {
      kind: 'batch',
      alerts: JSON.parse(reply[1] ?? '[]') as Alert[],
      root: reply[2] === '1',
      epoch: Number(reply[3]),
    };
  }

  /** After the window's deliver jobs are enqueued: a flush that runs again does nothing. */
  async markEnqueued(routeName: string, group: string, window: number): Promise<void> {
    await this.#redis.hset(this.#keys.groupBatch(routeName, group, window), 'enqueued', '1');
  }
}

/** Group state must outlive a quiet repeat_interval (to know the group is not new) and the seen horizon. */
function stateTtl(route: Route): number {
  return Math.max(route.repeatIntervalMs + route.groupIntervalMs, seenHorizonMs) + day;
}

function int(n: number): string {
  return String(Math.trunc(n));
}
