import type { AuditEvent } from '@b2c-alerts/audit-client';
import { createConditionCompiler, type EventPredicate } from '../conditions/compile-condition.js';
import type { Condition, RuleContext, RuleDefinition } from '../rule-set/rule-definition.js';

interface CompiledRule {
  index: number;
  rule: RuleDefinition;
  test: EventPredicate;
}

/**
 * The enabled rules, compiled, and indexed by the activities they require, so that an event meets only
 * the rules that can match it. A rule is indexed when its `match` can only hold for listed activities:
 * an `all` with a plain leaf `activity equal X` or `activity in [X, Y]` (or such an `all` nested, or
 * behind a condition reference), or an `any` whose every branch is so indexed. Every other rule is
 * checked for every event. Answers are those of checking every rule, in rule order.
 */
export class RuleMatcher {
  readonly #byActivity = new Map<unknown, CompiledRule[]>();
  readonly #everyEvent: CompiledRule[] = [];
  /** Ids of the rules checked only for their required activities (the others meet every event). */
  readonly indexedRuleIds: readonly string[];

  constructor(rules: RuleDefinition[], context: RuleContext) {
    const compile = createConditionCompiler(context);
    const indexed: Array<{ compiled: CompiledRule; activities: ReadonlySet<unknown> }> = [];
    rules.forEach((rule, index) => {
      if (!rule.enabled) return;
      const compiled: CompiledRule = { index, rule, test: compile(rule.match) };
      const activities = requiredActivities(rule.match, context, new Set());
      if (activities === undefined) this.#everyEvent.push(compiled);
      else indexed.push({ compiled, activities });
    });
    for (const { compiled, activities } of indexed) {
      for (const activity of activities) {
        let list = this.#byActivity.get(activity);
        if (list === undefined) this.#byActivity.set(activity, (list = [...this.#everyEvent]));
        list.push(compiled);
      }
    }
    for (const list of this.#byActivity.values()) list.sort((a, b) => a.index - b.index);
    this.indexedRuleIds = indexed.map(({ compiled }) => compiled.rule.id);
  }

  /** The enabled rules whose `match` holds for `event`, in rule order. */
  match(event: AuditEvent): RuleDefinition[] {
    const candidates = this.#byActivity.get(event.activity) ?? this.#everyEvent;
    const matched: RuleDefinition[] = [];
    for (const candidate of candidates) if (candidate.test(event)) matched.push(candidate.rule);
    return matched;
  }
}

/**
 * The activities outside of which `condition` is false, or undefined when it may hold for any activity.
 * Keys compare like `===` (the Map's SameValueZero differs only for NaN, which is never kept).
 */
function requiredActivities(
  condition: Condition,
  context: RuleContext,
  resolving: Set<string>,
): ReadonlySet<unknown> | undefined {
  if ('any' in condition) {
    if (condition.any.length === 0) return undefined; // an empty `any` is true in json-rules-engine
    const union = new Set<unknown>();
    for (const part of condition.any) {
      const activities = requiredActivities(part, context, resolving);
      if (activities === undefined) return undefined;
      for (const activity of activities) union.add(activity);
    }
    return union;
  }
  if ('all' in condition) {
    let smallest: ReadonlySet<unknown> | undefined;
    for (const part of condition.all) {
      const activities = requiredActivities(part, context, resolving);
      if (activities !== undefined && (smallest === undefined || activities.size < smallest.size))
        smallest = activities;
    }
    return smallest;
  }
  if ('not' in condition) return undefined;
  if ('condition' in condition) {
    const name = condition.condition;
    if (resolving.has(name) || !Object.hasOwn(context.conditions, name)) return undefined;
    resolving.add(name);
    const activities = requiredActivities(context.conditions[name] as Condition, context, resolving);
    resolving.delete(name);
    return activities;
  }
  if (condition.fact !== 'activity' || condition.path) return undefined;
  if (condition.operator === 'equal' && typeof condition.value === 'string') return new Set([condition.value]);
  if (condition.operator === 'in' && Array.isArray(condition.value)) {
    return new Set(condition.value.filter((item) => !Number.isNaN(item)));
  }
  return undefined;
}
