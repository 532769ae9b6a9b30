import type { CheckpointStore } from '@b2c-alerts/audit-client';
import type { Redis } from 'ioredis';

/** One tenant's watermark in Redis (`<prefix>:poll:<tenant>:watermark`), shared by every replica. */
export class RedisCheckpointStore implements CheckpointStore {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
  ) {}

  async getWatermark(): Promise<number | undefined> {
    const value = await this.redis.get(this.key);
    if (value === null) return undefined;
    const ms = Number(value);
    return Number.isFinite(ms) ? ms : undefined;
  }

  async setWatermark(ms: number): Promise<void> {
    await this.redis.set(this.key, String(Math.trunc(ms)));
  }
}
