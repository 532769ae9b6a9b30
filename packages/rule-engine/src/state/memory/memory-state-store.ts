import type { Clock } from '@b2c-alerts/audit-client';
import type {
  AbsenceCheck,
  AliveOutcome,
  AliveRecord,
  CountRecord,
  DistinctRecord,
  Evictions,
  FirstSeenRecord,
  MatchRecord,
  RecordOutcome,
  SequenceCheck,
  SequenceFiring,
  SequenceOutcome,
  SequenceRecord,
  Silence,
  SpikeAlert,
  SpikeCheck,
  SpikeOutcome,
  SpikeRecord,
  StateStore,
} from '../state-store.js';
import { checkAbsence, recordAlive } from './absence.js';
import { alertOutcome, replayedAlert } from './alert-outcome.js';
import { claimEvent } from './claim.js';
import { recordCount } from './count.js';
import { recordDistinct } from './distinct.js';
import { recordFirstSeen } from './first-seen.js';
import { checkSpike, recordSpike } from './spike.js';
import { MemoryKeyspace } from './memory-keyspace.js';
import { checkSequences, recordSequence } from './sequence.js';
import { trackGroup } from './group-index.js';
import { applyThrottle } from './throttle.js';
import { stateKeys } from '../state-keys.js';

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
    return this.record(record.time, () => {
      const replayed = replayedAlert(this.keys, record, claimEvent(this.keys, record));
      if (replayed !== undefined) return replayed;
      const throttle = record.throttle;
      const suppressed = throttle === undefined ? 0 : applyThrottle(this.keys, throttle, record.eventId, record.time);
      if (throttle !== undefined) {
        const group = { key: throttle.key, time: record.time, max: record.maxGroups, idleMs: throttle.ttlMs };
        trackGroup(this.keys, record.ruleId, group, (member) => {
          this.keys.delete(stateKeys.throttleTimes(member));
          this.keys.delete(stateKeys.throttleSuppressed(member));
        });
      }
      return suppressed === undefined ? { status: 'suppressed' } : alertOutcome(this.keys, record, suppressed);
    });
  }

  recordCount(record: CountRecord): Promise<RecordOutcome> {
    return this.record(record.time, () => recordCount(this.keys, record));
  }

  recordDistinct(record: DistinctRecord): Promise<RecordOutcome> {
    return this.record(record.time, () => recordDistinct(this.keys, record));
  }

  recordFirstSeen(record: FirstSeenRecord): Promise<RecordOutcome> {
    return this.record(record.time, () => recordFirstSeen(this.keys, record));
  }

  recordAlive(record: AliveRecord): Promise<AliveOutcome> {
    return this.record(record.time, () => recordAlive(this.keys, record));
  }

  checkAbsence(check: AbsenceCheck): Promise<Silence[]> {
    return this.run(check.now, () => checkAbsence(this.keys, check));
  }

  recordSequence(record: SequenceRecord): Promise<SequenceOutcome> {
    return this.record(record.time, () => recordSequence(this.keys, record));
  }

  checkSequences(check: SequenceCheck): Promise<SequenceFiring[]> {
    return this.run(check.now, () => checkSequences(this.keys, check));
  }

  recordSpike(record: SpikeRecord): Promise<SpikeOutcome> {
    return this.record(record.time, () => recordSpike(this.keys, record));
  }

  checkSpike(check: SpikeCheck): Promise<SpikeAlert[]> {
    return this.run(check.now, () => checkSpike(this.keys, check));
  }

  /** Runs a record operation, adding to its outcome the groups it evicted (as wrapReply does in Redis). */
  private record<T extends Evictions>(time: number, operation: () => T): Promise<T> {
    const before = this.keys.evicted;
    return this.run(time, () => {
      const outcome = operation();
      const evicted = this.keys.evicted - before;
      return evicted > 0 ? { ...outcome, evicted } : outcome;
    });
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
