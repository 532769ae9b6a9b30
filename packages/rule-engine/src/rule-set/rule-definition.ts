import type { AuditEvent } from '@b2c-alerts/audit-client';

export type Severity = 'info' | 'low' | 'medium' | 'high' | 'critical';
export const severities: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];

/** A leaf condition in json-rules-engine's format. `value` may be a fact reference `{ fact, path? }`. */
export interface LeafCondition {
  fact: string;
  operator: string;
  value: unknown;
  path?: string;
  params?: Record<string, unknown>;
  name?: string;
  priority?: number;
}
/** A reference to a named shared condition (json-rules-engine `condition` references). */
export interface ConditionReference {
  condition: string;
  name?: string;
  priority?: number;
}
export interface AllCondition {
  all: Condition[];
  name?: string;
  priority?: number;
}
export interface AnyCondition {
  any: Condition[];
  name?: string;
  priority?: number;
}
export interface NotCondition {
  not: Condition;
  name?: string;
  priority?: number;
}
export type TopLevelCondition = AllCondition | AnyCondition | NotCondition | ConditionReference;
export type Condition = TopLevelCondition | LeafCondition;

/**
 * Fallbacks: facts tried in order, the first present one (neither missing nor '') supplying the value.
 * The value is named after the fact that supplied it (so `alice` as a sign-in name and `alice` as an
 * object id stay apart), or after `as` when the author means them to be one (see group-key.ts).
 */
export interface FirstOf {
  firstOf: string[];
  as?: string;
}
/** One entry of a groupBy, a throttle key or a distinct field: a fact, or fallbacks. */
export type FactChoice = string | FirstOf;

/** Stateful detections evaluated outside json-rules-engine, in event time. */
export type Aggregate =
  | { kind: 'count'; groupBy: FactChoice[]; windowMs: number; threshold: number }
  | { kind: 'distinct'; groupBy: FactChoice[]; windowMs: number; threshold: number; field: FactChoice }
  | { kind: 'first-seen'; groupBy: FactChoice[]; learningMs: number }
  | { kind: 'absence'; groupBy: FactChoice[]; windowMs: number }
  | SequenceAggregate
  | {
      kind: 'spike';
      groupBy: FactChoice[];
      windowMs: number;
      direction: 'up' | 'down' | 'both';
      /** up and both: the current count is at least `ratio` × the previous count (ratio > 1). */
      ratio?: number;
      /** down and both: the current count is at most (100 − dropPercent)% of the previous count. */
      dropPercent?: number;
      minCurrent: number;
      minPrevious: number;
    };

/**
 * Ordered steps on one group (the `groupBy` facts) within `windowMs` (first event of the first step to
 * the last event of the last), each step picking its events among those the rule's `match` selects;
 * with `absent`, the steps followed by no `absent` event within `absent.windowMs`. Semantics in
 * evaluation/aggregations/sequence.ts.
 */
export interface SequenceAggregate {
  kind: 'sequence';
  groupBy: FactChoice[];
  windowMs: number;
  steps: SequenceStep[];
  absent?: { match: TopLevelCondition; windowMs: number };
}

/** One step of a sequence: at least `threshold` events (distinct values of `distinct`) within `windowMs`. */
export interface SequenceStep {
  name: string;
  match: TopLevelCondition;
  threshold: number;
  /** Counts distinct values of this fact instead of events; events without it do not count. */
  distinct?: string;
  windowMs: number;
}

export interface RuleSource {
  file: string;
  /** 1-based line of the rule's `id` in its file, for messages. */
  line: number;
}

/** A validated rule, as the loader produces it and the evaluator consumes it. */
export interface RuleDefinition {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  enabled: boolean;
  tags: string[];
  references: string[];
  runbook?: string;
  match: TopLevelCondition;
  aggregate?: Aggregate;
  /** One alert per rule and key per period; suppressed matches are counted. */
  throttle?: { key: FactChoice[]; forMs: number };
  /**
   * Groups (group-by values, first-seen values, throttle keys) the rule keeps at most; beyond it the
   * least recently active are evicted (a self-alert says so). Unset: the evaluator's default.
   */
  maxGroups?: number;
  /** Route names from rules/routes.yaml. */
  notify: string[];
  /** Facts to show in the alert message, in order. */
  fields: string[];
  source: RuleSource;
}

/** Everything a compiled rule needs besides the event: named lists and shared conditions. */
export interface RuleContext {
  lists: Readonly<Record<string, readonly string[]>>;
  conditions: Readonly<Record<string, TopLevelCondition>>;
}

export interface RuleSet extends RuleContext {
  rules: RuleDefinition[];
  /** Git commit of the rules directory when there is one, else a content hash. */
  version: string;
}

/**
 * What an evaluation hands on: one per rule and group when a rule fires.
 *
 * Delivery is at least once: the evaluator re-emits a candidate, identical in every field, when the
 * event (or absence tick `now`) that raised it is evaluated again, e.g. a batch retried after a worker
 * died between the state update and the hand-off, or overlapping batches of two workers. Consumers must
 * drop repeats by the alert id derived from (groupKey, firstTime, status), which a replay reproduces
 * byte for byte: e.g. mark the id seen with SET NX before acting, with a TTL of at least the longest
 * claim retention of the rules (max(window, throttle period) + lateness), renewed when a repeat is
 * dropped, as the store renews the record a replay comes from.
 */
export interface AlertCandidate {
  ruleId: string;
  severity: Severity;
  title: string;
  /** Stable key of the group (rule id + group/throttle values). */
  groupKey: string;
  groupValues: Record<string, unknown>;
  count: number;
  firstTime: string;
  lastTime: string;
  eventIds: string[];
  /** The event that made the rule fire (the last one for aggregates); absent for absence alerts. */
  event?: AuditEvent;
  /** Matches suppressed by the throttle since the previous alert of this key. */
  suppressed: number;
  /** For distinct/count: the top values seen in the window. */
  topValues?: Array<{ value: string; count: number }>;
  /**
   * spike: the window the current one (firstTime..lastTime, `count`) was compared with: it ends where
   * the current window starts and is as long. A rise when count > previous.count, else a drop.
   */
  previous?: { count: number; firstTime: string; lastTime: string };
  /** absence: `firing` when the silence starts, `resolved` when events return. */
  status: 'firing' | 'resolved';
  /** sequence: the events of each step, in step order (the candidate's eventIds are theirs, in order). */
  steps?: SequenceStepSummary[];
}

/** What one step of a completed sequence held. Times are ISO-8601 UTC, as the candidate's. */
export interface SequenceStepSummary {
  name: string;
  /** Events of the step; for a `distinct` step, its distinct values. */
  count: number;
  firstTime: string;
  lastTime: string;
  /** The step's events (for a `distinct` step the newest of each value), oldest first, maxEventIds at most. */
  eventIds: string[];
}
