/**
 * Login attempts per client in a sliding minute: past `perMinute`, the client is told to wait until its
 * oldest attempt leaves the window. An attempt is counted when it starts, before the body is read, so
 * parallel guesses cannot all pass the check; a successful login gives its attempt back.
 *
 * Bounded: at most `maxClients` are tracked. When full, a new client takes the place of the least
 * recently seen client that is not limited; when every tracked client is limited, new clients are
 * refused too (for the rest of the minute) rather than letting a flood of addresses free a limited one.
 */
export class LoginLimiter {
  readonly #perMinute: number;
  readonly #now: () => number;
  readonly #attempts = new Map<string, number[]>();
  readonly #maxClients: number;

  constructor(perMinute: number, now: () => number, maxClients = 10_000) {
    this.#perMinute = perMinute;
    this.#now = now;
    this.#maxClients = maxClients;
  }

  /**
   * Counts an attempt of `client` (a clientKey) and returns 0, or returns the seconds it must wait
   * (nothing counted). Synchronous: call it before the first await.
   */
  begin(client: string): number {
    const times = this.#recent(client);
    if (times.length >= this.#perMinute) {
      return Math.max(1, Math.ceil((times[0]! + 60_000 - this.#now()) / 1000));
    }
    if (times.length === 0 && !this.#attempts.has(client) && !this.#makeRoom()) return 60;
    times.push(this.#now());
    this.#attempts.delete(client);
    this.#attempts.set(client, times);
    return 0;
  }

  /** A successful login: its attempt no longer counts. */
  succeeded(client: string): void {
    const times = this.#attempts.get(client);
    times?.pop();
    if (times?.length === 0) this.#attempts.delete(client);
  }

  /** Clients tracked (tests). */
  get size(): number {
    return this.#attempts.size;
  }

  /** Frees a place for a new client: the least recently seen one not limited. False: all are limited. */
  #makeRoom(): boolean {
    if (this.#attempts.size < this.#maxClients) return true;
    for (const key of this.#attempts.keys()) {
      if (this.#recent(key).length < this.#perMinute) {
        this.#attempts.delete(key);
        return true;
      }
    }
    return this.#attempts.size < this.#maxClients;
  }

  #recent(client: string): number[] {
    const since = this.#now() - 60_000;
    const times = (this.#attempts.get(client) ?? []).filter((t) => t > since);
    if (times.length === 0) this.#attempts.delete(client);
    else this.#attempts.set(client, times);
    return times;
  }
}
