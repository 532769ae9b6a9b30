import type { Alert } from '@b2c-alerts/notify';
import type { Route } from '@b2c-alerts/rule-engine';
import type { Redis } from 'ioredis';
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
  | { kind: 'batch'; alerts: Alert[]; root: boolean; epoch: number }
  | { kind: 'done' }
  | { kind: 'none' };

type ScriptCall = (...args: string[]) => Promise<unknown>;

/**
 * Alertmanager-style group state in Redis, one hash per (route, group) under `<prefix>:group:`.
 * Its notifications are numbered windows: the first alert of a new (or quiet) group opens window 1,
 * due after group_wait; later alerts join the pending window, or open the next one, due group_interval
 * after the last flush. Each window's alerts are taken once by its flush.
 */
export class GroupStore {
  readonly #redis: Redis;
  readonly #prefix: string;

  constructor(redis: Redis, keyPrefix: string) {
    this.#redis = redis;
    this.#prefix = keyPrefix;
    redis.defineCommand('b2cAlertsGroupAdd', { lua: addToGroupLua, numberOfKeys: 3 });
    redis.defineCommand('b2cAlertsGroupTake', { lua: takeBatchLua, numberOfKeys: 3 });
  }

  async add(route: Route, group: string, alert: Alert, now: number): Promise<AddResult> {
    const k = this.#keys(route.name, group);
    const reply = (await this.#call('b2cAlertsGroupAdd', [k.state, k.pending, k.seen], [
      alert.id,
      JSON.stringify(alert),
      int(now),
      int(route.groupWaitMs),
      int(route.groupIntervalMs),
      int(route.repeatIntervalMs),
      int(stateTtl(route)),
      int(seenHorizonMs),
      int(overdueMs),
    ])) as [number, number, number];
    const [added, window, flushAt] = reply;
    return { added: added === 1, window, ...(flushAt >= 0 ? { flushAt } : {}) };
  }

  async take(route: Route, group: string, window: number, now: number): Promise<TakeResult> {
    const k = this.#keys(route.name, group);
    const reply = (await this.#call('b2cAlertsGroupTake', [k.state, k.pending, this.#batchKey(route.name, group, window)], [
      int(window),
      int(now),
      int(batchTtlMs),
      int(stateTtl(route)),
    ])) as [string, string?, string?, string?];
    if (reply[0] !== 'batch') return { kind: reply[0] === 'done' ? 'done' : 'none' };
    return { kind: 'batch', alerts: JSON.parse(reply[1] ?? '[]') as Alert[], root: reply[2] === '1', epoch: Number(reply[3]) };
  }

  /** After the window's deliver jobs are enqueued: a flush that runs again does nothing. */
  async markEnqueued(routeName: string, group: string, window: number): Promise<void> {
    await this.#redis.hset(this.#batchKey(routeName, group, window), 'enqueued', '1');
  }

  #keys(routeName: string, group: string) {
    const base = `${this.#prefix}:group:${routeName}:${group}`;
    return { state: base, pending: `${base}:pending`, seen: `${base}:seen` };
  }

  #batchKey(routeName: string, group: string, window: number): string {
    return `${this.#prefix}:group:${routeName}:${group}:batch:${window}`;
  }

  #call(name: string, keys: string[], args: string[]): Promise<unknown> {
    const run = (this.#redis as unknown as Record<string, ScriptCall>)[name]!;
    return run.call(this.#redis, ...keys, ...args);
  }
}

/** Group state must outlive a quiet repeat_interval (to know the group is not new) and the seen horizon. */
function stateTtl(route: Route): number {
  return Math.max(route.repeatIntervalMs + route.groupIntervalMs, seenHorizonMs) + day;
}

function int(n: number): string {
  return String(Math.trunc(n));
}
