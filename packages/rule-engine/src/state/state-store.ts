/**
 * Where aggregations keep their state. Every operation is atomic and keyed by event id: it first claims
 * (rule, event id), and when the claim exists it changes nothing, so a retried batch never counts twice
 * and several evaluators may share one store (RedisStateStore). Times are event times (epoch ms), never
 * arrival times. The evaluator derives every parameter from the rule; stores only apply them. Semantics
 * of each kind: see `evaluation/aggregations/*.ts`.
 *
 * Replay: a step that alerts (or resolves) records that outcome for (rule, event id) in the same atomic
 * step; a later step of the same (rule, event id) that finds it (the claim 'duplicate', or 'stale': the
 * claim already forgotten) returns it again as 'replayed' with identical data and changes nothing. So
 * a worker that dies after the store committed but before it handed the alert on loses nothing: the
 * retried batch gets the same alert again, and consumers drop repeats by alert id (see AlertCandidate).
 * Bound: an outcome lives claimRetentionMs after it was recorded or last replayed, in wall-clock time
 * (RedisStateStore, whatever other batches do to event time meanwhile; MemoryStateStore given a clock)
 * or in the store's event-time clock (MemoryStateStore by default, like `ttlMs`); only outcomes that
 * raise a candidate are kept.
 */
export interface StateStore {
  /** A rule without an aggregate: the claim, then the throttle when the rule has one. */
  recordMatch(record: MatchRecord): Promise<RecordOutcome>;
  recordCount(record: CountRecord): Promise<RecordOutcome>;
  recordDistinct(record: DistinctRecord): Promise<RecordOutcome>;
  recordFirstSeen(record: FirstSeenRecord): Promise<RecordOutcome>;
  /** An event that keeps an absence group alive; resolves the group when it was firing. */
  recordAlive(record: AliveRecord): Promise<AliveOutcome>;
  /**
   * Marks silent absence groups as firing and returns them, each once until it resolves; a check at
   * the same `now` as the one that fired a group (a retried tick) returns it again, `replayed`, while
   * it is still firing.
   */
  checkAbsence(check: AbsenceCheck): Promise<Silence[]>;
  /** An event of a sequence rule: recorded for the steps (and absent clause) it counts for. */
  recordSequence(record: SequenceRecord): Promise<SequenceOutcome>;
  /**
   * Fires the waits of a negative sequence rule whose window closed at or before `now` with no absent
   * event, each once; a check at the same `now` as the one that fired a wait returns it again, `replayed`.
   */
  checkSequences(check: SequenceCheck): Promise<SequenceFiring[]>;
  /** An event of a spike rule: counted in its group's step; judges the group's open windows for a rise. */
  recordSpike(record: SpikeRecord): Promise<SpikeOutcome>;
  /**
   * Judges every group's windows that closed since the last check, both ways, and returns those that
   * alert; a check at the same `now` as an earlier one returns again, `replayed`, what that one fired.
   */
  checkSpike(check: SpikeCheck): Promise<SpikeAlert[]>;
}

/** One alert per throttle key per `forMs` of event time; suppressed matches are counted. */
export interface ThrottleRecord {
  /** The throttle key (see `groupKey`), one state per key. */
  key: string;
  forMs: number;
  /** Alert times are kept this far (event time) behind the newest alert of the key. */
  latenessMs: number;
  /** Idle time after which the key's state may be dropped. */
  ttlMs: number;
}

export interface EventRecord {
  ruleId: string;
  eventId: string;
  /** Event time, epoch ms. */
  time: number;
  /**
   * Event ids are remembered this long behind the rule's newest event time, and as long idle; recorded
   * outcomes (for replay) this long after their last use.
   */
  claimRetentionMs: number;
  /**
   * Idle time after which the rule's aggregate state may be dropped: RedisStateStore sets it as the
   * keys' TTL (wall clock, renewed by every write); MemoryStateStore measures it in event time (the
   * newest event or tick time the store has seen).
   */
  ttlMs: number;
  throttle?: ThrottleRecord;
  /**
   * Event ids a rule keeps claimed at most, whatever the retention: beyond it the oldest claims are
   * forgotten, so a flood cannot grow them; a redelivery of a forgotten one is no longer recognised by
   * the claim (count and distinct still recognise the ids their windows hold).
   */
  maxClaims: number;
  /**
   * Groups a rule keeps at most: the groups of count, distinct and absence, the values of first-seen,
   * the throttle keys of a rule without an aggregate. Beyond it the least recently active ones (by
   * their newest event time) are evicted with their state, and the outcome counts them (`evicted`).
   * A group idle (event time) longer than its state's TTL behind the rule's newest event is dead: it
   * is dropped and not counted.
   */
  maxGroups: number;
}

