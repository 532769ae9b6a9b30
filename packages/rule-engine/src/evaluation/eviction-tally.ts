import type { Evictions, StateStore } from '../state/state-store.js';

/**
 * A StateStore that passes every call to `store` and adds up, per rule, the groups the store evicted
 * to stay within maxGroups (see EventRecord). One per evaluate call, so concurrent batches on one
 * Evaluator never mix their counts.
 */
export function tallyEvictions(store: StateStore): { store: StateStore; evicted: Map<string, number> } {
  const evicted = new Map<string, number>();
  const note =
    (ruleId: string) =>
    <T extends Evictions>(outcome: T): T => {
      if (outcome.evicted !== undefined) evicted.set(ruleId, (evicted.get(ruleId) ?? 0) + outcome.evicted);
      return outcome;
    };
  return {
    evicted,
    store: {
      recordMatch: (r) => store.recordMatch(r).then(note(r.ruleId)),
      recordCount: (r) => store.recordCount(r).then(note(r.ruleId)),
      recordDistinct: (r) => store.recordDistinct(r).then(note(r.ruleId)),
      recordFirstSeen: (r) => store.recordFirstSeen(r).then(note(r.ruleId)),
      recordAlive: (r) => store.recordAlive(r).then(note(r.ruleId)),
      checkAbsence: (c) => store.checkAbsence(c),
      recordSequence: (r) => store.recordSequence(r).then(note(r.ruleId)),
      checkSequences: (c) => store.checkSequences(c),
      recordSpike: (r) => store.recordSpike(r).then(note(r.ruleId)),
      checkSpike: (c) => store.checkSpike(c),
    },
  };
}
