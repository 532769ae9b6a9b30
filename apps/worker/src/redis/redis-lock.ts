import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const renewScript = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) else return 0 end`;
const releaseScript = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

/**
 * A lease in Redis (`SET key token NX PX ttl`), renewed every ttl/3 while held. Only the holder's token
 * renews or releases it. When a renewal finds the lease gone (expired during a stall, taken by another
 * replica), `lost` aborts so the holder stops at its next safe point.
 */
export class RedisLock {
  readonly lost: AbortSignal;
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  #released = false;

  private constructor(
    private readonly redis: Redis,
    readonly key: string,
    private readonly token: string,
    ttlMs: number,
  ) {
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
      await this.redis.eval(releaseScript, 1, this.key, this.token);
    } catch {
      // Expires after its ttl.
    }
  }

  async #renew(ttlMs: number): Promise<void> {
    if (this.#released) return;
    try {
      const renewed = await this.redis.eval(renewScript, 1, this.key, this.token, String(ttlMs));
      if (renewed === 0 && !this.#released) {
        clearInterval(this.#timer);
        this.#controller.abort(new Error('the poll lock was lost'));
      }
    } catch {
      // Redis unreachable: the next renewal tries again; if the lease expires meanwhile, that one aborts.
    }
  }
}
