import { defineScripts, type ScriptCalls } from '@b2c-alerts/rule-engine';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../redis/redis-keys.js';
import { recordSentLua } from './thread-lua.js';

/** How long a deliver job's sent marker stays: as long as completed deliver jobs are kept. */
export const sentMarkerTtlMs = 7 * 24 * 60 * 60_000;

export interface ThreadRef {
  epoch: number;
  ts: string;
}

const scripts = { recordSent: recordSentLua };

/**
 * Slack threads of alert groups (`<prefix>:thread:<route>:<group>:<channel>` = `<epoch> <ts>`) and the
 * sent markers of deliver jobs (`<prefix>:sent:<job id>`), which let a retried job skip a send that
 * already happened (see RedisKeys).
 */
export class ThreadStore {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;
  readonly #scripts: ScriptCalls<typeof scripts>;

  constructor(redis: Redis, keys: RedisKeys) {
    this.#redis = redis;
    this.#keys = keys;
    this.#scripts = defineScripts(redis, scripts);
  }

  threadKey(route: string, group: string, channel: string): string {
    return this.#keys.thread(route, group, channel);
  }

  async thread(key: string): Promise<ThreadRef | undefined> {
    const value = await this.#redis.get(key);
    const match = value === null ? null : /^(\d+) (.+)$/.exec(value);
    return match ? { epoch: Number(match[1]), ts: match[2]! } : undefined;
  }

  async wasSent(jobId: string): Promise<boolean> {
    return (await this.#redis.exists(this.#keys.sent(jobId))) === 1;
  }

  /**
   * Marks the job sent and, for Slack, records the thread: `postedTs` is the ts of a top-level post
   * (it becomes the thread of `epoch` unless one is there already); undefined for a post in the thread.
   */
  async recordSent(
    jobId: string,
    value: string,
    slack?: { threadKey: string; epoch: number; postedTs?: string; ttlMs: number },
  ): Promise<void> {
    await this.#scripts.recordSent(
      [this.#keys.sent(jobId), slack?.threadKey ?? ''],
      [
        value,
        String(sentMarkerTtlMs),
        slack ? String(slack.epoch) : '',
        slack?.postedTs ?? '',
        String(Math.trunc(slack?.ttlMs ?? 0)),
      ],
    );
  }
}