export type MatchRecord = EventRecord;

export interface CountRecord extends EventRecord {
  groupKey: string;
  windowMs: number;
  threshold: number;
  /** Events more than this behind the group's newest event are ignored (status 'late'). */
  latenessMs: number;
  /** Value of the rule's first `fields` entry, for topValues; undefined when the rule has none. */
  value?: string;
  maxEventIds: number;
}

export interface DistinctRecord extends EventRecord {
  groupKey: string;
  windowMs: number;
  threshold: number;
  /** The distinct field's value; undefined (missing) values are not counted. */
  value?: string;
  maxEventIds: number;
}

export interface FirstSeenRecord extends EventRecord {
  /** The value that must be new: the key of the rule's groupBy facts. */
  groupKey: string;
  learningMs: number;
  /** A value not seen for this long (event time) is forgotten, and new again. */
  forgetAfterMs: number;
}

export interface AliveRecord extends EventRecord {
  groupKey: string;
  groupValues: Record<string, string>;
  windowMs: number;
}

export interface AbsenceCheck {
  ruleId: string;
  /** The time silence is measured up to (event time or a wall clock the caller passes). */
  now: number;
  windowMs: number;
  /** A firing group silent for this long is forgotten (it fired already). */
  forgetAfterMs: number;
  ttlMs: number;
  /**
   * Set for a rule without groupBy: its one group is watched from the first check on, so it fires
   * even when no event ever matched (silence starts at the first check's `now`).
   */
  ungrouped?: { groupKey: string; groupValues: Record<string, string> };
}

/** What was in the window when an aggregate fired. Times are event times, epoch ms. */
export interface WindowSummary {
  count: number;
  firstTime: number;
  lastTime: number;
  /** The earliest `maxEventIds` ids of the window (count stays exact). */
  eventIds: string[];
  topValues?: Array<{ value: string; count: number }>;
}

/** Groups this step evicted to stay within maxGroups (see EventRecord); absent when none. */
export interface Evictions {
  evicted?: number;
}

export type RecordOutcome = Evictions & RecordStatus;

type RecordStatus =
  /** The event was processed for this rule before and raised nothing: nothing changed. */
  | { status: 'duplicate' }
  /**
   * The event was processed for this rule before and raised this alert then: nothing changed, and the
   * same data comes back (a copy), so a retried batch re-emits the identical alert.
   */
  | { status: 'replayed'; suppressed: number; summary?: WindowSummary }
  /** Beyond the kind's lateness bound: remembered as processed, otherwise ignored. */
  | { status: 'late' }
  /** Recorded; nothing fired. */
  | { status: 'quiet' }
  /** The rule fired but its throttle key alerted less than `forMs` before; counted for the next alert. */
  | { status: 'suppressed' }
  | { status: 'alert'; suppressed: number; summary?: WindowSummary };

export type AliveOutcome = Evictions & AliveStatus;

type AliveStatus =
  | { status: 'duplicate' }
  | { status: 'quiet' }
  /** The group was firing and this event ends its silence. */
  | { status: 'resolved'; silenceStart: number; firedAt: number }
  /** This event resolved the group before: the same data again (see RecordOutcome 'replayed'). */
  | { status: 'replayed'; silenceStart: number; firedAt: number };

/** An absence group that has just started firing (or, `replayed`, did at this same `now`). */
export interface Silence {
  groupKey: string;
  groupValues: Record<string, string>;
  /** Time of the group's last matching event (or of the first check, when none ever matched). */
  silenceStart: number;
  /** The `now` of the check that fired. */
  firedAt: number;
  /** True when an earlier check at this same `now` fired the group (it is returned again, unchanged). */
  replayed?: boolean;
}

/** Most steps a sequence may have: RedisStateStore names each step's key in its script's KEYS. */
export const maxSequenceSteps = 5;

/** How one step of a sequence is counted. */
export interface SequenceStepRule {
  /** Events needed (distinct values when `distinct`). */
  threshold: number;
  /** The step's events lie within this. */
  windowMs: number;
  /** Counts the distinct values the record gives (SequenceRecord.values) instead of events. */
  distinct: boolean;
}

