import type { AuditEvent } from '@b2c-alerts/audit-client';
import { RuleMatcher, type RuleDefinition, type RuleSet } from '@b2c-alerts/rule-engine';

export interface LearningPeriod {
  ruleId: string;
  learningMs: number;
  /** When the rule stops learning: its first matching event plus its learning; absent when nothing matched. */
  endsAt?: number;
}

function firstSeenRules(
  ruleSet: RuleSet,
): Array<RuleDefinition & { aggregate: { kind: 'first-seen'; learningMs: number } }> {
  return ruleSet.rules.flatMap((rule) =>
    rule.enabled && rule.aggregate?.kind === 'first-seen' ? [{ ...rule, aggregate: rule.aggregate }] : [],
  );
}

/** The longest learning period of the enabled first-seen rules; 0 when there are none. */
export function longestLearningMs(ruleSet: RuleSet): number {
  return Math.max(0, ...firstSeenRules(ruleSet).map((rule) => rule.aggregate.learningMs));
}

/**
 * When each enabled first-seen rule of a pack stops learning. A first-seen rule learns silently from its
 * first matching event for its learning period, so an evaluation that starts before that is flattered
 * (an attack in the period is learned, not alerted) or, with too short a warm-up, noisy: this says which.
 * Watches events only until every such rule has matched once.
 */
export class LearningWatch {
  private readonly periods = new Map<string, LearningPeriod>();
  private readonly matcher: RuleMatcher;
  private pending: number;

  constructor(ruleSet: RuleSet) {
    const rules = firstSeenRules(ruleSet);
    for (const rule of rules) this.periods.set(rule.id, { ruleId: rule.id, learningMs: rule.aggregate.learningMs });
    this.matcher = new RuleMatcher(rules, ruleSet);
    this.pending = rules.length;
  }

  /** True once every enabled first-seen rule has matched an event. */
  get complete(): boolean {
    return this.pending === 0;
  }

  observe(events: readonly AuditEvent[]): void {
    if (this.pending === 0) return;
    for (const event of events)
      for (const rule of this.matcher.match(event)) {
        const period = this.periods.get(rule.id);
        if (period === undefined || period.endsAt !== undefined) continue;
        period.endsAt = event.timestamp + period.learningMs;
        if (--this.pending === 0) return;
      }
  }

  /** Every enabled first-seen rule, in pack order. */
  learningPeriods(): LearningPeriod[] {
    return [...this.periods.values()].map((period) => ({ ...period }));
  }
}
