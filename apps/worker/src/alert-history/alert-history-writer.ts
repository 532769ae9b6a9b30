import { systemClock, type Clock } from '@b2c-alerts/audit-client';
import { defineScripts, type ScriptCalls } from '@b2c-alerts/rule-engine';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis/redis-keys.js';
import { recordAlertLua, recordDeliveryLua } from './alert-history-lua.js';
import { defaultAlertHistoryRetention, type AlertHistoryRetention } from './alert-history-options.js';
import {
  maxDeliveryAlertIds,
  maxDeliveryErrorLength,
  type StoredAlertRecord,
  type StoredDeliveryRecord,
} from './alert-history-record.js';

const scripts = { recordAlert: recordAlertLua, recordDelivery: recordDeliveryLua };

/** A delivery outcome to record; `at` is the writer's clock. */
export type DeliveryOutcome = Omit<StoredDeliveryRecord, 'at'>;

/**
 * Writes the alert history: two Redis streams under the worker's prefix (see RedisKeys), trimmed by age
 * and count as they grow, and a per-alert index hash that expires with the retention. An alert is
 * recorded once per id (the index says whether it was), however often its job runs and on however many
 * workers; delivery outcomes are appended and indexed under each alert their notification carried.
 */
export class AlertHistoryWriter {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;
  readonly #clock: Clock;
  readonly #retention: AlertHistoryRetention;
  readonly #scripts: ScriptCalls<typeof scripts>;

  constructor(redis: Redis, keys: RedisKeys, o: { clock?: Clock; retention?: AlertHistoryRetention } = {}) {
    this.#redis = redis;
    this.#keys = keys;
    this.#clock = o.clock ?? systemClock;
    this.#retention = o.retention ?? defaultAlertHistoryRetention;
    this.#scripts = defineScripts(redis, scripts);
  }

  /** Records the alert unless it was recorded before (then false). `raisedAt` is set from the clock. */
  async recordAlert(record: Omit<StoredAlertRecord, 'raisedAt'>): Promise<boolean> {
    const now = this.#clock.now();
    const stored: StoredAlertRecord = { ...record, raisedAt: new Date(now).toISOString() };
    const recorded = await this.#scripts.recordAlert(
      [this.#keys.historyAlerts(), this.#keys.historyAlert(record.id)],
      [
        int(now),
        JSON.stringify(stored),
        int(now - this.#retention.retentionMs),
        int(this.#retention.maxEntries),
        int(this.#retention.retentionMs),
        this.#keys.historyAlertPrefix(),
        record.id,
      ],
    );
    return recorded === 1;
  }

  /** Appends one delivery outcome and indexes it under the notification's alerts. */
  async recordDelivery(outcome: DeliveryOutcome): Promise<void> {
    const now = this.#clock.now();
    const alertIds = [...new Set(outcome.alertIds)].slice(0, maxDeliveryAlertIds);
    const stored: StoredDeliveryRecord = {
      ...outcome,
      alertIds,
      at: new Date(now).toISOString(),
      ...(outcome.error === undefined ? {} : { error: outcome.error.slice(0, maxDeliveryErrorLength) }),
    };
    const entry = await this.#scripts.recordDelivery(
      [this.#keys.historyDeliveries()],
      [int(now), JSON.stringify(stored), int(now - this.#retention.retentionMs), int(this.#retention.maxEntries)],
    );
    // One transaction: each alert's index names the entry, and lives as long as the retention from now.
    const index = this.#redis.multi();
    for (const id of alertIds) {
      const key = this.#keys.historyAlert(id);
      index.hset(key, `d:${entry}`, '1');
      index.pexpire(key, this.#retention.retentionMs);
    }
    const replies = await index.exec();
    const failed = replies?.find(([error]) => error !== null)?.[0];
    if (failed) throw failed;
  }
}

function int(n: number): string {
  return String(Math.max(0, Math.trunc(n)));
}
