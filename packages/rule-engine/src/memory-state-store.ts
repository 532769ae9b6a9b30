import type {
  AbsenceCheck, AliveOutcome, AliveRecord, CountRecord, DistinctRecord, FirstSeenRecord, MatchRecord, RecordOutcome,
  Silence, StateStore,
} from './state-store.js';
import { checkAbsence, recordAlive } from './memory-ops/absence.js';
import { alertOutcome, replayedAlert } from './memory-ops/alert-outcome.js';
import { claimEvent } from './memory-ops/claim.js';
import { recordCount } from './memory-ops/count.js';
import { recordDistinct } from './memory-ops/distinct.js';
import { recordFirstSeen } from './memory-ops/first-seen.js';
import { MemoryKeyspace } from './memory-ops/memory-keyspace.js';
import { applyThrottle } from './memory-ops/throttle.js';

/**
 * A StateStore in process memory, for replay, rule tests and backtests: one evaluator, no restarts.
 * Same semantics as RedisStateStore, including the replay of recorded outcomes.
 * Each operation runs to completion when called (before its promise is even awaited), so operations
 * apply in call order. Idle state expires in event time (see MemoryKeyspace), which bounds memory on
 * a long replay.
 */
export class MemoryStateStore implements StateStore {
  private readonly keys = new MemoryKeyspace();

  /** Number of keys held, for tests and metrics. */
  get size(): number {
    return this.keys.size;
  }

  recordMatch(record: MatchRecord): Promise<RecordOutcome> {
    return this.run(record.time, () => {
      const replayed = replayedAlert(this.keys, record, claimEvent(this.keys, record));
      if (replayed !== undefined) return replayed;
      const suppressed = record.throttle === undefined ? 0 : applyThrottle(this.keys, record.throttle, record.eventId, record.time);
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
