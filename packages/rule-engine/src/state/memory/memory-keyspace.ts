interface Slot {
  value: unknown;
  expiresAt: number;
  /** Expires on the wall clock rather than in event time. */
  wall?: boolean;
}

/**
 * The keys of a MemoryStateStore, with Redis-like TTLs on a clock that is the newest time the store
 * has seen (event times and absence check times), never the wall clock: a write sets the key's expiry
 * to clock + TTL, and a key expires when the clock passes it. Idle state is dropped in event time, so a
 * replay of a week holds what its windows need, not the week. The one exception: keys set with `wall`
 * expire on `wallClock` instead, when the keyspace has one.
 */
export class MemoryKeyspace {
  private readonly slots = new Map<string, Slot>();
  private clock = Number.NEGATIVE_INFINITY;
  private writesSinceSweep = 0;
  /** Groups evicted to stay within maxGroups (see group-index.ts), counted since the keyspace began. */
  evicted = 0;

  constructor(private readonly wallClock?: () => number) {}

  /** Moves the store's clock forward to `time` (never back). */
  advance(time: number): void {
    if (time > this.clock) this.clock = time;
  }

  /** The value under `key`, or undefined when absent or expired. */
  peek<T>(key: string): T | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    if (this.expired(slot)) {
      this.slots.delete(key);
      return undefined;
    }
    return slot.value as T;
  }

  /** The value under `key`, created when absent; its expiry moves to clock + ttlMs. */
  obtain<T>(key: string, create: () => T, ttlMs: number): T {
    let slot = this.slots.get(key);
    if (slot !== undefined && this.expired(slot)) {
      this.slots.delete(key);
      slot = undefined;
    }
    if (slot === undefined) {
      slot = { value: create(), expiresAt: this.clock + ttlMs };
      this.slots.set(key, slot);
      this.sweepNow();
    } else {
      slot.expiresAt = this.clock + ttlMs;
    }
    return slot.value as T;
  }

  /** Sets `key` to `value`, expiring at clock + ttlMs (with `wall`, on the wall clock when there is one). */
  set(key: string, value: unknown, ttlMs: number, options: { wall?: boolean } = {}): void {
    const wall = options.wall === true && this.wallClock !== undefined;
    this.slots.set(
      key,
      wall ? { value, expiresAt: this.wallClock!() + ttlMs, wall } : { value, expiresAt: this.clock + ttlMs },
    );
    this.sweepNow();
  }

  delete(key: string): void {
    this.slots.delete(key);
  }

  get size(): number {
    return this.slots.size;
  }

  /** Drops expired keys once the writes since the last sweep reach half the keys: O(1) amortized. */
  private sweepNow(): void {
    this.writesSinceSweep += 1;
    if (this.writesSinceSweep < Math.max(1024, this.slots.size / 2)) return;
    this.writesSinceSweep = 0;
    for (const [key, slot] of this.slots) if (this.expired(slot)) this.slots.delete(key);
  }

  private expired(slot: Slot): boolean {
    return slot.expiresAt <= (slot.wall === true ? this.wallClock!() : this.clock);
  }
}
