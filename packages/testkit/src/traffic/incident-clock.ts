import { formatActivityDateTime } from '../date-time/format-activity-date-time.js';
import type { Prng } from '../random/prng.js';

/** A clock inside one incident: starts at `at` and moves forward by random steps with sub-ms ticks. */
export class IncidentClock {
  private ms: number;
  private ticks: number;
  constructor(
    private readonly prng: Prng,
    at: number,
  ) {
    this.ms = Math.floor(at);
    this.ticks = prng.int(10_000);
  }
  now(): string {
    return formatActivityDateTime(this.ms, this.ticks);
  }
  advance(minMs: number, maxMs: number): void {
    this.ms += this.prng.range(minMs, maxMs);
    this.ticks = this.prng.int(10_000);
  }
}