export interface SequenceRecord extends EventRecord {
  groupKey: string;
  groupValues: Record<string, string>;
  /** First event of the first step to the last event of the last step, exclusive. */
  windowMs: number;
  /** Events more than this behind the group's newest event are ignored (status 'late'). */
  latenessMs: number;
  steps: SequenceStepRule[];
  /** Per step: whether the event counts for it (for a distinct step, only with a value). */
  matches: boolean[];
  /** Per step: the event's value, for the distinct steps it counts for ('' elsewhere). */
  values: string[];
  /** The negative form: how long after the last step no absent event may come. Undefined: positive form. */
  absentWindowMs?: number;
  /** The event is an absent event (negative form). */
  absent: boolean;
  /**
   * Idle time after which the rule's waits (negative form) may be dropped: longer than a group's own
   * state, so a wait outlives its group's events until a tick fires it.
   */
  waitsTtlMs: number;
  maxEventIds: number;
}

/** What one step of a completed sequence held. Times are event times, epoch ms. */
export interface StepWindow {
  /** Events, or distinct values for a distinct step (exactly its threshold). */
  count: number;
  firstTime: number;
  lastTime: number;
  /** The step's events (a distinct step: the newest of each value), oldest first, maxEventIds at most. */
  eventIds: string[];
}

/** A completed sequence an event raised: `firing` (positive form) or `resolved` (a late absent event). */
export interface SequenceFired {
  state: 'firing' | 'resolved';
  suppressed: number;
  steps: StepWindow[];
}

export type SequenceOutcome = Evictions &
  (
    | { status: 'duplicate' }
    | { status: 'late' }
    | { status: 'quiet' }
    | { status: 'suppressed' }
    /** The steps completed (positive form) or a fired wait turned out wrong (resolved). */
    | { status: 'alert'; fired: SequenceFired }
    /** The event raised this before: the same data again (see RecordOutcome 'replayed'). */
    | { status: 'replayed'; fired: SequenceFired }
  );

export interface SequenceCheck {
  ruleId: string;
  /** Waits whose window closed at or before this fire (event time or a wall clock the caller passes). */
  now: number;
  /** Waits fired this long before `now` are forgotten: a late absent event no longer resolves them. */
  latenessMs: number;
  /** As SequenceRecord.waitsTtlMs. */
  ttlMs: number;
}

/** A wait of a negative sequence that has just fired (or, `replayed`, did at this same `now`). */
export interface SequenceFiring {
  groupKey: string;
  groupValues: Record<string, string>;
  steps: StepWindow[];
  /** When the absent window closed: the last step's completion + the absent window. */
  close: number;
  replayed?: boolean;
}

/** What a spike rule compares; see evaluation/aggregations/spike.ts. Times in ms. */
export interface SpikeParams {
  windowMs: number;
  /** Windows end at multiples of the step (epoch ms); windowMs is a whole number of steps. */
  stepMs: number;
  /** Watch rises: the current count at least `ratio` × the previous one. */
  up?: { ratio: number };
  /** Watch drops: the current count at most (100 − dropPercent)% of the previous one. */
  down?: { dropPercent: number };
  minCurrent: number;
  minPrevious: number;
}

export interface SpikeRecord extends EventRecord {
  groupKey: string;
  groupValues: Record<string, string>;
  spike: SpikeParams;
  /** Events more than this behind the group's newest event are ignored (status 'late'). */
  latenessMs: number;
}

export interface SpikeCheck {
  ruleId: string;
  /** Windows that end at or before this time are judged (event time or a wall clock the caller passes). */
  now: number;
  spike: SpikeParams;
  ttlMs: number;
  /** What a check fired is kept this long behind the newest check's `now`, for a check at the same `now`. */
  replayMs: number;
}

/** A window that spiked. Times are event times, epoch ms. */
export interface SpikeWindow {
  direction: 'up' | 'down';
  /** End of the current window (exclusive): current [end − windowMs, end), previous [end − 2 windowMs, end − windowMs). */
  end: number;
  current: number;
  previous: number;
  /** The newest time counted: `end` for a window judged when it closed, the group's newest event before. */
  lastTime: number;
}

export type SpikeOutcome = Evictions &
  (
    | { status: 'duplicate' | 'late' | 'quiet' }
    /** This event made a window spike ('alert'), or did when first processed ('replayed': the same window). */
    | { status: 'alert' | 'replayed'; window: SpikeWindow }
  );

/** A window a check found spiking (or, `replayed`, one a check at this same `now` found). */
export interface SpikeAlert extends SpikeWindow {
  groupKey: string;
  groupValues: Record<string, string>;
  replayed?: boolean;
}
