/**
 * Names of the state a StateStore keeps, shared by both stores (RedisStateStore puts its prefix in
 * front). Each name starts with its own family, so names of different families never collide whatever
 * a rule id or group key contains.
 */
export const stateKeys = {
  claims: (ruleId: string) => `claims:${ruleId}`,
  /**
   * The outcome recorded with a claim, for replay (RedisStateStore; MemoryStateStore keeps it in the
   * claims). `\` and `:` in the rule id are escaped, so two (rule, event id) pairs never share a key.
   */
  outcome: (ruleId: string, eventId: string) => `outcome:${ruleId.replace(/[\\:]/g, (c) => `\\${c}`)}:${eventId}`,
  throttleTimes: (throttleKey: string) => `throttle-times:${throttleKey}`,
  throttleSuppressed: (throttleKey: string) => `throttle-suppressed:${throttleKey}`,
  countEvents: (groupKey: string) => `count-events:${groupKey}`,
  countValues: (groupKey: string) => `count-values:${groupKey}`,
  countFired: (groupKey: string) => `count-fired:${groupKey}`,
  distinctValues: (groupKey: string) => `distinct-values:${groupKey}`,
  distinctInfo: (groupKey: string) => `distinct-info:${groupKey}`,
  firstSeenBaseline: (ruleId: string) => `first-seen-baseline:${ruleId}`,
  firstSeenValues: (ruleId: string) => `first-seen-values:${ruleId}`,
  /** The groups of a rule (or its throttle keys) by their newest event time, for maxGroups. */
  groupIndex: (ruleId: string) => `group-index:${ruleId}`,
  absenceGroups: (ruleId: string) => `absence-groups:${ruleId}`,
  absenceStart: (ruleId: string) => `absence-start:${ruleId}`,
  /** A sequence group's events of step `step` (1-based): event id -> time. */
  sequenceStep: (step: number, groupKey: string) => `sequence-step:${step}:${groupKey}`,
  /** A sequence group's events of its `absent` clause: event id -> time. */
  sequenceAbsent: (groupKey: string) => `sequence-absent:${groupKey}`,
  /** A sequence group's reset and scan positions, newest time, and the distinct values of its step events. */
  sequenceInfo: (groupKey: string) => `sequence-info:${groupKey}`,
  /** The waits of a negative sequence rule's groups (steps done, the absent window running or closed). */
  sequenceWaits: (ruleId: string) => `sequence-waits:${ruleId}`,
  /** The groups of a negative sequence rule by the earliest close of their unfired waits, for the tick. */
  sequenceDue: (ruleId: string) => `sequence-due:${ruleId}`,
  /** The groups of a negative sequence rule by the `now` of the tick that last fired one of their waits. */
  sequenceFired: (ruleId: string) => `sequence-fired:${ruleId}`,
  /** Per rule: its watch start, the last judged window end, recent check alerts, and each group's steps. */
  spikeGroups: (ruleId: string) => `spike-groups:${ruleId}`,
  /** Stands in for both throttle keys of a rule without a throttle (RedisStateStore; never written). */
  unused: () => 'unused',
} as const;
