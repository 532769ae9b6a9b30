/**
 * Refused logins per client in a sliding minute: past `perMinute`, the client is told to wait until its
 * oldest refusal leaves the window. Bounded: at most `maxClients` are tracked (the oldest dropped).
 */
export class LoginLimiter {
  readonly #perMinute: number;
  readonly #now: () => number;
  readonly #refusals = new Map<string, number[]>();
  readonly #maxClients = 10_000;

  constructor(perMinute: number, now: () => number) {
    this.#perMinute = perMinute;
    this.#now = now;
  }

  /** Seconds the client must wait before trying again, or 0 when it may try now. */
  waitSeconds(client: string): number {
    const times = this.#recent(client);
    if (times.length < this.#perMinute) return 0;
    return Math.max(1, Math.ceil((times[0]! + 60_000 - this.#now()) / 1000));
  }

  refused(client: string): void {
    const times = this.#recent(client);
    times.push(this.#now());
    this.#refusals.delete(client);
    this.#refusals.set(client, times);
    if (this.#refusals.size > this.#maxClients) this.#refusals.delete(this.#refusals.keys().next().value!);
  }

  #recent(client: string): number[] {
    const since = this.#now() - 60_000;
    const times = (this.#refusals.get(client) ?? []).filter((t) => t > since);
    if (times.length === 0) this.#refusals.delete(client);
    return times;
  }
}
