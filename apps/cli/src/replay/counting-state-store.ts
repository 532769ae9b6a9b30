import type {
  AbsenceCheck,
  AliveOutcome,
  AliveRecord,
  CountRecord,
  DistinctRecord,
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
} from '@b2c-alerts/rule-engine';

/**
 * A StateStore that counts, per rule, the events handed to it: the evaluator hands each (rule, event)
 * match to exactly one record* operation, unless it skips the event for lacking a groupBy or distinct
 * field value (EvaluateOptions.onSkipped reports those), so these plus the skipped are the rule's
 * matches, at no extra matching cost.
 */
export class CountingStateStore implements StateStore {
  readonly matches = new Map<string, number>();

  constructor(private readonly inner: StateStore) {}

  recordMatch(record: MatchRecord): Promise<RecordOutcome> {
    this.count(record.ruleId);
    return this.inner.recordMatch(record);
  }

  recordCount(record: CountRecord): Promise<RecordOutcome> {
    this.count(record.ruleId);
    return this.inner.recordCount(record);
  }

  recordDistinct(record: DistinctRecord): Promise<RecordOutcome> {
    this.count(record.ruleId);
    return this.inner.recordDistinct(record);
  }

  recordFirstSeen(record: FirstSeenRecord): Promise<RecordOutcome> {
    this.count(record.ruleId);
    return this.inner.recordFirstSeen(record);
  }

  recordAlive(record: AliveRecord): Promise<AliveOutcome> {
    this.count(record.ruleId);
    return this.inner.recordAlive(record);
  }

  checkAbsence(check: AbsenceCheck): Promise<Silence[]> {
    return this.inner.checkAbsence(check);
  }

  recordSequence(record: SequenceRecord): Promise<SequenceOutcome> {
    this.count(record.ruleId);
    return this.inner.recordSequence(record);
  }

  checkSequences(check: SequenceCheck): Promise<SequenceFiring[]> {
    return this.inner.checkSequences(check);
  }

  recordSpike(record: SpikeRecord): Promise<SpikeOutcome> {
    this.count(record.ruleId);
    return this.inner.recordSpike(record);
  }

  checkSpike(check: SpikeCheck): Promise<SpikeAlert[]> {
    return this.inner.checkSpike(check);
  }

  private count(ruleId: string): void {
    this.matches.set(ruleId, (this.matches.get(ruleId) ?? 0) + 1);
  }
}
