interface Slot {
  value: unknown;
  expiresAt: number;
}

/**
 * The keys of a MemoryStateStore. A key expires when the newest time the store has seen (event times
 * and absence check times) passes its last write time plus its TTL: idle state is dropped in event
 * time, so a replay of a week holds what its windows need, not the week.
 */
export class MemoryKeyspace {
  private readonly slots = new Map<string, Slot>();
  private clock = Number.NEGATIVE_INFINITY;
  private writes = 0;

  /** Moves the store's clock forward to `time` (never back). */
  advance(time: number): void {
    if (time > this.clock) this.clock = time;
  }

  /** The value under `key`, or undefined when absent or expired. */
  peek<T>(key: string): T | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    if (slot.expiresAt <= this.clock) {
      this.slots.delete(key);
      return undefined;
    }
    return slot.value as T;
  }

  /** The value under `key`, created when absent; its expiry moves to `time + ttlMs` (never earlier). */
  obtain<T>(key: string, create: () => T, time: number, ttlMs: number): T {
    let slot = this.slots.get(key);
    if (slot !== undefined && slot.expiresAt <= this.clock) {
      this.slots.delete(key);
      slot = undefined;
    }
    if (slot === undefined) {
      slot = { value: create(), expiresAt: time + ttlMs };
      this.slots.set(key, slot);
      this.sweepNow();
    } else if (time + ttlMs > slot.expiresAt) {
      slot.expiresAt = time + ttlMs;
    }
    return slot.value as T;
  }

  set(key: string, value: unknown, time: number, ttlMs: number): void {
    const slot = this.slots.get(key);
    const expiresAt = Math.max(time + ttlMs, slot !== undefined && slot.expiresAt > this.clock ? slot.expiresAt : -Infinity);
    this.slots.set(key, { value, expiresAt });
    this.sweepNow();
  }

  delete(key: string): void {
    this.slots.delete(key);
  }

  get size(): number {
    return this.slots.size;
  }

  private sweepNow(): void {
    this.writes += 1;
    if (this.writes % 1024 !== 0) return;
    for (const [key, slot] of this.slots) if (slot.expiresAt <= this.clock) this.slots.delete(key);
  }
}
