import type { Clock } from '@b2c-alerts/audit-client';
import type {
  AbsenceCheck,
  AliveOutcome,
  AliveRecord,
  CountRecord,
  DistinctRecord,
  FirstSeenRecord,
  MatchRecord,
  RecordOutcome,
  Silence,
  StateStore,
} from '../state-store.js';
import { checkAbsence, recordAlive } from './absence.js';
import { alertOutcome, replayedAlert } from './alert-outcome.js';
import { claimEvent } from './claim.js';
import { recordCount } from './count.js';
import { recordDistinct } from './distinct.js';
import { recordFirstSeen } from './first-seen.js';
import { MemoryKeyspace } from './memory-keyspace.js';
import { applyThrottle } from './throttle.js';

export interface MemoryStateStoreOptions {
  /**
   * When given, recorded outcomes (for replay, see StateStore) expire on this clock, as
   * RedisStateStore's do on the wall clock, rather than in event time: for tests that compare the two
   * stores, or a process that retries batches in place. A long replay then holds every alert of the
   * last claim retention of this clock.
   */
  clock?: Clock;
}

/**
 * A StateStore in process memory, for replay, rule tests and backtests: one evaluator, no restarts.
 * Same semantics as RedisStateStore (given a `clock`, to the expiry of recorded outcomes).
 * Each operation runs to completion when called (before its promise is even awaited), so operations
 * apply in call order. Idle state expires in event time (see MemoryKeyspace), which bounds memory on
 * a long replay.
 */
export class MemoryStateStore implements StateStore {
  private readonly keys: MemoryKeyspace;

  constructor(options: MemoryStateStoreOptions = {}) {
    const clock = options.clock;
    this.keys = new MemoryKeyspace(clock === undefined ? undefined : () => clock.now());
  }

  /** Number of keys held, for tests and metrics. */
  get size(): number {
    return this.keys.size;
  }

  recordMatch(record: MatchRecord): Promise<RecordOutcome> {
    return this.run(record.time, () => {
      const replayed = replayedAlert(this.keys, record, claimEvent(this.keys, record));
      if (replayed !== undefined) return replayed;
      const suppressed =
        record.throttle === undefined ? 0 : applyThrottle(this.keys, record.throttle, record.eventId, record.time);
      return suppressed === undefined ? { status: 'suppressed' } : alertOutcome(this.keys, record, suppressed);
    });
  }

  recordCount(record: CountRecord): Promise<RecordOutcome> {
    return this.run(record.time, () => recordCount(this.keys, record));
  }

  recordDistinct(record: DistinctRecord): Promise<RecordOutcome> {
    return this.run(record.time, () => recordDistinct(this.keys, record));
  }

  recordFirstSeen(record: FirstSeenRecord): Promise<RecordOutcome> {
    return this.run(record.time, () => recordFirstSeen(this.keys, record));
  }

  recordAlive(record: AliveRecord): Promise<AliveOutcome> {
    return this.run(record.time, () => recordAlive(this.keys, record));
  }

  checkAbsence(check: AbsenceCheck): Promise<Silence[]> {
    return this.run(check.now, () => checkAbsence(this.keys, check));
  }

  private run<T>(time: number, operation: () => T): Promise<T> {
    try {
      this.keys.advance(time);
      return Promise.resolve(operation());
    } catch (error) {
      return Promise.reject(error as Error);
    }
  }
}
