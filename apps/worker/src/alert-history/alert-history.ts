import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis/redis-keys.js';
import type {
  AlertHistoryRecord,
  DeliveryHistoryRecord,
  StoredAlertRecord,
  StoredDeliveryRecord,
} from './alert-history-record.js';
import { HistoryQueryError } from './history-query-error.js';

export interface AlertHistoryQuery {
  /** Alerts raised at or after this time (epoch ms). */
  since?: number;
  /** Alerts raised at or before this time (epoch ms). */
  until?: number;
  /** Only this rule's alerts. */
  rule?: string;
  /** At most this many alerts. @defaultValue 50 */
  limit?: number;
  /** The `next` of the previous page: alerts raised before it. */
  before?: string;
}

export interface AlertHistoryPage {
  /** Newest first. */
  alerts: AlertHistoryRecord[];
  /** Pass as `before` for the next page; absent on the last one. */
  next?: string;
}

export const maxHistoryPageSize = 1000;
/** Entries one list() call reads at most while filtering by rule: a rare rule pages rather than scanning all. */
const maxScanned = 20_000;
const cursorPattern = /^\d{1,20}-\d{1,20}$/;
const maxAlertIdLength = 200;

/**
 * Reads the alert history the worker writes (AlertHistoryWriter): alerts newest first, each joined with
 * its delivery outcomes, as plain JSON records. Read-only; the caller owns the connection.
 */
export class AlertHistory {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;

  constructor(redis: Redis, keys: RedisKeys) {
    this.#redis = redis;
    this.#keys = keys;
  }

  async list(query: AlertHistoryQuery = {}): Promise<AlertHistoryPage> {
    const limit = query.limit ?? 50;
    if (!Number.isInteger(limit) || limit < 1 || limit > maxHistoryPageSize)
      throw new HistoryQueryError(`limit must be a whole number from 1 to ${maxHistoryPageSize}`);
    if (query.before !== undefined && !cursorPattern.test(query.before))
      throw new HistoryQueryError('before must be the `next` cursor of a previous page');
    for (const [name, t] of [
      ['since', query.since],
      ['until', query.until],
    ] as const) {
      if (t !== undefined && !(Number.isSafeInteger(t) && t >= 0))
        throw new HistoryQueryError(`${name} must be a time at or after 1970-01-01`);
    }
    const start = query.since === undefined ? '-' : String(query.since);
    let end = query.before !== undefined ? `(${query.before}` : query.until === undefined ? '+' : String(query.until);
    if (query.before !== undefined && query.until !== undefined && compareIds(query.before, `${query.until}-0`) > 0)
      end = String(query.until);

    const found: Array<{ entry: string; record: StoredAlertRecord }> = [];
    let scanned = 0;
    let lastScanned: string | undefined;
    let exhausted = false;
    const batch = query.rule === undefined ? limit + 1 : Math.max(200, limit + 1);
    while (found.length <= limit && scanned < maxScanned) {
      const entries = await this.#redis.xrevrange(this.#keys.historyAlerts(), end, start, 'COUNT', batch);
      for (const [entry, fields] of entries) {
        scanned += 1;
        lastScanned = entry;
        const record = parseField<StoredAlertRecord>(fields, 'r');
        if (!record || (query.rule !== undefined && record.ruleId !== query.rule)) continue;
        found.push({ entry, record });
        if (found.length > limit) break;
      }
      if (entries.length < batch) {
        exhausted = true;
        break;
      }
      end = `(${entries[entries.length - 1]![0]}`;
    }
    const page = found.slice(0, limit);
    const more = found.length > limit || (!exhausted && lastScanned !== undefined);
    const next = found.length > limit ? page[page.length - 1]?.entry : lastScanned;
    const alerts = await this.#withDeliveries(page.map((f) => f.record));
    return more && next !== undefined ? { alerts, next } : { alerts };
  }

  async get(alertId: string): Promise<AlertHistoryRecord | undefined> {
    if (alertId === '' || alertId.length > maxAlertIdLength) return undefined;
    const entry = await this.#redis.hget(this.#keys.historyAlert(alertId), 'entry');
    if (entry === null) return undefined;
    const [hit] = await this.#redis.xrange(this.#keys.historyAlerts(), entry, entry);
    const record = hit ? parseField<StoredAlertRecord>(hit[1], 'r') : undefined;
    if (!record) return undefined;
    const [joined] = await this.#withDeliveries([record]);
    return joined;
  }

  async #withDeliveries(records: StoredAlertRecord[]): Promise<AlertHistoryRecord[]> {
    if (records.length === 0) return [];
    const indexes = this.#redis.pipeline();
    for (const r of records) indexes.hkeys(this.#keys.historyAlert(r.id));
    const indexReplies = (await indexes.exec()) ?? [];
    const entriesOf = records.map((_, i) => {
      const [error, fields] = indexReplies[i] ?? [null, []];
      if (error) throw error;
      return (fields as string[])
        .filter((f) => f.startsWith('d:'))
        .map((f) => f.slice(2))
        .filter((id) => cursorPattern.test(id))
        .sort(compareIds);
    });
    const ids = [...new Set(entriesOf.flat())];
    const deliveries = new Map<string, StoredDeliveryRecord>();
    if (ids.length > 0) {
      const reads = this.#redis.pipeline();
      for (const id of ids) reads.xrange(this.#keys.historyDeliveries(), id, id);
      const replies = (await reads.exec()) ?? [];
      ids.forEach((id, i) => {
        const [error, hits] = replies[i] ?? [null, []];
        if (error) throw error;
        const hit = (hits as Array<[string, string[]]>)[0];
        const delivery = hit ? parseField<StoredDeliveryRecord>(hit[1], 'd') : undefined;
        if (delivery) deliveries.set(id, delivery);
      });
    }
    return records.map((record, i) => {
      // A retry that found the sent marker records `sent` again (its first write may have been lost to a
      // crash): one `sent` per notification, route and channel is shown, the first.
      const sent = new Set<string>();
      return {
        ...record,
        deliveries: (entriesOf[i] ?? []).flatMap((id) => {
          const d = deliveries.get(id);
          if (!d) return [];
          if (d.state === 'sent') {
            const key = JSON.stringify([d.notificationId, d.route, d.channel]);
            if (sent.has(key)) return [];
            sent.add(key);
          }
          return [deliveryOf(d)];
        }),
      };
    });
  }
}

function deliveryOf(d: StoredDeliveryRecord): DeliveryHistoryRecord {
  const { route, channel, state, at, attempts, error, notificationId } = d;
  return { route, channel, state, at, attempts, ...(error === undefined ? {} : { error }), notificationId };
}

/** The JSON in one field of a stream entry; undefined when absent or not an object (never thrown). */
function parseField<T>(fields: string[], name: string): T | undefined {
  const at = fields.indexOf(name);
  const text = at >= 0 && at % 2 === 0 ? fields[at + 1] : undefined;
  if (text === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as T) : undefined;
  } catch {
    return undefined;
  }
}

/** Stream ids in order (`<ms>-<seq>`, both numbers). */
function compareIds(a: string, b: string): number {
  const [am = 0n, as = 0n] = a.split('-').map((n) => BigInt(n));
  const [bm = 0n, bs = 0n] = b.split('-').map((n) => BigInt(n));
  return am === bm ? (as === bs ? 0 : as < bs ? -1 : 1) : am < bm ? -1 : 1;
}
