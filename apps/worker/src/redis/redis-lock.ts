import { randomUUID } from 'node:crypto';
import { defineScripts, type ScriptCalls } from '@b2c-alerts/rule-engine';
import type { Redis } from 'ioredis';
import { releaseLockLua, renewLockLua } from './lock-lua.js';

const scripts = { renew: renewLockLua, release: releaseLockLua };

/**
 * A lease in Redis (`SET key token NX PX ttl`), renewed every ttl/3 while held. Only the holder's token
 * renews or releases it. When a renewal finds the lease gone (expired during a stall, taken by another
 * replica), `lost` aborts so the holder stops at its next safe point.
 */
export class RedisLock {
  readonly lost: AbortSignal;
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  readonly #scripts: ScriptCalls<typeof scripts>;
  #released = false;

  private constructor(
    redis: Redis,
    readonly key: string,
    private readonly token: string,
    ttlMs: number,
  ) {
    this.#scripts = defineScripts(redis, scripts);
    this.lost = this.#controller.signal;
    this.#timer = setInterval(() => void this.#renew(ttlMs), Math.max(100, Math.floor(ttlMs / 3)));
    this.#timer.unref();
  }

  /** The lock, or undefined at once when someone else holds it. */
  static async acquire(redis: Redis, key: string, ttlMs: number): Promise<RedisLock | undefined> {
    const token = randomUUID();
    const ok = await redis.set(key, token, 'PX', ttlMs, 'NX');
    return ok === 'OK' ? new RedisLock(redis, key, token, ttlMs) : undefined;
  }

  /** Stops renewing and deletes the lease if still ours. Never throws: an unreleased lease expires. */
  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    clearInterval(this.#timer);
    try {
      await this.#scripts.release([this.key], [this.token]);
    } catch {
      // Expires after its ttl.
    }
  }

  async #renew(ttlMs: number): Promise<void> {
    if (this.#released) return;
    try {
      const renewed = await this.#scripts.renew([this.key], [this.token, String(ttlMs)]);
      if (renewed === 0 && !this.#released) {
        clearInterval(this.#timer);
        this.#controller.abort(new Error('the poll lock was lost'));
      }
    } catch {
      // Redis unreachable: the next renewal tries again; if the lease expires meanwhile, that one aborts.
    }
  }
}
