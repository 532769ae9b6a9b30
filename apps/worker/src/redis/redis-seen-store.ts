import type { DirectoryAudit, SeenStore } from '@b2c-alerts/audit-client';
import type { Redis } from 'ioredis';

export interface RedisSeenStoreOptions {
  redis: Redis;
  /** The tenant's ZSET (`<prefix>:poll:<tenant>:seen`). */
  key: string;
  /**
   * Ids whose activityDateTime is further than this behind the newest id marked are pruned. Must exceed
   * overlap + delay: a window re-reads events back to (watermark − overlap), and the watermark is never
   * behind the newest event read. The app passes overlap + delay + 1 h.
   */
  horizonMs: number;
  /** The key expires this long after the last markSeen, so a tenant removed from the config leaves nothing. */
  ttlMs?: number;
}

const chunk = 500;

/**
 * Delivered event ids of one tenant in a Redis ZSET scored by activityDateTime, shared by every replica:
 * filterUnseen is one ZMSCORE per page, markSeen one MULTI (ZADD + prune + expire). Records with an
 * unreadable time are scored with the newest time of their batch, so they live as long as it does.
 */
export class RedisSeenStore implements SeenStore {
  private readonly redis: Redis;
  private readonly key: string;
  private readonly horizonMs: number;
  private readonly ttlMs: number;

  constructor(options: RedisSeenStoreOptions) {
    if (!(options.horizonMs > 0))
      throw new RangeError('RedisSeenStore: `horizonMs` must be a positive number of milliseconds');
    this.redis = options.redis;
    this.key = options.key;
    this.horizonMs = options.horizonMs;
    this.ttlMs = options.ttlMs ?? 8 * 24 * 60 * 60_000;
  }

  async filterUnseen(events: DirectoryAudit[]): Promise<DirectoryAudit[]> {
    if (events.length === 0) return [];
    const scores: Array<string | null> = [];
    for (let i = 0; i < events.length; i += chunk) {
      scores.push(...(await this.redis.zmscore(this.key, ...events.slice(i, i + chunk).map((e) => e.id))));
    }
    const batch = new Set<string>();
    return events.filter((event, i) => {
      if (scores[i] !== null || batch.has(event.id)) return false;
      batch.add(event.id);
      return true;
    });
  }

  async markSeen(events: DirectoryAudit[]): Promise<void> {
    if (events.length === 0) return;
    const times = events.map((e) => Date.parse(e.activityDateTime));
    const newest = Math.max(...times.filter((t) => !Number.isNaN(t)));
    const fallback = Number.isFinite(newest) ? newest : Date.now();
    const multi = this.redis.multi();
    for (let i = 0; i < events.length; i += chunk) {
      const args: Array<string | number> = [];
      events.slice(i, i + chunk).forEach((event, j) => {
        const time = times[i + j]!;
        args.push(Number.isNaN(time) ? fallback : time, event.id);
      });
      multi.zadd(this.key, ...args);
    }
    // Pruning from this batch's newest time is safe: it is never ahead of the watermark.
    multi.zremrangebyscore(this.key, '-inf', `(${fallback - this.horizonMs}`);
    multi.pexpire(this.key, this.ttlMs);
    const results = await multi.exec();
    const failed = results?.find(([error]) => error !== null);
    if (failed) throw failed[0];
  }
}
